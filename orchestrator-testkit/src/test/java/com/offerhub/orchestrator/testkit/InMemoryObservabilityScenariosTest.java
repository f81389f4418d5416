package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.ObservabilityScenarios;

class InMemoryObservabilityScenariosTest extends ObservabilityScenarios {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }
}

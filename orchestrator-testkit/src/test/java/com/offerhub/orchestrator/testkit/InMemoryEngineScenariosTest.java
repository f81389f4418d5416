package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.EngineScenarios;

class InMemoryEngineScenariosTest extends EngineScenarios {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }
}

package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.FiatScenarios;

class InMemoryFiatScenariosTest extends FiatScenarios {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }
}

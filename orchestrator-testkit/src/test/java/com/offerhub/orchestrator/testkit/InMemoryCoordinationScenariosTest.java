package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.CoordinationScenarios;

class InMemoryCoordinationScenariosTest extends CoordinationScenarios {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }

  @Override
  protected Storage sameDatabase(Storage first) {
    return first;
  }
}

package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.KeyRotationScenarios;

class InMemoryKeyRotationScenariosTest extends KeyRotationScenarios {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }

  @Override
  protected Storage sameDatabase(Storage first) {
    return first;
  }
}

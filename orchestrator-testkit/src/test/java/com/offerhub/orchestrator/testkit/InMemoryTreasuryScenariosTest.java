package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.TreasuryScenarios;

class InMemoryTreasuryScenariosTest extends TreasuryScenarios {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }
}

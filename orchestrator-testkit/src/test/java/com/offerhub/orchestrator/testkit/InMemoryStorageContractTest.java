package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.StorageContract;

class InMemoryStorageContractTest extends StorageContract {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }
}

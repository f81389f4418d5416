package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.EventStreamContract;

class InMemoryEventStreamContractTest extends EventStreamContract {
  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }
}

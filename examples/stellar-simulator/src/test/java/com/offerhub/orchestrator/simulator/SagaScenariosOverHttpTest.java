package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.contract.SagaScenarios;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9: the saga scenarios (steps failing for good after confirmed ones, two runners on one
 * saga) end to end over the real adapters and HTTP to this simulator.
 */
class SagaScenariosOverHttpTest extends SagaScenarios {
  @RegisterExtension
  final OverHttp.PerTest simulators = new OverHttp.PerTest();

  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }

  @Override
  protected Storage sameDatabase(Storage first) {
    return first;
  }

  @Override
  protected TestEngine.Builder configure(TestEngine.Builder builder) {
    return simulators.configure(builder);
  }
}

package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.contract.SagaScenarios;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9: the saga scenarios (steps failing for good after confirmed ones, two runners on one
 * saga) end to end over the real adapters and HTTP to this simulator.
 */
class SagaScenariosOverHttpTest extends SagaScenarios {
  private final List<OverHttp> networks = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final AfterEachCallback stopSimulators = context -> {
    networks.forEach(OverHttp::close);
    networks.clear();
  };

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
    OverHttp network = OverHttp.start();
    networks.add(network);
    return network.configure(builder);
  }
}

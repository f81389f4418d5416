package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.contract.EngineScenarios;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9: every engine scenario end to end, engine -> {@code StellarChainAdapter} and
 * {@code TrustlessEscrowGateway} -> HTTP (Horizon, Soroban RPC, Trustless Work) -> this simulator.
 * Each test engine the scenarios build gets its own simulator.
 */
class EngineScenariosOverHttpTest extends EngineScenarios {
  private final List<OverHttp> networks = new CopyOnWriteArrayList<>();

  /** Stops the simulators after the scenarios' own after-each checks, which still read the chain. */
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
  protected TestEngine.Builder configure(TestEngine.Builder builder) {
    OverHttp network = OverHttp.start();
    networks.add(network);
    return network.configure(builder);
  }

  /** The next submission (the activation's) is refused with 503 before it is applied. */
  @Override
  protected void failNextWalletActivation() {
    networks.get(0).faults().nextSubmits(Faults.Submit.UNAVAILABLE, 1);
  }
}

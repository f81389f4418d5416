package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.contract.EngineScenarios;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9: every engine scenario end to end, engine -> {@code StellarChainAdapter} and
 * {@code TrustlessEscrowGateway} -> HTTP (Horizon, Soroban RPC, Trustless Work) -> this simulator.
 * Each test engine the scenarios build gets its own simulator.
 */
class EngineScenariosOverHttpTest extends EngineScenarios {
  @RegisterExtension
  final OverHttp.PerTest simulators = new OverHttp.PerTest();

  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }

  @Override
  protected TestEngine.Builder configure(TestEngine.Builder builder) {
    return simulators.configure(builder);
  }

  /** The next submission (the activation's) is refused with 503 before it is applied. */
  @Override
  protected void failNextWalletActivation() {
    simulators.first().faults().nextSubmits(Faults.Submit.UNAVAILABLE, 1);
  }
}

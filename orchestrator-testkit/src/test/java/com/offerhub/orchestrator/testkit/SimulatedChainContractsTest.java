package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.testkit.contract.ChainAdapterContract;
import com.offerhub.orchestrator.testkit.contract.EscrowGatewayContract;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;

/** The chain and escrow contract suites against the simulated network. */
class SimulatedChainContractsTest {
  @Nested
  class Chain extends ChainAdapterContract {
    private SimulatedNetwork network;
    private MutableClock clock;

    @Override
    protected ChainAdapter newAdapter() {
      clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
      network = new SimulatedNetwork(clock);
      return network.chainAdapter();
    }

    @Override
    protected void fundFromOutside(String address, Money amount) {
      network.depositFromOutside(address, amount);
    }

    @Override
    protected void passTime(Duration duration) {
      clock.advance(duration);
      network.closeLedger();
    }
  }

  @Nested
  class Escrow extends EscrowGatewayContract {
    private SimulatedNetwork network;

    @Override
    protected void newNetwork(int serviceFeeBps) {
      network = new SimulatedNetwork(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
      network.setServiceFeeBps(serviceFeeBps);
    }

    @Override
    protected ChainAdapter chain() {
      return network.chainAdapter();
    }

    @Override
    protected EscrowGateway gateway() {
      return network.escrowGateway();
    }

    @Override
    protected void fundFromOutside(String address, Money amount) {
      network.depositFromOutside(address, amount);
    }

    @Override
    protected String serviceFeeAccount() {
      return network.serviceFeeAccount();
    }
  }
}

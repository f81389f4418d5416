package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.testkit.InMemoryCoordination;
import com.offerhub.orchestrator.testkit.MutableClock;
import com.offerhub.orchestrator.testkit.contract.ChainAdapterContract;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.stellar.sdk.KeyPair;

/**
 * The chain contract suite against the real {@link StellarChainAdapter} talking to this simulator
 * over HTTP: Horizon, Soroban RPC and friendbot with real XDR, fee-bumps and sponsored reserves.
 */
class StellarChainAdapterContractTest extends ChainAdapterContract {
  private StellarSimulator simulator;
  private StellarChainAdapter adapter;
  private MutableClock clock;

  @Override
  protected ChainAdapter newAdapter() {
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    simulator = StellarSimulator.builder().port(0).host("127.0.0.1").ledgerInterval(Duration.ZERO).clock(clock)
        .start();
    KeyPair funding = KeyPair.random();
    adapter = StellarChainAdapter.create(StellarSettings.builder()
        .horizonUrl(simulator.baseUrl())
        .rpcUrl(simulator.baseUrl() + "/rpc")
        .friendbotUrl(simulator.baseUrl() + "/friendbot")
        .networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", StellarSimulator.TESTNET_USDC_ISSUER)
        .fundingSecret(new SecretSeed(funding.getSecretSeed()))
        .channelsDerivedFromFunding(2)
        .leaseService(new InMemoryCoordination(clock))
        .clock(clock)
        .build());
    adapter.preparePlatformAccounts();
    return adapter;
  }

  @Override
  protected void fundFromOutside(String address, Money amount) {
    simulator.network().depositFromOutside(address, amount);
  }

  @Override
  protected void passTime(Duration duration) {
    clock.advance(duration);
    simulator.network().closeLedger();
  }

  @AfterEach
  void stopSimulator() {
    adapter.close();
    simulator.close();
  }

}

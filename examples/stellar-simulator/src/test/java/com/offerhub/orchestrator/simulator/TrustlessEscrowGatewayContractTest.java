package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkV1Client;
import com.offerhub.orchestrator.testkit.InMemoryCoordination;
import com.offerhub.orchestrator.testkit.contract.EscrowGatewayContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;

/**
 * The escrow gateway contract suite against the real {@link TrustlessEscrowGateway}: Trustless
 * Work's REST API at the simulator's {@code /tw} builds each step, the gateway checks it before
 * signing, and the real {@link StellarChainAdapter} signs, fee-bumps and submits it over HTTP.
 */
class TrustlessEscrowGatewayContractTest extends EscrowGatewayContract {
  private StellarSimulator simulator;
  private StellarChainAdapter adapter;
  private TrustlessEscrowGateway escrow;

  @Override
  protected void newNetwork(int serviceFeeBps) {
    simulator = StellarSimulator.builder().port(0).host("127.0.0.1").ledgerInterval(Duration.ZERO)
        .serviceFeeBps(serviceFeeBps).start();
    adapter = StellarChainAdapter.create(StellarSettings.builder()
        .horizonUrl(simulator.baseUrl())
        .rpcUrl(simulator.baseUrl() + "/rpc")
        .friendbotUrl(simulator.baseUrl() + "/friendbot")
        .networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", StellarSimulator.TESTNET_USDC_ISSUER)
        .fundingSecret(new SecretSeed(KeyPair.random().getSecretSeed()))
        .channelsDerivedFromFunding(2)
        .leaseService(new InMemoryCoordination(Clock.systemUTC()))
        .build());
    adapter.preparePlatformAccounts();
    escrow = TrustlessEscrowGateway.builder()
        .client(TrustlessWorkV1Client.builder().baseUrl(simulator.baseUrl() + "/tw").apiKey(simulator.twApiKey())
            .timeout(Duration.ofSeconds(30)).rateLimiter(RateLimiter.unlimited()).build())
        .network(Network.TESTNET)
        .sorobanRpcUrl(simulator.baseUrl() + "/rpc")
        .usdcIssuer(StellarSimulator.TESTNET_USDC_ISSUER)
        .deployerContract(simulator.network().deployerContract())
        .serviceFeeAddress(StellarSimulator.TRUSTLESS_WORK_FEE_ADDRESS)
        .serviceFeeBps(serviceFeeBps)
        .maxFeeStroops(adapter.settings().maxFeeStroops())
        .build();
  }

  @Override
  protected ChainAdapter chain() {
    return adapter;
  }

  @Override
  protected EscrowGateway gateway() {
    return escrow;
  }

  @Override
  protected void fundFromOutside(String address, Money amount) {
    simulator.network().depositFromOutside(address, amount);
  }

  @Override
  protected String serviceFeeAccount() {
    return StellarSimulator.TRUSTLESS_WORK_FEE_ADDRESS;
  }

  @AfterEach
  void stopSimulator() {
    adapter.close();
    simulator.close();
  }
}

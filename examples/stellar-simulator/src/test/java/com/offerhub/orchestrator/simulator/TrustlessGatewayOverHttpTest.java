package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkException;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkV1Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.KeyPair;

/**
 * The Trustless Work gateway against the simulator's {@code /tw} over HTTP: every transaction the
 * service builds passes the pre-sign check, and signed as it is and sent back through
 * {@code /helper/send-transaction} it does what was asked, down to the stroop.
 */
class TrustlessGatewayOverHttpTest {
  Sim sim;
  TrustlessWorkClient client;
  TrustlessEscrowGateway gateway;
  final AtomicInteger permits = new AtomicInteger();
  KeyPair buyer;
  KeyPair seller;
  KeyPair platform;

  @BeforeEach
  void start() throws Exception {
    sim = Sim.instant();
    RateLimiter counting = permits::incrementAndGet;
    client = TrustlessWorkV1Client.builder().baseUrl(sim.url() + "/tw").apiKey(sim.simulator.twApiKey())
        .timeout(Duration.ofSeconds(30)).rateLimiter(counting).build();
    gateway = TrustlessEscrowGateway.builder().client(client).network(Sim.NETWORK).sorobanRpcUrl(sim.url() + "/rpc")
        .usdcIssuer(StellarSimulator.TESTNET_USDC_ISSUER).deployerContract(sim.simulator.network().deployerContract())
        .serviceFeeAddress(sim.simulator.twFeeAddress()).maxFeeStroops(1_000_000).build();
    buyer = sim.withTrustline();
    seller = sim.withTrustline();
    platform = sim.withTrustline();
    sim.deposit(buyer, "1000");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** Signs the checked transaction with the role's key and sends it through Trustless Work. */
  private TrustlessWorkClient.SendResult send(UnsignedTransaction tx, KeyPair signer) throws Exception {
    assertEquals(signer.getAccountId(), tx.sourceAccount());
    AbstractTransaction parsed = Sim.parse(tx.xdr());
    parsed.sign(signer);
    return client.sendTransaction(parsed.toEnvelopeXdrBase64());
  }

  private String deployed(String amount, int platformFeeBps) throws Exception {
    UnsignedTransaction deploy = gateway.deploy(new EscrowTerms("ord_" + System.nanoTime(), "Logo", "", Money
        .parsePositive(amount), platformFeeBps, buyer.getAccountId(), seller.getAccountId(), seller.getAccountId(),
        buyer.getAccountId(), platform.getAccountId(), platform.getAccountId(), List.of("Logo")));
    String hash = Sim.parse(deploy.xdr()).hashHex();
    TrustlessWorkClient.SendResult sent = send(deploy, platform);
    assertEquals("SUCCESS", sent.status());
    String contract = gateway.deployedContractId(hash);
    assertEquals(sent.contractId(), contract, "Soroban RPC's return value names the contract the service reported");
    return contract;
  }

  @Test
  void aReleaseBuiltByTheServicePassesTheCheckAndPaysExactly() throws Exception {
    String contract = deployed("100.00", 100);
    assertEquals("SUCCESS", send(gateway.fund(contract, buyer.getAccountId(), Money.of(100)), buyer).status());
    EscrowSnapshot funded = gateway.inspect(contract);
    assertTrue(funded.funded());
    assertEquals(Money.of(100), funded.balance());
    assertEquals(100, funded.platformFeeBps());
    assertEquals("SUCCESS", send(gateway.changeMilestoneStatus(contract, 0, "completed", seller.getAccountId()), seller)
        .status());
    assertEquals(List.of("completed"), gateway.inspect(contract).milestoneStatuses());
    assertEquals("SUCCESS", send(gateway.approveMilestone(contract, 0, buyer.getAccountId()), buyer).status());
    assertEquals(List.of(true), gateway.inspect(contract).milestoneApprovals());
    assertEquals("SUCCESS", send(gateway.release(contract, buyer.getAccountId()), buyer).status());
    EscrowSnapshot released = gateway.inspect(contract);
    assertTrue(released.released());
    assertEquals(Money.ZERO, released.balance());
    assertEquals("98.7000000", sim.usdcBalance(seller));
    assertEquals("1.0000000", sim.usdcBalance(platform));
    assertTrue(permits.get() >= 12, "every request took a rate-limit permit: " + permits.get());
  }

  @Test
  void aDisputeResolvedByTheServiceSplitsTheBalance() throws Exception {
    String contract = deployed("80.00", 0);
    send(gateway.fund(contract, buyer.getAccountId(), Money.of(80)), buyer);
    assertEquals("SUCCESS", send(gateway.dispute(contract, buyer.getAccountId()), buyer).status());
    EscrowSnapshot disputed = gateway.inspect(contract);
    assertTrue(disputed.disputed());
    assertFalse(disputed.resolved());
    assertEquals("SUCCESS", send(gateway.resolve(contract, platform.getAccountId(), List.of(
        new Distribution(seller.getAccountId(), Money.of(60)), new Distribution(buyer.getAccountId(), Money.of(20)))),
        platform).status());
    assertTrue(gateway.inspect(contract).resolved());
    assertEquals("59.8200000", sim.usdcBalance(seller));
    assertEquals("939.9400000", sim.usdcBalance(buyer));
  }

  @Test
  void theServicesRefusalArrivesWithItsMessageBeforeAnythingIsSigned() throws Exception {
    String contract = deployed("10.00", 0);
    send(gateway.fund(contract, buyer.getAccountId(), Money.of(10)), buyer);
    TrustlessWorkException early = assertThrows(TrustlessWorkException.class,
        () -> gateway.release(contract, buyer.getAccountId()));
    assertEquals(TrustlessWorkException.Kind.REFUSED, early.kind());
    assertEquals(400, early.status());
    assertTrue(early.getMessage().contains("The escrow must be completed to release earnings"), early.getMessage());
    TrustlessWorkException wrongKey = assertThrows(TrustlessWorkException.class, () -> TrustlessEscrowGateway.builder()
        .client(TrustlessWorkV1Client.builder().baseUrl(sim.url() + "/tw").apiKey("not-the-key")
            .rateLimiter(RateLimiter.unlimited()).build())
        .network(Sim.NETWORK).sorobanRpcUrl(sim.url() + "/rpc").usdcIssuer(StellarSimulator.TESTNET_USDC_ISSUER)
        .deployerContract(sim.simulator.network().deployerContract()).maxFeeStroops(1_000_000).build()
        .inspect(contract));
    assertEquals(401, wrongKey.status());
  }
}

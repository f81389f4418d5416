package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.testkit.InMemoryCoordination;
import com.offerhub.orchestrator.testkit.network.AccountView;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.AssetTypeNative;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.responses.SubmitTransactionResponse;

/**
 * Issue 9: signature, sequence, trustline and fee failures reach the caller of the real adapter as
 * definitive refusals that name the network's result code, nothing applied, over HTTP against the
 * simulator's rules.
 */
class ClearChainErrorsTest {
  private Sim sim;
  private org.stellar.sdk.KeyPair funding;
  private StellarChainAdapter chain;

  @BeforeEach
  void start() {
    sim = Sim.instant();
    funding = org.stellar.sdk.KeyPair.random();
    chain = StellarChainAdapter.create(StellarSettings.builder().horizonUrl(sim.url()).rpcUrl(sim.url() + "/rpc")
        .friendbotUrl(sim.url() + "/friendbot").networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", StellarSimulator.TESTNET_USDC_ISSUER).fundingSecret(new SecretSeed(funding.getSecretSeed()))
        .channelsDerivedFromFunding(0).leaseService(new InMemoryCoordination(Clock.systemUTC())).build());
    chain.preparePlatformAccounts();
  }

  @AfterEach
  void stop() {
    chain.close();
    sim.close();
  }

  private KeyPair active() {
    KeyPair keys = chain.newKeyPair();
    assertTrue(chain.activate(keys.publicKey(), keys.secret()));
    return keys;
  }

  private SubmitResult pay(KeyPair from, String to, String amount, SecretSeed signer) {
    UnsignedTransaction tx = chain.buildPayment(from.publicKey(), to, Money.parsePositive(amount), "ref-" + amount);
    return chain.submit(chain.sign(tx, signer));
  }

  private static void assertRefusedWith(String code, SubmitResult result) {
    assertEquals(SubmitOutcome.REJECTED, result.outcome(), result::toString);
    assertTrue(result.error() != null && result.error().contains(code), () -> "expected " + code + ": " + result);
  }

  @Test
  void aWrongSignatureIsRefusedAsBadAuth() {
    KeyPair a = active();
    KeyPair b = active();
    sim.simulator.network().depositFromOutside(a.publicKey(), Money.of(5));
    assertRefusedWith("tx_bad_auth", pay(a, b.publicKey(), "1.00", b.secret()));
    assertEquals(Money.of(5), chain.usdcBalance(a.publicKey()));
  }

  @Test
  void aSpentSequenceNumberIsRefusedAsBadSeq() {
    KeyPair a = active();
    KeyPair b = active();
    sim.simulator.network().depositFromOutside(a.publicKey(), Money.of(5));
    UnsignedTransaction first = chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(1), "first");
    UnsignedTransaction second = chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(2), "second");
    assertEquals(SubmitOutcome.CONFIRMED, chain.submit(chain.sign(first, a.secret())).outcome());
    assertRefusedWith("tx_bad_seq", chain.submit(chain.sign(second, a.secret())));
    assertEquals(Money.of(1), chain.usdcBalance(b.publicKey()));
  }

  @Test
  void aDestinationWithoutATrustlineOrASourceWithoutTheMoneyIsRefusedByItsOperationCode() throws Exception {
    KeyPair a = active();
    sim.simulator.network().depositFromOutside(a.publicKey(), Money.of(5));
    org.stellar.sdk.KeyPair noTrust = sim.funded();
    assertRefusedWith("op_no_trust", pay(a, noTrust.getAccountId(), "1.00", a.secret()));
    assertRefusedWith("op_underfunded", pay(a, active().publicKey(), "6.00", a.secret()));
    assertEquals(Money.of(5), chain.usdcBalance(a.publicKey()));
  }

  @Test
  void aFundingAccountThatCannotPayTheFeeIsRefusedAsInsufficientBalance() throws Exception {
    KeyPair a = active();
    KeyPair b = active();
    sim.simulator.network().depositFromOutside(a.publicKey(), Money.of(5));
    // Leave the funding account exactly its minimum balance: it can no longer pay any fee-bump.
    AccountView account = sim.simulator.network().account(funding.getAccountId());
    long spare = account.xlm() - account.minBalance() - 100;
    SubmitTransactionResponse drained = sim.submit(funding, new PaymentOperation.Builder(
        sim.funded().getAccountId(), new AssetTypeNative(), Money.ofStroops(spare).toBigDecimal().toPlainString())
        .build());
    assertTrue(drained.isSuccess(), () -> Sim.codes(drained));
    assertRefusedWith("tx_insufficient_balance", pay(a, b.publicKey(), "1.00", a.secret()));
    assertEquals(Money.of(5), chain.usdcBalance(a.publicKey()));
  }
}

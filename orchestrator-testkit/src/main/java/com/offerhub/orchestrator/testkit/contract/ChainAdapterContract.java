package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionLookup;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChainAdapter} must do: keys, idempotent activation, exact payments, signature
 * and sequence checks, one effect per envelope, lookup by hash, expiry, and a payment scan that
 * continues from its cursor without gaps or repeats.
 */
public abstract class ChainAdapterContract {
  protected ChainAdapter chain;

  /** A fresh adapter on a fresh network. */
  protected abstract ChainAdapter newAdapter();

  /** Pays {@code amount} USDC to {@code address} from outside (the account must be active). */
  protected abstract void fundFromOutside(String address, Money amount);

  /** Lets {@code duration} pass on the network, closing a ledger after it. */
  protected abstract void passTime(Duration duration);

  @BeforeEach
  void setUpChain() {
    chain = newAdapter();
  }

  private KeyPair activeAccount() {
    KeyPair keys = chain.newKeyPair();
    assertTrue(chain.activate(keys.publicKey(), keys.secret()));
    return keys;
  }

  private SubmitResult pay(KeyPair from, String to, String amount) {
    UnsignedTransaction tx = chain.buildPayment(from.publicKey(), to, Money.parsePositive(amount), "ref-" + amount);
    return chain.submit(chain.sign(tx, from.secret()));
  }

  @Test
  void keysHaveStellarFormAndAreUnique() {
    KeyPair a = chain.newKeyPair();
    KeyPair b = chain.newKeyPair();
    assertTrue(a.publicKey().matches("G[A-Z2-7]{55}"), a.publicKey());
    assertNotEquals(a.publicKey(), b.publicKey());
    assertFalse(a.secret().toString().contains(new String(a.secret().reveal())));
  }

  @Test
  void activationIsIdempotentAndOpensAUsdcTrustline() {
    KeyPair keys = chain.newKeyPair();
    assertFalse(chain.canReceiveUsdc(keys.publicKey()));
    assertTrue(chain.activate(keys.publicKey(), keys.secret()));
    assertTrue(chain.activate(keys.publicKey(), keys.secret()));
    assertTrue(chain.canReceiveUsdc(keys.publicKey()));
    assertEquals(Money.ZERO, chain.usdcBalance(keys.publicKey()));
  }

  /**
   * Issue 8 item 16: the native XLM balance is readable (zero before the account exists). An
   * adapter whose funding account sponsors wallets' reserves and pays their fees (issue 9 item 2)
   * leaves an active wallet with no XLM of its own, so after activation it is zero or more.
   */
  @Test
  void item16_xlmBalanceIsZeroBeforeActivationAndReadableAfter() {
    KeyPair keys = chain.newKeyPair();
    assertEquals(Money.ZERO, chain.xlmBalance(keys.publicKey()));
    assertTrue(chain.activate(keys.publicKey(), keys.secret()));
    Money xlm = chain.xlmBalance(keys.publicKey());
    assertFalse(xlm.isNegative(), "an active account's XLM balance: " + xlm);
    fundFromOutside(keys.publicKey(), Money.of(5));
    assertEquals(Money.of(5), chain.usdcBalance(keys.publicKey()));
    assertEquals(xlm, chain.xlmBalance(keys.publicKey()), "receiving USDC leaves the XLM balance as it was");
  }

  @Test
  void paymentsMoveExactAmounts() {
    KeyPair a = activeAccount();
    KeyPair b = activeAccount();
    fundFromOutside(a.publicKey(), Money.parsePositive("10.1234567"));
    SubmitResult result = pay(a, b.publicKey(), "3.0000001");
    assertEquals(SubmitOutcome.CONFIRMED, result.outcome());
    assertEquals(Money.parsePositive("7.1234566"), chain.usdcBalance(a.publicKey()));
    assertEquals(Money.parsePositive("3.0000001"), chain.usdcBalance(b.publicKey()));
    TransactionLookup lookup = chain.lookup(result.hash());
    assertEquals(TransactionStatus.SUCCESS, lookup.status());
    assertEquals(TransactionStatus.NOT_FOUND, chain.lookup("00".repeat(32)).status());
  }

  @Test
  void refusedPaymentsChangeNothing() {
    KeyPair a = activeAccount();
    KeyPair noTrust = chain.newKeyPair();
    fundFromOutside(a.publicKey(), Money.of(5));
    assertEquals(SubmitOutcome.REJECTED, pay(a, activeAccount().publicKey(), "6.00").outcome());
    assertFalse(chain.canReceiveUsdc(noTrust.publicKey()));
    KeyPair wrong = activeAccount();
    UnsignedTransaction tx = chain.buildPayment(a.publicKey(), wrong.publicKey(), Money.of(1), "x");
    assertEquals(SubmitOutcome.REJECTED, chain.submit(chain.sign(tx, wrong.secret())).outcome());
    assertEquals(Money.of(5), chain.usdcBalance(a.publicKey()));
  }

  @Test
  void oneEnvelopeHasOneEffectAndSequencesDoNotRepeat() {
    KeyPair a = activeAccount();
    KeyPair b = activeAccount();
    fundFromOutside(a.publicKey(), Money.of(10));
    UnsignedTransaction first = chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(1), "first");
    UnsignedTransaction second = chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(1), "second");
    SignedTransaction signed = chain.sign(first, a.secret());
    assertEquals(SubmitOutcome.CONFIRMED, chain.submit(signed).outcome());
    assertEquals(SubmitOutcome.CONFIRMED, chain.submit(signed).outcome());
    assertEquals(Money.of(1), chain.usdcBalance(b.publicKey()));
    assertEquals(SubmitOutcome.REJECTED, chain.submit(chain.sign(second, a.secret())).outcome(),
        "a second transaction built on the same sequence number must not apply");
    assertEquals(Money.of(1), chain.usdcBalance(b.publicKey()));
  }

  @Test
  void differentReferencesGiveDifferentHashes() {
    KeyPair a = activeAccount();
    KeyPair b = activeAccount();
    UnsignedTransaction one = chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(1), "wd_1");
    UnsignedTransaction two = chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(1), "wd_2");
    assertNotEquals(chain.sign(one, a.secret()).hash(), chain.sign(two, a.secret()).hash());
  }

  @Test
  void anExpiredTransactionNeverApplies() {
    KeyPair a = activeAccount();
    KeyPair b = activeAccount();
    fundFromOutside(a.publicKey(), Money.of(2));
    UnsignedTransaction tx = chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(1), "late");
    SignedTransaction signed = chain.sign(tx, a.secret());
    passTime(Duration.ofMinutes(10));
    assertEquals(SubmitOutcome.REJECTED, chain.submit(signed).outcome());
    TransactionLookup lookup = chain.lookup(signed.hash());
    assertEquals(TransactionStatus.NOT_FOUND, lookup.status());
    assertTrue(lookup.latestLedgerCloseTime().isAfter(signed.validUntil()));
    assertEquals(Money.of(2), chain.usdcBalance(a.publicKey()));
  }

  @Test
  void theScanContinuesFromItsCursorWithoutGapsOrRepeats() {
    KeyPair a = activeAccount();
    KeyPair b = activeAccount();
    PaymentPage start = chain.scanPayments(null, 1000);
    String cursor = start.nextCursor();
    fundFromOutside(a.publicKey(), Money.of(20));
    for (int i = 1; i <= 5; i++) {
      assertEquals(SubmitOutcome.CONFIRMED, pay(a, b.publicKey(), i + ".00").outcome());
    }
    List<IncomingPayment> seen = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int page = 0; page < 20; page++) {
      PaymentPage next = chain.scanPayments(cursor, 2);
      if (next.payments().isEmpty()) {
        assertEquals(cursor, next.nextCursor());
        break;
      }
      seen.addAll(next.payments());
      next.payments().forEach(p -> assertTrue(ids.add(p.transactionHash() + "#" + p.operationIndex())));
      cursor = next.nextCursor();
    }
    List<String> toB = seen.stream().filter(p -> p.to().equals(b.publicKey())).map(p -> p.amount().format()).toList();
    assertEquals(List.of("1.00", "2.00", "3.00", "4.00", "5.00"), toB);
    assertTrue(seen.stream().anyMatch(p -> p.to().equals(a.publicKey()) && p.amount().equals(Money.of(20))));
  }
}

package com.offerhub.orchestrator.stellar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.Account;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.MemoHash;
import org.stellar.sdk.Network;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.SorobanDataBuilder;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.xdr.DecoratedSignature;

/** Signing offline: the wallet signs the inner transaction, the funding account the fee-bump. */
class SigningTest {
  private final Fixtures fixtures = new Fixtures();
  private final StellarChainAdapter chain = StellarChainAdapter.create(fixtures.offline());
  private final KeyPair wallet = KeyPair.random();
  private final String destination = KeyPair.random().getAccountId();
  private final Instant validUntil = Fixtures.NOW.plusSeconds(60);

  @AfterEach
  void close() {
    chain.close();
  }

  private Transaction payment(String reference) {
    return StellarChainAdapter.payment(Network.TESTNET, new Account(wallet.getAccountId(), 7L), destination,
        Fixtures.USDC, Money.parsePositive("12.3456789"), reference, validUntil);
  }

  private static boolean signedBy(AbstractTransaction tx, KeyPair keys) {
    byte[] hash = tx.hash();
    for (DecoratedSignature signature : tx.getSignatures()) {
      if (keys.verify(hash, signature.getSignature().getSignature())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theMemoHashIsTheSha256OfTheReference() {
    Transaction tx = payment("wd_42");
    MemoHash memo = assertInstanceOf(MemoHash.class, tx.getMemo());
    assertArrayEquals(StellarChainAdapter.sha256("wd_42"), memo.getBytes());
    assertNotEquals(tx.hashHex(), payment("wd_43").hashHex(), "the reference changes the hash");
    PaymentOperation op = (PaymentOperation) tx.getOperations()[0];
    assertEquals("12.3456789", op.getAmount());
    assertEquals(destination, op.getDestination());
    assertEquals(100, tx.getFee());
    assertEquals(8L, tx.getSequenceNumber());
    assertEquals(validUntil.getEpochSecond(), tx.getTimeBounds().getMaxTime().longValueExact());
  }

  @Test
  void signingWrapsTheWalletsTransactionInAFeeBumpPaidByTheFundingAccount() throws Exception {
    Transaction tx = payment("wd_1");
    SignedTransaction signed = chain.sign(new UnsignedTransaction(tx.toEnvelopeXdrBase64(), wallet.getAccountId(),
        validUntil), Fixtures.seed(wallet));
    FeeBumpTransaction bump = assertInstanceOf(FeeBumpTransaction.class,
        AbstractTransaction.fromEnvelopeXdr(signed.envelope(), Network.TESTNET));
    assertEquals(fixtures.funding.getAccountId(), bump.getFeeAccount());
    assertEquals(200, bump.getFee(), "base fee 100 for the inner operation and for the bump");
    assertEquals(bump.hashHex(), signed.hash(), "the engine keeps the outer hash");
    assertEquals(tx.hashHex(), bump.getInnerTransaction().hashHex(), "the inner transaction is the one checked");
    assertTrue(signedBy(bump.getInnerTransaction(), wallet));
    assertFalse(signedBy(bump.getInnerTransaction(), fixtures.funding));
    assertTrue(signedBy(bump, fixtures.funding));
    assertEquals(1, bump.getSignatures().size());
    assertEquals(validUntil, signed.validUntil());
  }

  @Test
  void aContractCallOfAUserWalletIsFeeBumpedAtItsOwnFee() throws Exception {
    Transaction call = new TransactionBuilder(new Account(wallet.getAccountId(), 3L), Network.TESTNET)
        .setBaseFee(100_000)
        .addOperation(InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(
            StrKey.encodeContract(new byte[32]), "approve_milestone", List.of()).build())
        .setSorobanData(new SorobanDataBuilder().setResourceFee(99_900).build())
        .addPreconditions(TransactionPreconditions.builder().timeBounds(new TimeBounds(0, validUntil.getEpochSecond()))
            .build())
        .build();
    SignedTransaction signed = chain.sign(new UnsignedTransaction(call.toEnvelopeXdrBase64(), wallet.getAccountId(),
        validUntil), Fixtures.seed(wallet));
    FeeBumpTransaction bump = (FeeBumpTransaction) AbstractTransaction.fromEnvelopeXdr(signed.envelope(),
        Network.TESTNET);
    assertEquals(200_000, bump.getFee(), "the outer fee covers the inner resource fee and both inclusion fees");
    assertEquals(wallet.getAccountId(), bump.getInnerTransaction().getSourceAccount(), "no channel for a user wallet");
    assertTrue(signedBy(bump.getInnerTransaction(), wallet));
  }

  @Test
  void aRefusedTransactionIsNeverSigned() {
    Transaction tx = payment("wd_2");
    String other = KeyPair.random().getAccountId();
    ChainException refused = assertThrows(ChainException.class, () -> chain.sign(
        new UnsignedTransaction(tx.toEnvelopeXdrBase64(), other, validUntil), Fixtures.seed(wallet)));
    assertTrue(refused.getMessage().startsWith("refusing to sign the transaction for " + other));
  }

  @Test
  void noSecretAppearsInExceptionsOrToString() {
    Transaction tx = payment("wd_3");
    String badSeed = "S" + "A".repeat(55);
    IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> chain.sign(
        new UnsignedTransaction(tx.toEnvelopeXdrBase64(), wallet.getAccountId(), validUntil), SecretSeed.of(badSeed)));
    assertFalse(invalid.getMessage().contains(badSeed), invalid.getMessage());
    assertEquals(null, invalid.getCause(), "the SDK's exception is not chained (it may quote input)");

    KeyPair other = KeyPair.random();
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> chain.activate(wallet.getAccountId(), Fixtures.seed(other)));
    assertFalse(mismatch.getMessage().contains(Fixtures.seedText(other)));

    IllegalArgumentException echoed = assertThrows(IllegalArgumentException.class,
        () -> chain.usdcBalance(Fixtures.seedText(wallet)));
    assertFalse(echoed.getMessage().contains(Fixtures.seedText(wallet)), echoed.getMessage());

    StellarSettings settings = fixtures.settings("http://h/", "http://r/")
        .channelSecrets(List.of(Fixtures.seed(fixtures.channel))).build();
    for (String text : List.of(settings.toString(), chain.toString())) {
      assertFalse(text.contains(Fixtures.seedText(fixtures.funding)), text);
      assertFalse(text.contains(Fixtures.seedText(fixtures.channel)), text);
    }
    assertTrue(settings.toString().contains(fixtures.funding.getAccountId()));
    com.offerhub.orchestrator.spi.chain.KeyPair fresh = chain.newKeyPair();
    assertFalse(fresh.toString().contains(new String(fresh.secret().reveal())));
  }

  @Test
  void newKeysAreStellarKeysWhoseSeedRoundTrips() {
    com.offerhub.orchestrator.spi.chain.KeyPair keys = chain.newKeyPair();
    char[] seed = keys.secret().reveal();
    assertEquals(keys.publicKey(), KeyPair.fromSecretSeed(seed).getAccountId());
  }
}

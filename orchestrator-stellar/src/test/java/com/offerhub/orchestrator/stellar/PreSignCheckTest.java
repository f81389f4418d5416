package com.offerhub.orchestrator.stellar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.spi.chain.ChainException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.Account;
import org.stellar.sdk.AssetTypeCreditAlphaNum4;
import org.stellar.sdk.AssetTypeNative;
import org.stellar.sdk.ExtendFootprintTTLOperation;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Operation;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.SorobanDataBuilder;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionPreconditions;

/** The checks made before any key signs, on transactions built with the SDK. */
class PreSignCheckTest {
  private static final Network NET = Network.TESTNET;
  private static final long MAX_FEE = 500_000;
  private final PreSignCheck check = new PreSignCheck(NET, MAX_FEE, "USDC", Fixtures.ISSUER);
  private final KeyPair wallet = KeyPair.random();
  private final String destination = KeyPair.random().getAccountId();
  private final String contract = StrKey.encodeContract(new byte[32]);
  private final long inOneMinute = Fixtures.NOW.getEpochSecond() + 60;

  private TransactionBuilder builder(String source, long fee, long maxTime) {
    return new TransactionBuilder(new Account(source, 41L), NET)
        .setBaseFee(fee)
        .addPreconditions(TransactionPreconditions.builder().timeBounds(new TimeBounds(0, maxTime)).build());
  }

  private Operation usdcPayment() {
    return new PaymentOperation.Builder(destination, Fixtures.USDC, "1.5").build();
  }

  private Operation contractCall() {
    return InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(contract, "fund_escrow", List.of()).build();
  }

  private String xdr(Transaction tx) {
    return tx.toEnvelopeXdrBase64();
  }

  private String refusal(String envelope) {
    return assertThrows(ChainException.class, () -> check.check(envelope, wallet.getAccountId(), Fixtures.NOW))
        .getMessage();
  }

  @Test
  void aUsdcPaymentAndAContractCallOfTheWalletPass() {
    Transaction payment = builder(wallet.getAccountId(), 100, inOneMinute).addOperation(usdcPayment()).build();
    assertEquals(payment.hashHex(), check.check(xdr(payment), wallet.getAccountId(), Fixtures.NOW).hashHex());
    Transaction call = builder(wallet.getAccountId(), 100_000, inOneMinute).addOperation(contractCall())
        .setSorobanData(new SorobanDataBuilder().setResourceFee(99_900).build()).build();
    assertEquals(call.hashHex(), check.check(xdr(call), wallet.getAccountId(), Fixtures.NOW).hashHex());
  }

  @Test
  void aTransactionOfAnotherSourceIsRefused() {
    String other = KeyPair.random().getAccountId();
    String message = refusal(xdr(builder(other, 100, inOneMinute).addOperation(usdcPayment()).build()));
    assertTrue(message.contains("source account is " + other), message);
  }

  @Test
  void aFeeAboveTheCapIsRefused() {
    Transaction tx = builder(wallet.getAccountId(), MAX_FEE + 1, inOneMinute).addOperation(contractCall())
        .setSorobanData(new SorobanDataBuilder().build()).build();
    String message = refusal(xdr(tx));
    assertTrue(message.contains("fee of " + (MAX_FEE + 1) + " stroops exceeds the cap of " + MAX_FEE), message);
  }

  @Test
  void aTransactionWithoutAnUpperTimeBoundIsRefused() {
    String message = refusal(xdr(builder(wallet.getAccountId(), 100, 0).addOperation(usdcPayment()).build()));
    assertTrue(message.contains("no upper time bound"), message);
  }

  @Test
  void aTransactionValidForMoreThanAnHourIsRefused() {
    long tooLate = Fixtures.NOW.getEpochSecond() + 3601;
    String message = refusal(xdr(builder(wallet.getAccountId(), 100, tooLate).addOperation(usdcPayment()).build()));
    assertTrue(message.contains("more than one hour ahead"), message);
    Transaction inAnHour = builder(wallet.getAccountId(), 100, tooLate - 1).addOperation(usdcPayment()).build();
    assertEquals(inAnHour.hashHex(), check.check(xdr(inAnHour), wallet.getAccountId(), Fixtures.NOW).hashHex());
  }

  @Test
  void twoOperationsAreRefused() {
    Transaction two = builder(wallet.getAccountId(), 100, inOneMinute).addOperation(usdcPayment())
        .addOperation(usdcPayment()).build();
    assertTrue(refusal(xdr(two)).contains("it has 2 operations; exactly one is signed"));
  }

  @Test
  void aContractCallWithAnotherOperationIsRefused() {
    Transaction mixed = builder(wallet.getAccountId(), 100, inOneMinute).addOperation(contractCall())
        .addOperation(usdcPayment()).build();
    assertTrue(refusal(xdr(mixed)).contains("it has 2 operations"));
  }

  @Test
  void anOperationActingForAnotherAccountIsRefused() {
    String victim = KeyPair.random().getAccountId();
    Operation theft = new PaymentOperation.Builder(destination, Fixtures.USDC, "100").setSourceAccount(victim).build();
    String message = refusal(xdr(builder(wallet.getAccountId(), 100, inOneMinute).addOperation(theft).build()));
    assertTrue(message.contains("acts for another account, " + victim), message);
  }

  @Test
  void otherAssetsAndOtherOperationsAreRefused() {
    Operation xlm = new PaymentOperation.Builder(destination, new AssetTypeNative(), "1").build();
    assertTrue(refusal(xdr(builder(wallet.getAccountId(), 100, inOneMinute).addOperation(xlm).build()))
        .contains("not in USDC of " + Fixtures.ISSUER));
    Operation fake = new PaymentOperation.Builder(destination,
        new AssetTypeCreditAlphaNum4("USDC", KeyPair.random().getAccountId()), "1").build();
    assertTrue(refusal(xdr(builder(wallet.getAccountId(), 100, inOneMinute).addOperation(fake).build()))
        .contains("not in USDC"));
    Operation extend = ExtendFootprintTTLOperation.builder().extendTo(1000L).build();
    Transaction tx = builder(wallet.getAccountId(), 100, inOneMinute).addOperation(extend)
        .setSorobanData(new SorobanDataBuilder().build()).build();
    assertTrue(refusal(xdr(tx)).contains("neither a USDC payment nor a contract call"));
  }

  @Test
  void aFeeBumpEnvelopeOrGarbageIsRefused() {
    Transaction inner = builder(wallet.getAccountId(), 100, inOneMinute).addOperation(usdcPayment()).build();
    FeeBumpTransaction bump = new FeeBumpTransaction.Builder(inner).setBaseFee(100)
        .setFeeAccount(KeyPair.random().getAccountId()).build();
    assertTrue(refusal(bump.toEnvelopeXdrBase64()).contains("fee-bump envelope"));
    assertTrue(refusal("AAAA not xdr").contains("not a readable transaction envelope"));
  }
}

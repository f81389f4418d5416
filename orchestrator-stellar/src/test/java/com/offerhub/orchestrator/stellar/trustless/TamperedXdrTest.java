package com.offerhub.orchestrator.stellar.trustless;

import static com.offerhub.orchestrator.stellar.trustless.FakeTrustlessWork.addr;
import static com.offerhub.orchestrator.stellar.trustless.FakeTrustlessWork.field;
import static com.offerhub.orchestrator.stellar.trustless.FakeTrustlessWork.invocation;
import static com.offerhub.orchestrator.stellar.trustless.FakeTrustlessWork.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import com.offerhub.orchestrator.stellar.trustless.FakeTrustlessWork.Spec;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.stellar.sdk.Asset;
import org.stellar.sdk.AssetTypeNative;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Memo;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;

/**
 * Every step's transaction, tampered with in each way a compromised Trustless Work could try, is
 * refused before signing; the honest transaction of every step passes.
 */
class TamperedXdrTest {
  static final long FEE_CAP = 1_000_000;
  static final String BUYER = KeyPair.random().getAccountId();
  static final String SELLER = KeyPair.random().getAccountId();
  static final String PLATFORM = KeyPair.random().getAccountId();
  static final String ATTACKER = KeyPair.random().getAccountId();
  static final String FEE_ADDRESS = KeyPair.random().getAccountId();
  static final String CONTRACT = StrKey.encodeContract(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
  static final String OTHER_CONTRACT = StrKey.encodeContract(new byte[32]);
  static final String USDC_CONTRACT = usdcContract();

  enum Step { DEPLOY, FUND, CHANGE_STATUS, APPROVE, RELEASE, DISPUTE, RESOLVE }

  /** A change to the honest transaction, and the words the refusal must contain. */
  enum Tamper {
    WRONG_SOURCE("its source is", (step, s) -> s.source = ATTACKER),
    WRONG_CONTRACT("calls contract", (step, s) -> s.contract = OTHER_CONTRACT),
    WRONG_FUNCTION("calls function", (step, s) -> s.function = "transfer"),
    CHANGED_AMOUNT("argument", TamperedXdrTest::changeAmount),
    CHANGED_PARTY("argument", TamperedXdrTest::changeParty),
    EXTRA_OPERATION("2 operations", (step, s) -> s.extraOperations.add(
        new PaymentOperation.Builder(ATTACKER, new AssetTypeNative(), "100").build())),
    EXTRA_AUTH_SUB_INVOCATION("also covers transfer", (step, s) -> s.subInvocations.add(invocation(USDC_CONTRACT,
        "transfer", List.of(addr(s.source), addr(ATTACKER), Scv.toInt128(BigInteger.valueOf(1_000_000_000L)))))),
    FEE_ABOVE_CAP("above the cap", (step, s) -> s.fee = FEE_CAP + 1),
    NO_TIME_BOUNDS("no upper time bound", (step, s) -> s.stripTimeBounds = true),
    UNBOUNDED_MAX_TIME("no upper time bound", (step, s) -> s.bounds = new TimeBounds(0, 0)),
    FAR_MAX_TIME("more than 3600 s away", (step, s) -> s.bounds = new TimeBounds(0,
        Instant.now().getEpochSecond() + 86_400)),
    EXPIRED("already passed", (step, s) -> s.bounds = new TimeBounds(0, Instant.now().getEpochSecond() - 5)),
    FEE_BUMP("fee-bump", (step, s) -> s.feeBumpSource = ATTACKER),
    MEMO("memo", (step, s) -> s.memo = Memo.text("pay me")),
    OPERATION_SOURCE("operation's source", (step, s) -> s.operationSource = ATTACKER),
    EXTRA_AUTH_ENTRY("2 authorization entries", (step, s) -> {
      org.stellar.sdk.xdr.SorobanAuthorizationEntry extra = new org.stellar.sdk.xdr.SorobanAuthorizationEntry();
      extra.setCredentials(new org.stellar.sdk.xdr.SorobanCredentials());
      extra.getCredentials().setDiscriminant(org.stellar.sdk.xdr.SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT);
      extra.setRootInvocation(invocation(USDC_CONTRACT, "transfer", List.of(addr(s.source), addr(ATTACKER),
          Scv.toInt128(BigInteger.TEN))));
      s.extraAuth.add(extra);
    }),
    OTHER_SIGNER_CREDENTIALS("not the source account's own", (step, s) -> s.addressCredentialsFor = PLATFORM),
    AUTH_FOR_OTHER_ARGUMENTS("other arguments", (step, s) -> {
      s.authArgs = new ArrayList<>(s.args);
      s.authArgs.add(Scv.toVoid());
    });

    final String refusal;
    final BiConsumer<String, Spec> change;

    Tamper(String refusal, BiConsumer<String, Spec> change) {
      this.refusal = refusal;
      this.change = change;
    }
  }

  static Stream<Arguments> everyStepAndTamper() {
    List<Arguments> all = new ArrayList<>();
    for (Step step : Step.values()) {
      for (Tamper tamper : Tamper.values()) {
        all.add(Arguments.of(step, tamper));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} with {1} is refused")
  @MethodSource("everyStepAndTamper")
  void tamperedTransactionIsRefusedBeforeSigning(Step step, Tamper tamper) {
    FakeTrustlessWork tw = new FakeTrustlessWork(ContractVariant.B, TrustlessEscrowGateway.SIMULATOR_DEPLOYER,
        FEE_ADDRESS);
    tw.tamper = spec -> tamper.change.accept(spec.step, spec);
    TrustlessEscrowGateway gateway = gateway(tw, ContractVariant.B);
    EscrowGatewayException refused = assertThrows(EscrowGatewayException.class, () -> run(gateway, step));
    assertEquals(0, refused.status());
    assertTrue(refused.getMessage().contains("refused before signing"), refused.getMessage());
    assertTrue(refused.getMessage().contains(tamper.refusal), refused.getMessage());
  }

  @ParameterizedTest(name = "honest {0} passes")
  @EnumSource(Step.class)
  void honestTransactionPassesForEveryStep(Step step) {
    FakeTrustlessWork tw = new FakeTrustlessWork(ContractVariant.B, TrustlessEscrowGateway.SIMULATOR_DEPLOYER,
        FEE_ADDRESS);
    UnsignedTransaction tx = run(gateway(tw, ContractVariant.B), step);
    assertEquals(signer(step), tx.sourceAccount());
    long untilNow = tx.validUntil().getEpochSecond() - Instant.now().getEpochSecond();
    assertTrue(untilNow > 250 && untilNow <= 300, "valid until is the transaction's max time: " + untilNow);
  }

  @ParameterizedTest(name = "variant A {0}")
  @EnumSource(value = Step.class, names = {"DEPLOY", "RELEASE", "RESOLVE"})
  void variantAUsesItsOwnFunctionAndArguments(Step step) {
    FakeTrustlessWork honestA = new FakeTrustlessWork(ContractVariant.A, TrustlessEscrowGateway.SIMULATOR_DEPLOYER,
        FEE_ADDRESS);
    assertEquals(signer(step), run(gateway(honestA, ContractVariant.A), step).sourceAccount());
    FakeTrustlessWork builtForB = new FakeTrustlessWork(ContractVariant.B, TrustlessEscrowGateway.SIMULATOR_DEPLOYER,
        FEE_ADDRESS);
    assertThrows(EscrowGatewayException.class, () -> run(gateway(builtForB, ContractVariant.A), step),
        "a [B] transaction is not what an [A] gateway asked for");
  }

  @Test
  void fundMayAuthorizeExactlyTheTransferIntoTheEscrow() {
    FakeTrustlessWork tw = new FakeTrustlessWork(ContractVariant.B, TrustlessEscrowGateway.SIMULATOR_DEPLOYER,
        FEE_ADDRESS);
    tw.tamper = s -> s.subInvocations.add(invocation(USDC_CONTRACT, "transfer", List.of(addr(BUYER), addr(CONTRACT),
        Scv.toInt128(BigInteger.valueOf(1_000_000_000L)))));
    assertEquals(BUYER, run(gateway(tw, ContractVariant.B), Step.FUND).sourceAccount());
    tw.tamper = s -> s.subInvocations.add(invocation(USDC_CONTRACT, "transfer", List.of(addr(BUYER), addr(CONTRACT),
        Scv.toInt128(BigInteger.valueOf(1_000_000_001L)))));
    EscrowGatewayException more = assertThrows(EscrowGatewayException.class,
        () -> run(gateway(tw, ContractVariant.B), Step.FUND));
    assertTrue(more.getMessage().contains("also covers transfer"), more.getMessage());
  }

  @Test
  void aRefusalNamesTheStepAndWhatDiffered() {
    FakeTrustlessWork tw = new FakeTrustlessWork(ContractVariant.B, TrustlessEscrowGateway.SIMULATOR_DEPLOYER,
        FEE_ADDRESS);
    tw.tamper = s -> changeParty("resolve", s);
    EscrowGatewayException e = assertThrows(EscrowGatewayException.class,
        () -> run(gateway(tw, ContractVariant.B), Step.RESOLVE));
    assertEquals("Trustless Work's resolve transaction was refused before signing: argument distributions pays "
        + "600000000 stroops to " + ATTACKER + ", who was not asked for", e.getMessage());
    assertFalse(e.getMessage().contains("AAAA"), "no XDR in the message");
  }

  static String signer(Step step) {
    return switch (step) {
      case DEPLOY, RESOLVE -> PLATFORM;
      case CHANGE_STATUS -> SELLER;
      default -> BUYER;
    };
  }

  static TrustlessEscrowGateway gateway(FakeTrustlessWork tw, ContractVariant variant) {
    return TrustlessEscrowGateway.builder().client(tw).network(FakeTrustlessWork.NETWORK)
        .sorobanRpcUrl("http://127.0.0.1:9/rpc").usdcIssuer(FakeTrustlessWork.ISSUER).variant(variant)
        .serviceFeeAddress(FEE_ADDRESS).maxFeeStroops(FEE_CAP).build();
  }

  static UnsignedTransaction run(TrustlessEscrowGateway gateway, Step step) {
    return switch (step) {
      case DEPLOY -> gateway.deploy(new EscrowTerms("ord_1", "Logo", "A logo", Money.of(100), 250, BUYER, SELLER, SELLER,
          BUYER, PLATFORM, PLATFORM, List.of("Logo")));
      case FUND -> gateway.fund(CONTRACT, BUYER, Money.of(100));
      case CHANGE_STATUS -> gateway.changeMilestoneStatus(CONTRACT, 0, "completed", SELLER);
      case APPROVE -> gateway.approveMilestone(CONTRACT, 0, BUYER);
      case RELEASE -> gateway.release(CONTRACT, BUYER);
      case DISPUTE -> gateway.dispute(CONTRACT, BUYER);
      case RESOLVE -> gateway.resolve(CONTRACT, PLATFORM, List.of(new Distribution(SELLER, Money.of(60)),
          new Distribution(BUYER, Money.of(40))));
    };
  }

  /** The argument carrying money (or, for steps without money, the milestone index or an extra argument). */
  static void changeAmount(String step, Spec s) {
    switch (step) {
      case "deploy" -> s.args.set(2, withField(s.args.get(2), "amount", Scv.toInt128(
          Scv.fromInt128(field(s.args.get(2), "amount")).add(BigInteger.ONE))));
      case "fund" -> s.args.set(2, Scv.toInt128(Scv.fromInt128(s.args.get(2)).add(BigInteger.ONE)));
      case "change milestone status", "approve milestone" -> s.args.set(0, Scv.toInt128(BigInteger.ONE));
      case "release" -> s.args.set(1, addr(ATTACKER));
      case "dispute" -> s.args.add(Scv.toInt128(BigInteger.ONE));
      case "resolve" -> s.args.set(2, payees(s.args.get(2), SELLER, SELLER, BigInteger.ONE));
      default -> throw new IllegalArgumentException(step);
    }
  }

  /** The argument naming a party: a role, the signer argument, a payee. */
  static void changeParty(String step, Spec s) {
    switch (step) {
      case "deploy" -> s.args.set(2, withField(s.args.get(2), "roles", withField(field(s.args.get(2), "roles"),
          "receiver", addr(ATTACKER))));
      case "fund", "release", "dispute", "resolve" -> {
        if (step.equals("resolve")) {
          s.args.set(2, payees(s.args.get(2), SELLER, ATTACKER, BigInteger.ZERO));
        } else {
          s.args.set(0, addr(ATTACKER));
        }
      }
      case "change milestone status" -> s.args.set(3, addr(ATTACKER));
      case "approve milestone" -> s.args.set(1, addr(ATTACKER));
      default -> throw new IllegalArgumentException(step);
    }
  }

  /** The payee map with {@code from}'s entry paid to {@code to}, plus {@code extra} stroops. */
  static SCVal payees(SCVal map, String from, String to, BigInteger extra) {
    LinkedHashMap<SCVal, SCVal> copy = new LinkedHashMap<>();
    Scv.fromMap(map).forEach((k, v) -> {
      boolean hit = k.equals(addr(from));
      copy.put(hit ? addr(to) : k, hit ? Scv.toInt128(Scv.fromInt128(v).add(extra)) : v);
    });
    return Scv.toMap(copy);
  }

  static String usdcContract() {
    try {
      return Asset.create("USDC:" + FakeTrustlessWork.ISSUER).getContractId(FakeTrustlessWork.NETWORK);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

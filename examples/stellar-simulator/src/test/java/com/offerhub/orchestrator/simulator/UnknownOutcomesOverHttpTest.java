package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.OpenDisputeRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.ResolveDisputeRequest;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.StepState;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.network.EscrowArgs;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.Network;
import org.stellar.sdk.Transaction;

/**
 * Issue 9: every on-chain step of the engine with an unknown outcome at the HTTP layer, engine ->
 * {@code StellarChainAdapter} / {@code TrustlessEscrowGateway} -> HTTP -> this simulator. Either the
 * step's transaction was applied and its answer lost (a 504, or no answer before the client's
 * timeout), or it was not applied (a 504 before applying, held past the client's timeout and
 * dropped, or refused unapplied until its time bound passed); for the Trustless Work steps also the
 * REST call that builds the transaction (500, 429, slower than the client's timeout).
 *
 * <p>Each case ends with exactly one effect per step on chain, the books equal to the chain and the
 * ledger clean, every saga COMPLETED (never FAILED for a lost answer), and no second transaction
 * for a step built before the first one's time bound had passed.
 */
class UnknownOutcomesOverHttpTest {
  /** Trustless Work's client timeout here: the shortest it accepts, so a slow build costs little. */
  private static final Duration TW_TIMEOUT = Duration.ofSeconds(1);
  /** How long a stalled request is held: past every client timeout of {@link OverHttp}. */
  private static final long STALL_MILLIS = OverHttp.CLIENT_TIMEOUT.toMillis() + 2_000;

  /** The engine's on-chain steps, by saga action, with the Trustless Work endpoint that builds each. */
  enum Step {
    ACTIVATION(null, null, null),
    DEPLOY("deploy", "/deployer/single-release", EscrowArgs.DEPLOY_B),
    FUND("fund", "/escrow/single-release/fund-escrow", EscrowArgs.FUND),
    COMPLETE("complete:0", "/escrow/single-release/change-milestone-status", EscrowArgs.CHANGE_STATUS),
    APPROVE("approve:0", "/escrow/single-release/approve-milestone", EscrowArgs.APPROVE),
    RELEASE("release", "/escrow/single-release/release-funds", EscrowArgs.RELEASE),
    DISPUTE("dispute", "/escrow/single-release/dispute-escrow", EscrowArgs.DISPUTE),
    RESOLVE("resolve", "/escrow/single-release/resolve-dispute", EscrowArgs.RESOLVE),
    PAYMENT("payment", null, null);

    final String action;
    final String endpoint;
    final String function;

    Step(String action, String endpoint, String function) {
      this.action = action;
      this.endpoint = endpoint;
      this.function = function;
    }

    boolean onTheDisputePath() {
      return this == DISPUTE || this == RESOLVE;
    }
  }

  /** What happens to the step's submission. */
  enum ChainFault {
    /** Applied, then answered 504. */
    APPLIED_THEN_504(Faults.Submit.TIMEOUT_AFTER_APPLY, 1),
    /** Applied, then no answer until the client gave up. */
    APPLIED_THEN_SILENCE(Faults.Submit.STALL_AFTER_APPLY, 1),
    /** Answered 504 before it was applied. */
    UNAPPLIED_504(Faults.Submit.TIMEOUT, 1),
    /** Held past the client's timeout, never applied. */
    UNAPPLIED_SILENCE(Faults.Submit.STALL, 1),
    /** Every submission answered 504 unapplied until the transaction's time bound had passed. */
    UNAPPLIED_UNTIL_EXPIRED(Faults.Submit.TIMEOUT, Integer.MAX_VALUE);

    final Faults.Submit mode;
    final int count;

    ChainFault(Faults.Submit mode, int count) {
      this.mode = mode;
      this.count = count;
    }
  }

  /** What happens to the Trustless Work call that builds the step. */
  enum BuildFault { STATUS_500, STATUS_429, SLOWER_THAN_THE_CLIENT }

  /**
   * Every step with every fault, except that the two silences (each costs a client timeout) run on
   * one step per way a submission travels: Horizon for the adapter's own activation and for a saga's
   * payment, Soroban RPC for a platform call on a channel account (deploy) and for a user's call
   * (release).
   */
  static Stream<Arguments> chainCases() {
    List<Arguments> cases = new ArrayList<>();
    Set<Step> silenced = Set.of(Step.ACTIVATION, Step.PAYMENT, Step.DEPLOY, Step.RELEASE);
    for (Step step : Step.values()) {
      for (ChainFault fault : ChainFault.values()) {
        boolean silence = fault == ChainFault.APPLIED_THEN_SILENCE || fault == ChainFault.UNAPPLIED_SILENCE;
        if (!silence || silenced.contains(step)) {
          cases.add(Arguments.of(step, fault));
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> buildCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Step step : Step.values()) {
      if (step.endpoint != null) {
        for (BuildFault fault : BuildFault.values()) {
          cases.add(Arguments.of(step, fault));
        }
      }
    }
    return cases.stream();
  }

  /** A step transition the saga runner persisted: the step as it was, and what it became. */
  private record Transition(String sagaId, String action, StepState next, String hash, Instant validUntil,
      Instant at) {
  }

  private OverHttp net;
  private TestEngine test;
  private OrchestratorEngine engine;
  private User buyer;
  private User seller;
  private final List<Transition> transitions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean armed = new AtomicBoolean();
  private Runnable arm = () -> { };
  private Step target;
  private boolean expireTarget;
  private boolean expired;

  private void start(Step step) {
    target = step;
    net = OverHttp.start(TW_TIMEOUT);
    net.faults().stallMillis(STALL_MILLIS);
    // A short wait in the commands: a step refused until it expires is resubmitted all that time.
    test = net.configure(TestEngine.builder().storage(new InMemoryStorage()).syncWait(Duration.ofMillis(250)))
        .build();
    engine = test.engine();
    buyer = test.fundedUser("buyer", "100.00");
    seller = test.user("seller");
    engine.setSagaStepHook((saga, current, next) -> {
      transitions.add(new Transition(saga.id(), current.action(), next, current.txHash(), current.validUntil(),
          test.clock().instant()));
      if (current.action().equals(target.action) && next == StepState.SIGNED && armed.compareAndSet(false, true)) {
        arm.run();
      }
    });
  }

  @AfterEach
  void stop() {
    if (net != null) {
      net.close();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("chainCases")
  void aLostOrRefusedSubmissionEndsWithOneEffectAndACompletedSaga(Step step, ChainFault fault) {
    start(step);
    expireTarget = fault == ChainFault.UNAPPLIED_UNTIL_EXPIRED;
    arm = () -> net.faults().nextSubmits(fault.mode, fault.count);
    if (step == Step.ACTIVATION) {
      activationWith(fault);
    } else {
      runFlow();
      assertOneTransactionPerStep(expireTarget ? 2 : 1);
      assertTrue(transitions.stream().anyMatch(t -> t.action().equals(step.action) && t.next() == StepState.SUBMITTED),
          "the runner did not learn the outcome from the submission");
    }
    assertTrue(net.faults().spent(), "the fault fired");
    assertBooksEqualChain();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("buildCases")
  void aFailedBuildRequestIsAskedAgainAndTheStepLandsOnce(Step step, BuildFault fault) {
    start(step);
    switch (fault) {
      case STATUS_500 -> net.faults().twStatus(step.endpoint, 500, 1);
      case STATUS_429 -> net.faults().twStatus(step.endpoint, 429, 1);
      case SLOWER_THAN_THE_CLIENT -> net.faults().twLatency(step.endpoint, STALL_MILLIS, 1);
      default -> throw new IllegalStateException();
    }
    runFlow();
    assertTrue(net.faults().spent(), "the fault fired");
    assertOneTransactionPerStep(1);
    assertBooksEqualChain();
  }

  // ------------------------------------------------------------------------------------------ flows

  /** The flow that contains the target step, each command followed until its state is reached. */
  private void runFlow() {
    if (target == Step.PAYMENT) {
      String destination = engine.wallets().depositAddress(seller.id());
      String id = engine.withdrawals().create(CreateWithdrawalRequest.crypto(buyer.id(), "30.00", destination)).id();
      settle(() -> engine.withdrawals().get(id).status() == WithdrawalStatus.WITHDRAWAL_COMPLETED);
      engine.scanDeposits();
      assertEquals(Money.of(70), test.balance(buyer).available());
      assertEquals(Money.of(30), test.balance(seller).available());
      assertEquals(1, network().operations(null, null, true, 10_000).stream()
          .filter(op -> op.type().equals("payment") && op.to().equals(destination) && op.amount() == 300_000_000L)
          .count(), "one payment on chain");
      return;
    }
    String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "80.00", "Logo")).order().id();
    engine.orders().reserve(id);
    engine.orders().createEscrow(id);
    settle(() -> status(id) == OrderStatus.ESCROW_FUNDING);
    engine.orders().fundEscrow(id);
    settle(() -> status(id) == OrderStatus.IN_PROGRESS);
    if (target.onTheDisputePath()) {
      engine.orders().openDispute(id, new OpenDisputeRequest(DisputeParty.BUYER, DisputeReason.QUALITY_ISSUE, null));
      settle(() -> status(id) == OrderStatus.DISPUTED);
      String disputeId = engine.orders().get(id).dispute().id();
      engine.disputes().assign(disputeId, "agent");
      engine.disputes().resolve(disputeId, ResolveDisputeRequest.split("50.00", "30.00"));
      settle(() -> status(id) == OrderStatus.CLOSED);
      assertEquals(Money.of(50), test.balance(seller).available());
      assertEquals(Money.of(50), test.balance(buyer).available());
    } else {
      engine.orders().release(id);
      settle(() -> status(id) == OrderStatus.CLOSED);
      assertEquals(Money.of(80), test.balance(seller).available());
      assertEquals(Money.of(20), test.balance(buyer).available());
    }
    String contractId = engine.orders().get(id).escrow().contractId();
    List<Step> path = target.onTheDisputePath() ? List.of(Step.DEPLOY, Step.FUND, Step.DISPUTE, Step.RESOLVE)
        : List.of(Step.DEPLOY, Step.FUND, Step.COMPLETE, Step.APPROVE, Step.RELEASE);
    for (Step step : path) {
      String contract = step == Step.DEPLOY ? network().deployerContract() : contractId;
      assertEquals(1, network().operations(null, null, true, 10_000).stream()
          .filter(op -> contract.equals(op.contract()) && step.function.equals(op.function())).count(),
          "one " + step.function + " on chain");
    }
  }

  /** A new user's wallet activation with {@code fault} on its submission. */
  private void activationWith(ChainFault fault) {
    int before = net.simulator.submissions().size();
    arm.run();
    User late = test.user("late");
    String wallet = engine.wallets().depositAddress(late.id());
    settle(() -> engine.wallets().get(late.id()).status() == WalletStatus.ACTIVE);
    List<StellarSimulator.SubmittedEnvelope> sent = net.simulator.submissions();
    sent = sent.subList(before, sent.size());
    List<String> hashes = new ArrayList<>(new LinkedHashSet<>(sent.stream().map(s -> s.hash()).toList()));
    assertEquals(fault == ChainFault.UNAPPLIED_UNTIL_EXPIRED ? 2 : 1, hashes.size(),
        "activation envelopes sent: " + hashes);
    if (hashes.size() == 2) {
      Instant firstExpires = maxTime(sent.get(0).envelope());
      Instant secondSent = sent.stream().filter(s -> s.hash().equals(hashes.get(1))).findFirst().orElseThrow().at();
      assertTrue(secondSent.isAfter(firstExpires), "a second activation was built at " + secondSent
          + " while the first could land until " + firstExpires);
    }
    assertEquals(1, network().operations(null, null, true, 10_000).stream()
        .filter(op -> op.type().equals("create_account") && wallet.equals(op.to())).count(), "one account created");
    assertTrue(network().account(wallet) != null, "the wallet exists on chain");
    assertFalse(network().xlmBalance(wallet).isPositive(), "the wallet holds no XLM");
    test.deposit(late, "5.00");
    assertEquals(Money.of(5), test.balance(late).available());
  }

  /**
   * Runs the background jobs, with the clock moving a second a round (a runner that gave a saga up
   * made it due a little later), until {@code done}. Under {@link ChainFault#UNAPPLIED_UNTIL_EXPIRED}
   * the target's transaction is let expire first: the clock passes its time bound, a ledger closes,
   * and submissions go through again.
   */
  private void settle(BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "the flow did not settle");
      if (expireTarget && !expired) {
        Instant validUntil = targetValidUntil();
        if (validUntil != null || target == Step.ACTIVATION) {
          expire(validUntil);
        }
      }
      test.clock().advance(Duration.ofSeconds(1));
      engine.runPendingWork();
    }
  }

  /** The time bound of the target step's (first) transaction, once it was sent. */
  private Instant targetValidUntil() {
    return transitions.stream().filter(t -> t.action().equals(target.action) && t.hash() != null)
        .map(Transition::validUntil).findFirst().orElse(null);
  }

  private void expire(Instant validUntil) {
    Instant until = validUntil;
    if (until == null) {
      List<StellarSimulator.SubmittedEnvelope> sent = net.simulator.submissions();
      until = maxTime(sent.get(sent.size() - 1).envelope());
    }
    Instant now = test.clock().instant();
    if (!now.isAfter(until)) {
      test.clock().advance(Duration.between(now, until).plusSeconds(1));
    }
    net.faults().reset();
    net.faults().stallMillis(STALL_MILLIS);
    network().closeLedger();
    expired = true;
  }

  // -------------------------------------------------------------------------------------- checks

  /**
   * Every saga COMPLETED; each step's transactions (distinct hashes), of which exactly one succeeded
   * on chain; the target's count is {@code targetTransactions}, every other step's one; and each
   * later transaction of a step built only after the earlier one's time bound had passed.
   */
  private void assertOneTransactionPerStep(int targetTransactions) {
    Set<String> sagas = new LinkedHashSet<>();
    transitions.forEach(t -> sagas.add(t.sagaId()));
    assertFalse(sagas.isEmpty());
    for (String id : sagas) {
      Saga saga = test.storage().read(s -> s.sagas().find(id)).orElseThrow();
      assertEquals(SagaState.COMPLETED, saga.state(), () -> "saga " + saga.kind() + ": " + saga.failure());
    }
    Map<String, List<Transition>> byAction = new LinkedHashMap<>();
    transitions.forEach(t -> byAction.computeIfAbsent(t.sagaId() + "/" + t.action(), k -> new ArrayList<>()).add(t));
    assertTrue(byAction.keySet().stream().anyMatch(k -> k.endsWith("/" + target.action)), "the target step ran");
    for (Map.Entry<String, List<Transition>> entry : byAction.entrySet()) {
      List<Transition> steps = entry.getValue();
      List<String> hashes = new ArrayList<>(new LinkedHashSet<>(steps.stream().map(Transition::hash)
          .filter(h -> h != null).toList()));
      boolean isTarget = entry.getKey().endsWith("/" + target.action);
      assertEquals(isTarget ? targetTransactions : 1, hashes.size(), entry.getKey() + " transactions: " + hashes);
      assertEquals(1, hashes.stream().filter(h -> {
        TxRecord record = network().record(h);
        return record != null && record.success();
      }).count(), entry.getKey() + ": one of its transactions succeeded");
      List<Instant> builds = steps.stream().filter(t -> t.next() == StepState.UNSIGNED).map(Transition::at).toList();
      assertEquals(hashes.size(), builds.size(), entry.getKey() + ": one build per transaction");
      for (int k = 1; k < hashes.size(); k++) {
        String earlier = hashes.get(k - 1);
        Instant earlierExpires = steps.stream().filter(t -> earlier.equals(t.hash())).findFirst().orElseThrow()
            .validUntil();
        assertTrue(builds.get(k).isAfter(earlierExpires), entry.getKey() + ": transaction " + (k + 1) + " built at "
            + builds.get(k) + " while " + earlier + " could land until " + earlierExpires);
      }
    }
  }

  private void assertBooksEqualChain() {
    assertTrue(engine.ledger().verify().isClean(), () -> engine.ledger().verify().problems().toString());
    assertEquals(List.of(), test.booksVersusChain());
  }

  private OrderStatus status(String orderId) {
    return engine.orders().get(orderId).order().status();
  }

  private com.offerhub.orchestrator.testkit.network.SimulatedNetwork network() {
    return net.simulator.network();
  }

  /** The upper time bound of an envelope (a fee-bump's inner transaction's). */
  private static Instant maxTime(String envelope) {
    try {
      AbstractTransaction parsed = AbstractTransaction.fromEnvelopeXdr(envelope, Network.TESTNET);
      Transaction tx = parsed instanceof FeeBumpTransaction bump ? bump.getInnerTransaction() : (Transaction) parsed;
      return Instant.ofEpochSecond(tx.getTimeBounds().getMaxTime().longValueExact());
    } catch (java.io.IOException e) {
      throw new AssertionError("an envelope the simulator accepted could not be read", e);
    }
  }
}

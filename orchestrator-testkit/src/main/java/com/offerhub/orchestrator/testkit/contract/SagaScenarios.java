package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OpenDisputeRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.ResolveDisputeRequest;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.EscrowStatus;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.ResolutionDecision;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.StepState;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable sagas under faults, on any storage: a step that fails for good after an earlier step was
 * confirmed on chain (local state follows the chain, the operator is told, an API command then
 * settles the money exactly once), and two runners on one saga whose lease ran out during a
 * network call (exactly one of them writes each step).
 */
public abstract class SagaScenarios {
  /** A fresh, empty storage. */
  protected abstract Storage newStorage();

  /** Another storage on the same database as {@code first} (its own pool), or {@code first} itself. */
  protected abstract Storage sameDatabase(Storage first);

  /** Options of every test engine a scenario builds (e.g. other adapters); the scenario's own come first. */
  protected TestEngine.Builder configure(TestEngine.Builder builder) {
    return builder;
  }

  private final List<Storage> opened = new ArrayList<>();

  private TestEngine newTest(TestEngine.Builder builder) {
    Storage storage = newStorage();
    opened.add(storage);
    return configure(builder.storage(storage)).build();
  }

  @AfterEach
  void closeStorages() {
    opened.forEach(Storage::close);
    opened.clear();
  }

  /**
   * Once {@code action} is confirmed on chain, every later transaction is refused by the network
   * (a definitive rejection, as many times as the runner tries), so the saga fails for good.
   */
  private static void refuseEverythingAfter(TestEngine test, String action) {
    test.engine().setSagaStepHook((saga, step, next) -> {
      if (step.action().equals(action) && next == StepState.CONFIRMED) {
        test.network().rejectNext(Integer.MAX_VALUE);
      }
    });
  }

  private static void healNetwork(TestEngine test) {
    test.engine().setSagaStepHook(null);
    test.network().reset();
  }

  private static void assertSettledOnce(TestEngine test, String orderId) {
    assertTrue(test.engine().ledger().verify().isClean(), () -> test.engine().ledger().verify().toString());
    assertEquals(List.of(), test.booksVersusChain());
    String contractId = test.engine().orders().get(orderId).escrow().contractId();
    assertEquals(Money.ZERO, test.network().escrowGateway().inspect(contractId).balance());
  }

  /** The operator signal: an audit row, an {@code order.needs_attention} event naming the saga. */
  private static DomainEvent assertOperatorTold(TestEngine test, String orderId, String failedStep) {
    List<AuditEntry> audit = test.engine().audit().query(new AuditQuery("order", orderId, null,
        "ORDER_NEEDS_ATTENTION", null, null, 0, 10));
    assertEquals(1, audit.size(), "one audit row for the operator");
    assertEquals(failedStep, audit.get(0).after().get("failedStep"));
    List<DomainEvent> events = test.engine().events().readAfter(0, 1000).stream()
        .filter(e -> e.eventType().equals("order.needs_attention") && e.aggregateId().equals(orderId)).toList();
    assertEquals(1, events.size(), "one order.needs_attention event");
    assertEquals(failedStep, events.get(0).payload().get("failedStep"));
    return events.get(0);
  }

  @Test
  void item5_refundSagaFailingAfterConfirmedDisputeLeavesOrderSettleable() {
    TestEngine test = newTest(TestEngine.builder());
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    String id = test.fundedOrder(buyer, seller, "80.00").order().id();
    refuseEverythingAfter(test, "dispute");

    OrchestratorException refused = assertThrows(OrchestratorException.class,
        () -> engine.orders().refund(id, "never delivered"));
    assertEquals(ErrorCode.PROVIDER_ERROR, refused.code());
    healNetwork(test);

    OrderSnapshot stuck = engine.orders().get(id);
    EscrowSnapshot chain = test.network().escrowGateway().inspect(stuck.escrow().contractId());
    assertTrue(chain.disputed() && !chain.resolved(), "the dispute landed on chain");
    assertEquals(OrderStatus.DISPUTED, stuck.order().status(), "local state follows the chain");
    assertEquals(EscrowStatus.DISPUTED, stuck.escrow().status());
    assertNotNull(stuck.dispute(), "an open dispute to resolve");
    assertEquals(DisputeStatus.OPEN, stuck.dispute().status());
    assertEquals(DisputeParty.BUYER, stuck.dispute().openedBy());
    DomainEvent signal = assertOperatorTold(test, id, "resolve");
    assertEquals(List.of("dispute"), signal.payload().get("confirmedSteps"));
    assertEquals(Money.of(80), test.engine().ledger().balances().get("escrow:" + id), "money still in escrow");

    String disputeId = stuck.dispute().id();
    engine.disputes().assign(disputeId, "agent");
    OrderSnapshot closed = engine.disputes().resolve(disputeId, ResolveDisputeRequest.of(
        ResolutionDecision.FULL_REFUND));
    assertEquals(OrderStatus.CLOSED, closed.order().status());
    assertEquals(EscrowStatus.REFUNDED, closed.escrow().status());
    assertEquals(DisputeStatus.RESOLVED, closed.dispute().status());
    assertEquals(Money.of(100), test.balance(buyer).available());
    assertEquals(Money.ZERO, test.balance(seller).available());
    assertSettledOnce(test, id);

    assertThrows(OrchestratorException.class, () -> engine.disputes().resolve(disputeId,
        ResolveDisputeRequest.of(ResolutionDecision.FULL_RELEASE)));
    assertThrows(OrchestratorException.class, () -> engine.orders().refund(id, "again"));
    assertEquals(Money.of(100), test.balance(buyer).available());
    assertEquals(Money.ZERO, test.balance(seller).available());
    assertSettledOnce(test, id);
  }

  @Test
  void item5_splitSagaFailingAfterConfirmedDisputeCanBeResolvedAgain() {
    TestEngine test = newTest(TestEngine.builder());
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    String id = test.fundedOrder(buyer, seller, "80.00").order().id();
    String disputeId = engine.orders().openDispute(id, new OpenDisputeRequest(DisputeParty.BUYER,
        DisputeReason.QUALITY_ISSUE, List.of())).dispute().id();
    engine.disputes().assign(disputeId, "agent");
    refuseEverythingAfter(test, "dispute");

    OrchestratorException refused = assertThrows(OrchestratorException.class,
        () -> engine.disputes().resolve(disputeId, ResolveDisputeRequest.split("50.00", "30.00")));
    assertEquals(ErrorCode.PROVIDER_ERROR, refused.code());
    healNetwork(test);

    OrderSnapshot stuck = engine.orders().get(id);
    assertTrue(test.network().escrowGateway().inspect(stuck.escrow().contractId()).disputed());
    assertEquals(OrderStatus.DISPUTED, stuck.order().status());
    assertEquals(EscrowStatus.DISPUTED, stuck.escrow().status());
    assertEquals(DisputeStatus.UNDER_REVIEW, stuck.dispute().status());
    assertNull(stuck.dispute().decision(), "a new resolution is accepted");
    assertOperatorTold(test, id, "resolve");

    OrderSnapshot closed = engine.disputes().resolve(disputeId, ResolveDisputeRequest.split("50.00", "30.00"));
    assertEquals(OrderStatus.CLOSED, closed.order().status());
    assertEquals(DisputeStatus.RESOLVED, closed.dispute().status());
    assertEquals(Money.of(50), test.balance(seller).available());
    assertEquals(Money.of(50), test.balance(buyer).available());
    assertSettledOnce(test, id);
    assertThrows(OrchestratorException.class, () -> engine.disputes().resolve(disputeId,
        ResolveDisputeRequest.split("50.00", "30.00")));
    assertEquals(Money.of(50), test.balance(seller).available());
    assertSettledOnce(test, id);
  }

  @Test
  void item5_releaseSagaFailingAfterConfirmedApprovalReleasesWithoutRedoingIt() {
    TestEngine test = newTest(TestEngine.builder());
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    String id = test.fundedOrder(buyer, seller, "80.00").order().id();
    refuseEverythingAfter(test, "approve:0");

    assertThrows(OrchestratorException.class, () -> engine.orders().release(id));
    healNetwork(test);

    OrderSnapshot stuck = engine.orders().get(id);
    EscrowSnapshot chain = test.network().escrowGateway().inspect(stuck.escrow().contractId());
    assertEquals(List.of(true), chain.milestoneApprovals(), "the approval landed on chain");
    assertFalse(chain.released());
    assertEquals(OrderStatus.IN_PROGRESS, stuck.order().status(), "still funded and undisputed on chain");
    assertEquals(EscrowStatus.FUNDED, stuck.escrow().status());
    DomainEvent signal = assertOperatorTold(test, id, "release");
    assertEquals(List.of("complete:0", "approve:0"), signal.payload().get("confirmedSteps"));

    List<String> signed = new CopyOnWriteArrayList<>();
    engine.setSagaStepHook((saga, step, next) -> {
      if (next == StepState.SIGNED) {
        signed.add(step.action());
      }
    });
    assertEquals(OrderStatus.CLOSED, engine.orders().release(id).order().status());
    assertEquals(List.of("release"), signed, "only what the chain still needs is sent");
    assertEquals(Money.of(80), test.balance(seller).available());
    assertEquals(Money.of(20), test.balance(buyer).available());
    assertSettledOnce(test, id);
    assertThrows(OrchestratorException.class, () -> engine.orders().release(id));
    assertEquals(Money.of(80), test.balance(seller).available());
  }

  /**
   * Runner A's network call outlasts its lease; runner B (another instance) takes the saga over.
   * A must not write the step it was working on, B drives the saga to its end, A reports B's
   * outcome without spinning, and each step has exactly one transaction.
   */
  @Test
  void item7_twoRunnersNeverBothWriteAStep() {
    Duration lease = Duration.ofSeconds(10);
    // A waits for B's outcome as long as a command waits: generously, B's steps may travel over HTTP.
    TestEngine test = newTest(TestEngine.builder().sagaLease(lease).syncWait(Duration.ofSeconds(30)));
    Storage second = sameDatabase(test.storage());
    if (second != test.storage()) {
      opened.add(second);
    }
    OrchestratorEngine a = test.engine();
    OrchestratorEngine b = test.anotherInstance(second);
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    String id = test.fundedOrder(buyer, seller, "80.00").order().id();

    AtomicReference<String> sagaId = new AtomicReference<>();
    AtomicBoolean tookOver = new AtomicBoolean();
    CountDownLatch bAboutToWrite = new CountDownLatch(1);
    CountDownLatch aWroteAfterLosingLease = new CountDownLatch(1);
    AtomicReference<CompletableFuture<Integer>> bRun = new AtomicReference<>();
    a.setSagaStepHook((saga, step, next) -> {
      if (!tookOver.compareAndSet(false, true)) {
        aWroteAfterLosingLease.countDown();
        return;
      }
      sagaId.set(saga.id());
      // A's call took longer than its lease; meanwhile B's background job finds the saga due.
      test.clock().advance(lease.multipliedBy(2));
      bRun.set(CompletableFuture.supplyAsync(b::runPendingWork));
      await(bAboutToWrite);
    });
    List<String> seenByB = new CopyOnWriteArrayList<>();
    AtomicBoolean bFirst = new AtomicBoolean(true);
    b.setSagaStepHook((saga, step, next) -> {
      if (!bFirst.getAndSet(false)) {
        return;
      }
      bAboutToWrite.countDown();
      try {
        boolean aWrote = aWroteAfterLosingLease.await(1, TimeUnit.SECONDS);
        Saga stored = test.storage().read(s -> s.sagas().find(saga.id())).orElseThrow();
        seenByB.add("A kept writing: " + aWrote);
        seenByB.add("step 0: " + stored.steps().get(0).state());
        seenByB.add("lease held by B: " + saga.leaseOwner().equals(stored.leaseOwner()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    OrderSnapshot result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> a.orders().release(id));
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> bRun.get().get(60, TimeUnit.SECONDS));
    assertEquals(List.of("A kept writing: false", "step 0: PLANNED", "lease held by B: true"), seenByB);
    assertEquals(OrderStatus.CLOSED, result.order().status(), "A reports the outcome B reached");
    Saga saga = test.storage().read(s -> s.sagas().find(sagaId.get())).orElseThrow();
    assertEquals(SagaState.COMPLETED, saga.state());
    for (SagaStep step : saga.steps()) {
      assertEquals(1, step.attempts(), "one transaction for step " + step.action());
    }
    assertEquals(Money.of(80), test.balance(seller).available());
    assertSettledOnce(test, id);
  }

  /**
   * A submission stays pending for longer than the lease (the network closes no ledger while the
   * test clock moves on): the runner renews its lease while it waits, so another instance's
   * background job never takes the saga over, and the withdrawal completes once, driven by one runner.
   */
  @Test
  void item7_leaseIsRenewedWhileASubmissionStaysPending() throws Exception {
    Duration lease = Duration.ofSeconds(4);
    TestEngine test = newTest(TestEngine.builder().sagaLease(lease).syncWait(Duration.ofSeconds(10)));
    Storage second = sameDatabase(test.storage());
    if (second != test.storage()) {
      opened.add(second);
    }
    OrchestratorEngine a = test.engine();
    OrchestratorEngine b = test.anotherInstance(second);
    User payer = test.fundedUser("payer", "10.00");
    String destination = a.wallets().depositAddress(test.user("payee").id());
    List<String> writesByB = new CopyOnWriteArrayList<>();
    b.setSagaStepHook((saga, step, next) -> writesByB.add(step.action() + " -> " + next));
    CountDownLatch submitted = new CountDownLatch(1);
    AtomicReference<Saga> driven = new AtomicReference<>();
    a.setSagaStepHook((saga, step, next) -> {
      if (next == StepState.SUBMITTED) {
        driven.set(saga);
        submitted.countDown();
      }
    });
    test.network().setAutoClose(false);
    CompletableFuture<?> withdrawal = CompletableFuture.supplyAsync(() -> a.withdrawals().create(
        CreateWithdrawalRequest.crypto(payer.id(), "4.00", destination)));
    await(submitted);
    for (int i = 0; i < 4; i++) {
      test.clock().advance(lease.multipliedBy(6).dividedBy(10));
      // Less than half the lease is left: the waiting runner renews it on its next round (however
      // long a round takes on this transport), before the other instance looks.
      java.time.Instant renewedPast = test.clock().instant().plus(lease.dividedBy(2));
      Saga renewed = awaitSaga(test, driven.get().id(), s -> s.nextAttemptAt().isAfter(renewedPast));
      assertEquals(driven.get().leaseOwner(), renewed.leaseOwner(), "renewed by the runner that waits");
      b.runPendingWork();
      Saga stored = test.storage().read(s -> s.sagas().find(driven.get().id())).orElseThrow();
      assertEquals(driven.get().leaseOwner(), stored.leaseOwner(), "still held by the runner that waits");
      assertTrue(stored.nextAttemptAt().isAfter(test.clock().instant()), "the lease was renewed");
    }
    assertEquals(List.of(), writesByB, "the other instance took over a saga whose runner was still waiting");
    test.network().closeLedger();
    withdrawal.get(60, TimeUnit.SECONDS);
    test.network().setAutoClose(true);
    a.scanDeposits();
    assertEquals(List.of(), writesByB);
    assertEquals(Money.of(6), test.balance(payer).available());
    assertEquals(Money.of(6), test.network().usdcBalance(a.wallets().depositAddress(payer.id())));
    assertTrue(a.ledger().verify().isClean());
    assertEquals(List.of(), test.booksVersusChain());
  }

  /** Polls the stored saga until {@code condition} holds (30 s at most). */
  private static Saga awaitSaga(TestEngine test, String sagaId, java.util.function.Predicate<Saga> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Saga stored = test.storage().read(s -> s.sagas().find(sagaId)).orElseThrow();
      if (condition.test(stored)) {
        return stored;
      }
      assertTrue(System.nanoTime() < deadline, "the saga never got there: " + stored);
      Thread.sleep(10);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "the other runner never got there");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

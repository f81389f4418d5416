package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.TopUpStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.SimulatedPaymentProvider;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fiat payouts and top-ups through the payment provider when its answers are lost, refused or
 * interrupted by a crash (issue 8, Money 1-4; ARCHITECTURE rule 12), for any {@link Storage}. An
 * unknown outcome keeps the money held and is settled by the background runner by lookup or by
 * asking again with the same reference; every flow ends with exactly one payment and the ledger
 * verifies clean after every test.
 */
public abstract class FiatScenarios {
  protected TestEngine test;
  protected SimulatedPaymentProvider provider;
  protected User buyer;

  /** A fresh, empty storage for each test. */
  protected abstract Storage newStorage();

  @BeforeEach
  void setUpEngine() {
    test = TestEngine.builder().storage(newStorage()).build();
    provider = test.provider();
    buyer = test.fundedUser("buyer", "100.00");
    engine().users().linkAirtm(buyer.id(), "buyer@airtm.example");
  }

  @AfterEach
  void ledgerStaysSound() {
    assertTrue(engine().ledger().verify().isClean(), () -> engine().ledger().verify().problems().toString());
  }

  /** The current engine (a restart replaces it). */
  private OrchestratorEngine engine() {
    return test.engine();
  }

  /**
   * Lets every fiat payment become due again (past the longest retry delay, 10 minutes, and past a
   * runner's 5-minute lease), then runs the background jobs once.
   */
  private void runBackground() {
    test.clock().advance(Duration.ofMinutes(11));
    engine().runPendingWork();
  }

  private static CreateWithdrawalRequest toBank(User user, String amount) {
    return new CreateWithdrawalRequest(user.id(), amount, DestinationType.BANK, "iban-1", "rent");
  }

  private Withdrawal withdrawal(String id) {
    return engine().withdrawals().get(id);
  }

  private Withdrawal onlyWithdrawal() {
    List<Withdrawal> all = engine().withdrawals().list(buyer.id(), 0, 10);
    assertEquals(1, all.size(), all::toString);
    return all.get(0);
  }

  private void assertHeld(String reserved, String available) {
    assertEquals(Money.parsePositive(available), test.balance(buyer).available());
    assertEquals(reserved.equals("0") ? Money.ZERO : Money.parsePositive(reserved), test.balance(buyer).reserved());
  }

  /** The provider settles the withdrawal's payout; the runner alone must notice and book it out once. */
  private void payoutSucceedsAndRunnerCompletes(String withdrawalId) {
    String payout = provider.payoutFor(withdrawalId).orElseThrow();
    int creates = provider.createPayoutCalls(withdrawalId);
    provider.succeed(payout);
    runBackground();
    runBackground();
    Withdrawal done = withdrawal(withdrawalId);
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMPLETED, done.status());
    assertEquals(payout, done.providerRef());
    assertHeld("0", "70.00");
    assertEquals(creates, provider.createPayoutCalls(withdrawalId), "a known payout is asked about, never created");
  }

  private static void assertCode(ErrorCode code, org.junit.jupiter.api.function.Executable action) {
    OrchestratorException e = assertThrows(OrchestratorException.class, action);
    assertEquals(code, e.code(), e.getMessage());
  }

  // ---- item 1: a lost payout answer is an unknown outcome ----

  @Test
  void item1_lostPayoutResponseEndsWithExactlyOnePayout() {
    provider.loseResponseNext(1);
    Withdrawal created = engine().withdrawals().create(toBank(buyer, "30.00"));
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, created.status(), "unknown is not failed");
    assertNull(created.providerRef());
    assertNull(created.failureReason());
    assertEquals(1, provider.payoutCount(), "the provider did act");
    assertHeld("30.00", "70.00");

    runBackground();
    Withdrawal pending = withdrawal(created.id());
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, pending.status());
    assertEquals(provider.payoutFor(created.id()).orElseThrow(), pending.providerRef());
    assertHeld("30.00", "70.00");
    assertEquals(1, provider.createPayoutCalls(created.id()), "the lookup found the payout: no second create");

    payoutSucceedsAndRunnerCompletes(created.id());
  }

  @Test
  void item1_unreachableProviderKeepsTheHoldThenPaysOnce() {
    provider.failNext(1);
    Withdrawal created = engine().withdrawals().create(toBank(buyer, "30.00"));
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, created.status());
    assertEquals(0, provider.payoutCount());
    assertHeld("30.00", "70.00");
    provider.failNext(1);
    assertCode(ErrorCode.PROVIDER_ERROR, () -> engine().withdrawals().refresh(created.id()));
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, withdrawal(created.id()).status(), "nothing changed");
    assertHeld("30.00", "70.00");
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, engine().withdrawals().refresh(created.id()).status());
    payoutSucceedsAndRunnerCompletes(created.id());
  }

  @Test
  void item1_providerRefusalFailsTheWithdrawalAndReturnsTheHold() {
    provider.refuseNext("invalid destination");
    Withdrawal refused = engine().withdrawals().create(toBank(buyer, "30.00"));
    assertEquals(WithdrawalStatus.WITHDRAWAL_FAILED, refused.status());
    assertEquals("invalid destination", refused.failureReason());
    assertHeld("0", "100.00");
    assertEquals(0, provider.payoutCount());
    runBackground();
    assertEquals(WithdrawalStatus.WITHDRAWAL_FAILED, withdrawal(refused.id()).status());
    assertHeld("0", "100.00");
  }

  @Test
  void item1_payoutFailedByTheProviderReturnsTheHoldOnce() {
    Withdrawal created = engine().withdrawals().create(toBank(buyer, "30.00"));
    provider.fail(created.providerRef(), "account closed");
    runBackground();
    Withdrawal failed = withdrawal(created.id());
    assertEquals(WithdrawalStatus.WITHDRAWAL_FAILED, failed.status());
    assertEquals("account closed", failed.failureReason());
    assertHeld("0", "100.00");
    runBackground();
    assertEquals(WithdrawalStatus.WITHDRAWAL_FAILED, engine().withdrawals().refresh(created.id()).status());
    assertHeld("0", "100.00");
  }

  // ---- item 3: a payout interrupted by a crash is resumed by the background runner ----

  @Test
  void item3_crashAfterHoldBeforeProviderCallIsPaidOnceByTheRunner() {
    provider.crashBeforeNext();
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class,
        () -> engine().withdrawals().create(toBank(buyer, "30.00")));
    Withdrawal intent = onlyWithdrawal();
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, intent.status());
    assertNull(intent.providerRef());
    assertEquals(0, provider.payoutCount());
    assertHeld("30.00", "70.00");

    test.restart();
    runBackground();
    Withdrawal pending = withdrawal(intent.id());
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, pending.status());
    assertEquals(1, provider.payoutCount(), "the runner made the payout");
    assertEquals(2, provider.createPayoutCalls(intent.id()), "the crashed create and the runner's");
    payoutSucceedsAndRunnerCompletes(intent.id());
  }

  @Test
  void item3_crashAfterCreatePayoutBeforeRecordingIsFoundByReference() {
    provider.crashAfterNext();
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class,
        () -> engine().withdrawals().create(toBank(buyer, "30.00")));
    Withdrawal intent = onlyWithdrawal();
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, intent.status());
    assertNull(intent.providerRef(), "the payout was made but not recorded");
    assertEquals(1, provider.payoutCount());
    assertHeld("30.00", "70.00");

    test.restart();
    runBackground();
    assertEquals(provider.payoutFor(intent.id()).orElseThrow(), withdrawal(intent.id()).providerRef());
    assertEquals(1, provider.createPayoutCalls(intent.id()), "the lookup found the payout: no second create");
    payoutSucceedsAndRunnerCompletes(intent.id());
  }

  @Test
  void item3_runnerInterruptedAfterThePayoutFindsItOnTheNextRun() {
    provider.failNext(1);
    Withdrawal intent = engine().withdrawals().create(toBank(buyer, "30.00"));
    provider.crashAfterNext();
    runBackground();
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, withdrawal(intent.id()).status());
    assertNull(withdrawal(intent.id()).providerRef());
    assertEquals(1, provider.payoutCount());
    assertHeld("30.00", "70.00");
    runBackground();
    assertEquals(provider.payoutFor(intent.id()).orElseThrow(), withdrawal(intent.id()).providerRef());
    assertEquals(2, provider.createPayoutCalls(intent.id()), "the failed create, the runner's; then a lookup");
    payoutSucceedsAndRunnerCompletes(intent.id());
  }

  @Test
  void item3_retryWithTheSameIdempotencyKeyResumesThePayout() {
    provider.crashBeforeNext();
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class, () -> engine()
        .as(RequestContext.of("key_a").withIdempotencyKey("wd-1")).withdrawals().create(toBank(buyer, "30.00")));
    test.restart();
    RequestContext retry = RequestContext.of("key_a").withIdempotencyKey("wd-1");
    Withdrawal resumed = engine().as(retry).withdrawals().create(toBank(buyer, "30.00"));
    assertTrue(retry.wasReplayed());
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, resumed.status());
    assertEquals(provider.payoutFor(resumed.id()).orElseThrow(), resumed.providerRef());
    Withdrawal again = engine().as(RequestContext.of("key_a").withIdempotencyKey("wd-1")).withdrawals()
        .create(toBank(buyer, "30.00"));
    assertEquals(resumed.id(), again.id());
    assertEquals(2, provider.createPayoutCalls(resumed.id()), "the crashed create and the resumed one, no third");
    assertHeld("30.00", "70.00");
    payoutSucceedsAndRunnerCompletes(resumed.id());
  }

  @Test
  void item3_processingPayoutIsSettledByTheRunnerWithoutAWebhook() {
    Withdrawal created = engine().withdrawals().create(toBank(buyer, "30.00"));
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, created.status());
    runBackground();
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, withdrawal(created.id()).status(), "still processing");
    assertHeld("30.00", "70.00");
    payoutSucceedsAndRunnerCompletes(created.id());
  }

  @Test
  void item3_twoRunnersConcurrentlyMakeOnePayout() throws Exception {
    provider.failNext(1);
    Withdrawal intent = engine().withdrawals().create(toBank(buyer, "30.00"));
    assertEquals(0, provider.payoutCount());
    OrchestratorEngine other = test.anotherInstance(test.storage());
    test.clock().advance(Duration.ofMinutes(1));
    SimulatedPaymentProvider.Block held = provider.blockNextCreate();
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> engine().runPendingWork());
    try {
      assertTrue(held.awaitEntered(Duration.ofSeconds(30)), "the first runner is inside createPayout");
      other.runPendingWork();
      assertEquals(2, provider.createPayoutCalls(intent.id()), "the second runner left the claimed payout alone");
    } finally {
      held.release();
    }
    first.get(60, TimeUnit.SECONDS);
    assertEquals(2, provider.createPayoutCalls(intent.id()), "the failed create and one runner's, no more");
    Withdrawal pending = withdrawal(intent.id());
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, pending.status());
    assertHeld("30.00", "70.00");
    payoutSucceedsAndRunnerCompletes(intent.id());
  }

  // ---- item 2: the provider's answer decides a top-up cancel ----

  @Test
  void item2_cancelRefusedWhenTheUserAlreadyConfirmedThenTheSuccessIsCreditedOnce() {
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, topUp.status());
    provider.confirm(topUp.providerRef());
    OrchestratorException refused = assertThrows(OrchestratorException.class,
        () -> engine().topUps().cancel(topUp.id()));
    assertEquals(ErrorCode.INVALID_STATE, refused.code());
    assertEquals("TOPUP_PROCESSING", refused.details().get("currentState"));
    assertEquals(TopUpStatus.TOPUP_PROCESSING, engine().topUps().get(topUp.id()).status());
    assertEquals(Money.of(100), test.balance(buyer).available());

    provider.succeed(topUp.providerRef());
    runBackground();
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(topUp.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available());
    runBackground();
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().refresh(topUp.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available(), "credited once");
  }

  @Test
  void item2_cancelAfterTheProviderSucceededCreditsAndRefuses() {
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    provider.confirm(topUp.providerRef());
    provider.succeed(topUp.providerRef());
    assertCode(ErrorCode.INVALID_STATE, () -> engine().topUps().cancel(topUp.id()));
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(topUp.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available());
    assertCode(ErrorCode.INVALID_STATE, () -> engine().topUps().cancel(topUp.id()));
    runBackground();
    assertEquals(Money.of(125), test.balance(buyer).available(), "credited once");
  }

  @Test
  void item2_cancelWithALostAnswerIsRefusedAndChangesNothing() {
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    provider.loseResponseNext(1);
    assertCode(ErrorCode.PROVIDER_ERROR, () -> engine().topUps().cancel(topUp.id()));
    TopUp unchanged = engine().topUps().get(topUp.id());
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, unchanged.status());
    assertEquals(topUp.providerRef(), unchanged.providerRef());
    // The provider did cancel; the runner learns it from the provider.
    runBackground();
    assertEquals(TopUpStatus.TOPUP_CANCELED, engine().topUps().get(topUp.id()).status());
    assertEquals(Money.of(100), test.balance(buyer).available());
  }

  @Test
  void item2_cancelAcceptedByTheProviderCancels() {
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    assertEquals(TopUpStatus.TOPUP_CANCELED, engine().topUps().cancel(topUp.id()).status());
    runBackground();
    assertEquals(TopUpStatus.TOPUP_CANCELED, engine().topUps().get(topUp.id()).status());
    assertEquals(Money.of(100), test.balance(buyer).available());
  }

  // ---- item 4: a lost pay-in create answer is resolved by lookup ----

  @Test
  void item4_lostPayinCreateIsFoundByTheRunnerAndALaterSuccessIsCreditedOnce() {
    provider.loseResponseNext(1);
    TopUp created = engine().topUps().create(buyer.id(), "25.00", "card");
    assertEquals(TopUpStatus.TOPUP_CREATED, created.status(), "unknown is not failed");
    assertNull(created.providerRef());
    assertEquals(1, provider.payinCount(), "the provider did act");

    runBackground();
    TopUp found = engine().topUps().get(created.id());
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, found.status());
    assertEquals(provider.payinFor(created.id()).orElseThrow(), found.providerRef());
    assertNotNull(found.confirmationUri());

    provider.confirm(found.providerRef());
    provider.succeed(found.providerRef());
    runBackground();
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(created.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available());
    runBackground();
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().refresh(created.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available(), "credited once");
    assertEquals(1, provider.createPayinCalls(created.id()), "the lookup found the pay-in: no second create");
  }

  @Test
  void item4_payinThatSettledBeforeTheLookupIsCreditedOnce() {
    provider.crashAfterNext();
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class,
        () -> engine().topUps().create(buyer.id(), "25.00", "card"));
    TopUp intent = engine().topUps().list(buyer.id(), 0, 10).get(0);
    assertEquals(TopUpStatus.TOPUP_CREATED, intent.status());
    String payin = provider.payinFor(intent.id()).orElseThrow();
    provider.confirm(payin);
    provider.succeed(payin);
    test.restart();
    runBackground();
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(intent.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available());
    runBackground();
    assertEquals(Money.of(125), test.balance(buyer).available(), "credited once");
    assertEquals(1, provider.createPayinCalls(intent.id()), "the lookup found the pay-in: no second create");
  }

  @Test
  void item4_unreachableProviderAtCreateLeavesThePayinToTheRunnerWhichCreatesItOnce() {
    provider.failNext(1);
    TopUp created = engine().topUps().create(buyer.id(), "25.00", "card");
    assertEquals(TopUpStatus.TOPUP_CREATED, created.status());
    assertEquals(0, provider.payinCount());
    runBackground();
    TopUp pending = engine().topUps().get(created.id());
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, pending.status());
    assertEquals(2, provider.createPayinCalls(created.id()), "the failed create and the runner's");
    runBackground();
    assertEquals(2, provider.createPayinCalls(created.id()), "a known pay-in is asked about, never created");
  }

  @Test
  void item4_refusedPayinFailsTheTopUp() {
    provider.refuseNext("amount above limit");
    TopUp refused = engine().topUps().create(buyer.id(), "25.00", "card");
    assertEquals(TopUpStatus.TOPUP_FAILED, refused.status());
    assertEquals("amount above limit", refused.failureReason());
    assertEquals(0, provider.payinCount());
    assertEquals(Money.of(100), test.balance(buyer).available());
  }

  // ---- review of items 1-4, defect 1: a pay-in canceled before its top-up learned of it ----

  @Test
  void review1_lostPayinCreateThenCanceledByTheProviderEndsCanceledWithNothingCredited() {
    provider.loseResponseNext(1);
    TopUp created = engine().topUps().create(buyer.id(), "25.00", "card");
    assertEquals(TopUpStatus.TOPUP_CREATED, created.status());
    provider.expire(provider.payinFor(created.id()).orElseThrow());

    runBackground();
    TopUp canceled = engine().topUps().get(created.id());
    assertEquals(TopUpStatus.TOPUP_CANCELED, canceled.status(), "settled, not asked about forever");
    assertEquals(provider.payinFor(created.id()).orElseThrow(), canceled.providerRef());
    List<String> events = engine().events().readAfter(0, 1000).stream()
        .filter(e -> e.aggregateId().equals(created.id())).map(e -> e.eventType()).toList();
    assertEquals(List.of("topup.created", "topup.canceled"), events);
    assertEquals(Money.of(100), test.balance(buyer).available(), "nothing credited");
    int calls = provider.calls();
    runBackground();
    assertEquals(calls, provider.calls(), "a canceled top-up is not asked about again");
    assertEquals(TopUpStatus.TOPUP_CANCELED, engine().topUps().get(created.id()).status());
  }

  // ---- review defect 2: one slow or failing background job does not hold back the others ----

  @SuppressWarnings("try") // the subscription only has to stay open for the block
  @Test
  void review2_stalledProviderDoesNotHoldBackDepositsOrEvents() throws Exception {
    provider.failNext(1);
    engine().withdrawals().create(toBank(buyer, "30.00"));
    List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var subscription = engine().events().subscribe(engine().events().lastSequence(),
        event -> delivered.add(event.eventType()))) {
      test.network().depositFromOutside(engine().wallets().depositAddress(buyer.id()), Money.parsePositive("5.00"));
      test.clock().advance(Duration.ofMinutes(1));
      SimulatedPaymentProvider.Block stalled = provider.blockNextCreate();
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> engine().runPendingWork());
      try {
        assertTrue(stalled.awaitEntered(Duration.ofSeconds(30)), "the background run is stuck in the provider");
        assertEquals(Money.parsePositive("75.00"), test.balance(buyer).available(), "the deposit was credited");
        // delivery may follow the commit by a moment (a storage may number events just after it)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!delivered.contains("balance.credited") && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertTrue(delivered.contains("balance.credited"), delivered::toString);
      } finally {
        stalled.release();
      }
      run.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void review2_failingJobDoesNotStopTheOthers() {
    provider.failNext(1);
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    long firstRetained = engine().events().firstRetainedSequence();
    test.clock().advance(Duration.ofDays(8));
    test.network().failNext(com.offerhub.orchestrator.testkit.network.CallKind.SCAN, 1);
    engine().runPendingWork();
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, engine().topUps().get(topUp.id()).status(),
        "fiat settlement ran");
    assertTrue(engine().events().firstRetainedSequence() > firstRetained, "retention ran");
  }

  // ---- review defect 3: fiat payments have their own schedule, with backoff ----

  @Test
  void review3_runnerBacksOffWhileTheProviderIsDownAndLeavesUpdatedAtAlone() {
    provider.failNext(1);
    Withdrawal created = engine().withdrawals().create(toBank(buyer, "30.00"));
    provider.failNext(1000);
    List<Long> asks = new ArrayList<>();
    for (int step = 1; step <= 90; step++) {
      test.clock().advance(Duration.ofSeconds(30));
      int before = provider.calls();
      engine().runPendingWork();
      if (provider.calls() > before) {
        assertEquals(1, provider.calls() - before, "one question per run");
        asks.add(step * 30L);
      }
    }
    assertEquals(List.of(30L, 90L, 210L, 450L, 930L, 1530L, 2130L), asks,
        "asked after 30 s, then after 1, 2, 4, 8 minutes, then every 10 minutes");
    Withdrawal unchanged = withdrawal(created.id());
    assertEquals(created.updatedAt(), unchanged.updatedAt(), "asking changed nothing");
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, unchanged.status());
    assertHeld("30.00", "70.00");

    provider.failNext(0);
    runBackground();
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, withdrawal(created.id()).status());
    payoutSucceedsAndRunnerCompletes(created.id());
  }

  // ---- review defect 4: a refusal of a resumed create is checked by a second lookup ----

  @Test
  void review4_resumedCreateRefusedWhileTheFirstPayoutExistsKeepsTheHoldAndFindsIt() {
    provider.loseResponseNext(1);
    Withdrawal created = engine().withdrawals().create(toBank(buyer, "30.00"));
    provider.lagNextLookup();
    runBackground();
    Withdrawal pending = withdrawal(created.id());
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, pending.status(), "the refusal was not trusted");
    assertEquals(provider.payoutFor(created.id()).orElseThrow(), pending.providerRef());
    assertEquals(2, provider.createPayoutCalls(created.id()), "the lost create and the refused one");
    assertHeld("30.00", "70.00");
    payoutSucceedsAndRunnerCompletes(created.id());
  }

  @Test
  void review4_resumedCreateRefusedWithNoPayoutAnywhereFailsAndReturnsTheHold() {
    provider.failNext(1);
    Withdrawal created = engine().withdrawals().create(toBank(buyer, "30.00"));
    provider.refuseNext("invalid destination");
    runBackground();
    Withdrawal failed = withdrawal(created.id());
    assertEquals(WithdrawalStatus.WITHDRAWAL_FAILED, failed.status());
    assertEquals("invalid destination", failed.failureReason());
    assertEquals(0, provider.payoutCount());
    assertHeld("0", "100.00");
  }

  // ---- webhooks (spec/06 §8.3): dedupe by message id, state pulled from the provider ----

  private com.offerhub.orchestrator.WebhookOperations.Receipt webhook(String messageId, String type, String id,
      String code) {
    return engine().webhooks().receive("AIRTM", messageId, type, id, code);
  }

  @Test
  void webhook_aConfirmedPayinIsCreditedOnceAndRedeliveriesAreDuplicates() {
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    provider.confirm(topUp.providerRef());
    provider.succeed(topUp.providerRef());
    var first = webhook("msg_1", "payin.confirmed", topUp.providerRef(), topUp.id());
    assertTrue(first.processed(), first.toString());
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(topUp.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available());
    var again = webhook("msg_1", "payin.confirmed", topUp.providerRef(), topUp.id());
    assertTrue(again.duplicate());
    var late = webhook("msg_0", "payin.created", topUp.providerRef(), topUp.id());
    assertTrue(late.processed(), "an older event, delivered late, pulls the current state: " + late);
    assertEquals(Money.of(125), test.balance(buyer).available(), "credited once");
    assertEquals(1, engine().events().readAfter(0, 1000).stream()
        .filter(e -> e.eventType().equals("topup.succeeded")).count());
  }

  @Test
  void webhook_anEventDeliveredBeforeTheStateChangedMovesNothingAndTheNextOneSettles() {
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    var early = webhook("msg_a", "payin.confirmed", topUp.providerRef(), topUp.id());
    assertTrue(early.processed());
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, engine().topUps().get(topUp.id()).status(),
        "the payload is not trusted: the provider still says awaiting");
    assertEquals(Money.of(100), test.balance(buyer).available());
    provider.confirm(topUp.providerRef());
    provider.succeed(topUp.providerRef());
    webhook("msg_b", "payin.confirmed", topUp.providerRef(), topUp.id());
    assertEquals(Money.of(125), test.balance(buyer).available());
  }

  @Test
  void webhook_aPayinKnownOnlyByItsCodeIsFoundAfterALostCreateAnswer() {
    provider.loseResponseNext(1);
    TopUp created = engine().topUps().create(buyer.id(), "25.00", "card");
    assertNull(created.providerRef());
    String payin = provider.payinFor(created.id()).orElseThrow();
    provider.confirm(payin);
    provider.succeed(payin);
    var receipt = webhook("msg_c", "payin.confirmed", payin, created.id());
    assertTrue(receipt.processed(), receipt.toString());
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(created.id()).status());
    assertEquals(payin, engine().topUps().get(created.id()).providerRef());
    assertEquals(Money.of(125), test.balance(buyer).available());
  }

  @Test
  void webhook_unknownPaymentsAndTypesAreAcknowledgedAndChangeNothing() {
    var unknown = webhook("msg_d", "payin.confirmed", "payin-unknown", "topup_unknown");
    assertEquals(false, unknown.processed());
    assertTrue(unknown.outcome().startsWith("ignored"), unknown.outcome());
    var type = webhook("msg_e", "payment.something_new", "x", null);
    assertEquals(false, type.processed());
    assertTrue(webhook("msg_e", "payment.something_new", "x", null).duplicate());
    assertEquals(Money.of(100), test.balance(buyer).available());
  }

  @Test
  void webhook_notAppliedWhileTheProviderIsDownThenAppliedOnRedelivery() {
    TopUp topUp = engine().topUps().create(buyer.id(), "25.00", "card");
    provider.confirm(topUp.providerRef());
    provider.succeed(topUp.providerRef());
    provider.failNext(1);
    var down = webhook("msg_f", "payin.confirmed", topUp.providerRef(), topUp.id());
    assertEquals(false, down.processed());
    assertEquals(false, down.duplicate());
    assertEquals(Money.of(100), test.balance(buyer).available());
    var redelivered = webhook("msg_f", "payin.confirmed", topUp.providerRef(), topUp.id());
    assertEquals(false, redelivered.duplicate(), "a message not yet applied is applied on redelivery");
    assertTrue(redelivered.processed());
    assertEquals(Money.of(125), test.balance(buyer).available());
  }

  @Test
  void webhook_payoutEventsCompleteOrFailTheWithdrawalOnce() {
    Withdrawal paid = engine().withdrawals().create(toBank(buyer, "30.00"));
    provider.succeed(paid.providerRef());
    assertTrue(webhook("msg_g", "payout.completed", paid.providerRef(), paid.id()).processed());
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMPLETED, withdrawal(paid.id()).status());
    assertHeld("0", "70.00");
    Withdrawal failed = engine().withdrawals().create(toBank(buyer, "20.00"));
    provider.fail(failed.providerRef(), "recipient cannot receive payouts");
    assertTrue(webhook("msg_h", "payout.failed", failed.providerRef(), failed.id()).processed());
    assertTrue(webhook("msg_i", "payout.failed", failed.providerRef(), failed.id()).processed());
    assertEquals(WithdrawalStatus.WITHDRAWAL_FAILED, withdrawal(failed.id()).status());
    assertHeld("0", "70.00");
  }

  @Test
  void webhook_racingARefreshCreditsOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        TopUp topUp = engine().topUps().create(buyer.id(), "10.00", "card");
        provider.confirm(topUp.providerRef());
        provider.succeed(topUp.providerRef());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Object>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          int n = i;
          racers.add(CompletableFuture.supplyAsync(() -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return n % 2 == 0 ? engine().topUps().refresh(topUp.id())
                : webhook("msg_r" + topUp.id() + n, "payin.confirmed", topUp.providerRef(), topUp.id());
          }, pool));
        }
        go.countDown();
        for (CompletableFuture<Object> racer : racers) {
          racer.get(30, TimeUnit.SECONDS);
        }
        assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(topUp.id()).status());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(Money.of(150), test.balance(buyer).available(), "five top-ups of 10, each credited once");
  }

  // ---- a process stop between every step of a two-step payout and of a top-up ----

  /** A payout created without commit, then committed: the commit call dies before or after AirTM acted. */
  @Test
  void crashBeforeTheCommitEndsWithOneCommittedPayout() {
    crashAroundTheCommitEndsWithOneCommittedPayout("before");
  }

  @Test
  void crashAfterTheCommitEndsWithOneCommittedPayout() {
    crashAroundTheCommitEndsWithOneCommittedPayout("after");
  }

  private void crashAroundTheCommitEndsWithOneCommittedPayout(String when) {
    Withdrawal created = engine().withdrawals().create(new CreateWithdrawalRequest(buyer.id(), "30.00",
        DestinationType.AIRTM_BALANCE, "buyer@airtm.example", null, false));
    assertEquals(WithdrawalStatus.WITHDRAWAL_CREATED, created.status());
    if (when.equals("before")) {
      provider.crashBeforeNext();
    } else {
      provider.crashAfterNext();
    }
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class, () -> engine().withdrawals().commit(created.id()));
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMMITTED, withdrawal(created.id()).status(), "the decision is kept");
    assertHeld("30.00", "70.00");

    test.restart();
    runBackground();
    assertEquals(WithdrawalStatus.WITHDRAWAL_PENDING, withdrawal(created.id()).status());
    assertEquals(1, provider.payoutCount());
    assertEquals(1, provider.createPayoutCalls(created.id()), "one payout, created once");
    assertEquals(when.equals("before") ? 2 : 1, provider.commitCalls(),
        "after a crash before the commit the runner commits; after one, it finds the payout committed");
    payoutSucceedsAndRunnerCompletes(created.id());
  }

  /** A top-up whose create dies before or after AirTM acted, then confirmed by the payer: one pay-in, one credit. */
  @Test
  void crashBeforeThePayinCreateEndsWithOneCredit() {
    crashAroundThePayinCreateEndsWithOneCredit("before");
  }

  @Test
  void crashAfterThePayinCreateEndsWithOneCredit() {
    crashAroundThePayinCreateEndsWithOneCredit("after");
  }

  private void crashAroundThePayinCreateEndsWithOneCredit(String when) {
    if (when.equals("before")) {
      provider.crashBeforeNext();
    } else {
      provider.crashAfterNext();
    }
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class,
        () -> engine().topUps().create(buyer.id(), "25.00", "card"));
    TopUp intent = engine().topUps().list(buyer.id(), 0, 10).get(0);
    assertEquals(TopUpStatus.TOPUP_CREATED, intent.status());
    assertNull(intent.providerRef());

    test.restart();
    runBackground();
    TopUp awaiting = engine().topUps().get(intent.id());
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, awaiting.status());
    assertEquals(1, provider.payinCount(), "one pay-in");
    provider.confirm(awaiting.providerRef());
    provider.succeed(awaiting.providerRef());
    test.restart();
    runBackground();
    runBackground();
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(intent.id()).status());
    assertEquals(Money.of(125), test.balance(buyer).available(), "credited once");
    assertEquals(1, engine().events().readAfter(0, 1000).stream()
        .filter(e -> e.eventType().equals("topup.succeeded")).count());
  }

  @Test
  void aPayinAbandonedForFifteenDaysIsCanceledByTheRunnerAndALastMinuteConfirmationIsCredited() {
    TopUp abandoned = engine().topUps().create(buyer.id(), "25.00", "card");
    TopUp lastMinute = engine().topUps().create(buyer.id(), "10.00", "card");
    test.clock().advance(Duration.ofDays(14));
    runBackground();
    assertEquals(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, engine().topUps().get(abandoned.id()).status(),
        "still within AirTM's 15 days");
    provider.confirm(lastMinute.providerRef());
    test.clock().advance(Duration.ofDays(2));
    provider.succeed(lastMinute.providerRef());
    runBackground();
    assertEquals(TopUpStatus.TOPUP_CANCELED, engine().topUps().get(abandoned.id()).status());
    assertEquals(com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.CANCELED,
        provider.payinStatus(abandoned.providerRef()).status(), "canceled at the provider too");
    assertEquals(TopUpStatus.TOPUP_SUCCEEDED, engine().topUps().get(lastMinute.id()).status());
    assertEquals(Money.of(110), test.balance(buyer).available());
  }

  @Test
  void aTopUpForAnAccountNoLongerEligibleIsRefusedAndRecordsNothing() {
    provider.account("buyer@airtm.example", true, false);
    OrchestratorException refused = assertThrows(OrchestratorException.class,
        () -> engine().topUps().create(buyer.id(), "25.00", "card"));
    assertEquals(ErrorCode.AIRTM_USER_INVALID, refused.code());
    assertEquals("USER_NOT_VERIFIED", refused.details().get("failureReason"));
    assertEquals(0, engine().topUps().list(buyer.id(), 0, 10).size());
    assertEquals(0, provider.payinCount());
  }
}

package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.EngineStatus;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.spi.observe.EngineListener;
import com.offerhub.orchestrator.spi.observe.StepConfirmation;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.network.CallKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine reports about itself, on any storage: listeners hear every command with its
 * outcome, replays, confirmed on-chain steps and provider errors; {@code status()} shows a pending
 * saga and its age, the deposit watcher's lag and the outbox backlog; operators list sagas and
 * retry a pending one, never an ended one.
 */
public abstract class ObservabilityScenarios {
  /** A fresh, empty storage. */
  protected abstract Storage newStorage();

  private final List<Storage> opened = new ArrayList<>();

  /** Records what it hears as text ({@code command outcome}, {@code replay command}, ...). */
  protected static final class Recording implements EngineListener {
    final List<String> heard = new CopyOnWriteArrayList<>();
    final List<StepConfirmation> steps = new CopyOnWriteArrayList<>();
    final List<Duration> latencies = new CopyOnWriteArrayList<>();

    @Override
    public void commandCompleted(String command, String outcome, Duration latency) {
      heard.add(command + " " + outcome);
      latencies.add(latency);
    }

    @Override
    public void idempotentReplay(String command) {
      heard.add("replay " + command);
    }

    @Override
    public void chainStepConfirmed(StepConfirmation confirmation) {
      steps.add(confirmation);
    }

    @Override
    public void providerError(String provider, String kind) {
      heard.add("error " + provider + " " + kind);
    }
  }

  private TestEngine newTest(TestEngine.Builder builder) {
    Storage storage = newStorage();
    opened.add(storage);
    return builder.storage(storage).build();
  }

  @AfterEach
  void closeStorages() {
    opened.forEach(Storage::close);
    opened.clear();
  }

  @Test
  void listenersHearEveryCommandWithItsOutcomeAndEveryReplay() {
    Recording recording = new Recording();
    TestEngine test = newTest(TestEngine.builder().listener(recording));
    OrchestratorEngine engine = test.engine();
    recording.heard.clear();
    recording.latencies.clear();

    User user = engine.users().create(CreateUserRequest.of("observed-1"));
    OrchestratorEngine.Operations keyed = engine.as(RequestContext.of("key_ops").withIdempotencyKey("obs-key-1"));
    User first = keyed.users().create(CreateUserRequest.of("observed-2"));
    User again = keyed.users().create(CreateUserRequest.of("observed-2"));
    OrchestratorException refused = assertThrows(OrchestratorException.class,
        () -> engine.balances().debit(user.id(), BalanceRequest.of("5.00"), "manual adjustment"));
    engine.balances().credit(user.id(), BalanceRequest.of("5.00"), "manual adjustment");

    assertEquals(first.id(), again.id());
    assertEquals(ErrorCode.INSUFFICIENT_FUNDS, refused.code());
    assertEquals(List.of("users.create ok", "users.create ok", "replay users.create", "users.create ok",
        "balances.DEBIT_AVAILABLE INSUFFICIENT_FUNDS", "balances.CREDIT_AVAILABLE ok"), recording.heard);
    assertEquals(5, recording.latencies.size());
    assertTrue(recording.latencies.stream().noneMatch(Duration::isNegative), recording.latencies.toString());
  }

  @Test
  void aListenerThatThrowsChangesNothingAndTheOthersStillHear() {
    Recording recording = new Recording();
    EngineListener broken = new EngineListener() {
      @Override
      public void commandCompleted(String command, String outcome, Duration latency) {
        throw new IllegalStateException("listener bug (test)");
      }
    };
    TestEngine test = newTest(TestEngine.builder().listener(broken).listener(recording));
    recording.heard.clear();
    User user = test.engine().users().create(CreateUserRequest.of("observed-3"));
    assertEquals(user, test.engine().users().get(user.id()));
    assertEquals(List.of("users.create ok"), recording.heard);
  }

  @Test
  void statusShowsAPendingSagaAndItsAgeAndARetryDrivesItNowThenNeverAgain() {
    Recording recording = new Recording();
    TestEngine test = newTest(TestEngine.builder().listener(recording).syncWait(Duration.ofSeconds(2)));
    OrchestratorEngine engine = test.engine();
    EngineStatus idle = engine.status();
    assertEquals(0, idle.pendingSagas());
    assertEquals(Duration.ZERO, idle.oldestPendingSaga());
    assertEquals(0, idle.outboxUnnumbered());

    User payer = test.fundedUser("payer", "50.00");
    User outside = test.user("outside");
    test.network().failNext(CallKind.BUILD, 1_000_000);
    recording.heard.clear();
    Withdrawal withdrawal = engine.withdrawals().create(CreateWithdrawalRequest.crypto(payer.id(), "10.00",
        engine.wallets().depositAddress(outside.id())));
    assertTrue(recording.heard.contains("withdrawals.create ok"), recording.heard.toString());
    assertTrue(recording.heard.contains("error chain unavailable"), recording.heard.toString());

    List<Saga> pending = engine.sagas().list(SagaState.PENDING, null, 10);
    assertEquals(1, pending.size());
    Saga saga = pending.get(0);
    assertEquals(SagaKind.WITHDRAWAL, saga.kind());
    assertEquals(withdrawal.id(), saga.subjectId());
    assertEquals(saga, engine.sagas().get(saga.id()));
    assertEquals(1, engine.status().pendingSagas());
    assertEquals(Duration.ZERO, engine.status().oldestPendingSaga());
    test.clock().advance(Duration.ofMinutes(5));
    EngineStatus waiting = engine.status();
    assertEquals(1, waiting.pendingSagas());
    assertEquals(Duration.ofMinutes(5), waiting.oldestPendingSaga());
    assertEquals(test.clock().instant(), waiting.at());

    test.network().reset();
    Saga retried = engine.sagas().retry(saga.id());
    assertEquals(SagaState.COMPLETED, retried.state());
    assertEquals(retried, engine.sagas().get(saga.id()));
    assertEquals(0, engine.status().pendingSagas());
    assertEquals(Duration.ZERO, engine.status().oldestPendingSaga());
    assertEquals(1, recording.steps.size());
    StepConfirmation step = recording.steps.get(0);
    assertEquals(SagaKind.WITHDRAWAL, step.kind());
    assertEquals("payment", step.step());
    assertTrue(step.ledger() > 0, step.toString());
    assertNotNull(step.sinceSubmission(), "this runner submitted it");
    assertTrue(step.submittedLedger() > 0 && step.ledgers().isPresent(), "the simulated chain says when it was sent: "
        + step);

    OrchestratorException ended = assertThrows(OrchestratorException.class, () -> engine.sagas().retry(saga.id()));
    assertEquals(ErrorCode.SAGA_NOT_PENDING, ended.code());
    assertEquals(retried, engine.sagas().get(saga.id()), "an ended saga is not touched");
    assertEquals(List.of(saga.id()), engine.sagas().list(SagaState.COMPLETED, null, 10).stream().map(Saga::id)
        .toList());
  }

  @Test
  void aRetryMakesASagaThatIsNotDueYetRunNow() {
    TestEngine test = newTest(TestEngine.builder().syncWait(Duration.ofMillis(500)));
    OrchestratorEngine engine = test.engine();
    User payer = test.fundedUser("payer", "20.00");
    test.network().failNext(CallKind.BUILD, 1_000_000);
    engine.withdrawals().create(CreateWithdrawalRequest.crypto(payer.id(), "5.00",
        engine.wallets().depositAddress(test.user("outside").id())));
    Saga saga = engine.sagas().list(SagaState.PENDING, null, 1).get(0);
    assertTrue(saga.nextAttemptAt().isAfter(test.clock().instant()), "backed off: " + saga);
    assertEquals(0, engine.runPendingWork(), "nothing is due on the frozen clock");
    test.network().reset();
    assertEquals(SagaState.COMPLETED, engine.sagas().retry(saga.id()).state());
  }

  @Test
  void unknownSagasAreNotFoundAndListsPageByKeyset() {
    TestEngine test = newTest(TestEngine.builder());
    OrchestratorEngine engine = test.engine();
    assertEquals(ErrorCode.SAGA_NOT_FOUND, assertThrows(OrchestratorException.class,
        () -> engine.sagas().retry("sga_missing")).code());
    assertEquals(ErrorCode.SAGA_NOT_FOUND, assertThrows(OrchestratorException.class,
        () -> engine.sagas().get("sga_missing")).code());
    assertTrue(engine.sagas().find("sga_missing").isEmpty());

    User payer = test.fundedUser("payer", "20.00");
    String to = engine.wallets().depositAddress(test.user("outside").id());
    for (int i = 0; i < 3; i++) {
      test.clock().advance(Duration.ofSeconds(1));
      engine.withdrawals().create(CreateWithdrawalRequest.crypto(payer.id(), "1.00", to));
    }
    List<Saga> all = engine.sagas().list(null, null, 10);
    assertEquals(3, all.size());
    assertTrue(all.get(0).createdAt().isAfter(all.get(1).createdAt()), "newest first");
    List<Saga> firstPage = engine.sagas().list(SagaState.COMPLETED, null, 2);
    assertEquals(all.subList(0, 2), firstPage);
    Saga last = firstPage.get(1);
    assertEquals(all.subList(2, 3), engine.sagas().list(SagaState.COMPLETED, new Keyset(last.createdAt(), last.id()),
        2));
    assertEquals(List.of(), engine.sagas().list(SagaState.FAILED, null, 10));
  }

  @Test
  void theDepositWatcherLagIsUnknownUntilItsFirstScanThenGrowsWithTime() {
    TestEngine test = newTest(TestEngine.builder());
    OrchestratorEngine engine = test.engine();
    assertNull(engine.status().depositWatcherLag());
    engine.scanDeposits();
    assertEquals(Duration.ZERO, engine.status().depositWatcherLag());
    test.clock().advance(Duration.ofSeconds(30));
    assertEquals(Duration.ofSeconds(30), engine.status().depositWatcherLag());
    engine.watchDeposits();
    assertEquals(Duration.ZERO, engine.status().depositWatcherLag());
  }
}

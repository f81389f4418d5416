package com.offerhub.orchestrator.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.EngineStatus;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.network.CallKind;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrchestratorMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OrchestratorMeters meters = new OrchestratorMeters();

  private TestEngine engine(Duration syncWait) {
    TestEngine test = TestEngine.builder().listener(meters).syncWait(syncWait).build();
    meters.statusOf(test.engine()).bindTo(registry);
    return test;
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  void commandsAndReplaysAreCountedByCommandAndOutcome() {
    TestEngine test = engine(Duration.ofSeconds(5));
    OrchestratorEngine engine = test.engine();
    User user = engine.users().create(CreateUserRequest.of("metered-1"));
    OrchestratorEngine.Operations keyed = engine.as(RequestContext.of("key_m").withIdempotencyKey("m-1"));
    keyed.users().create(CreateUserRequest.of("metered-2"));
    keyed.users().create(CreateUserRequest.of("metered-2"));
    assertThrows(OrchestratorException.class,
        () -> engine.balances().debit(user.id(), BalanceRequest.of("1.00"), "manual adjustment"));

    Timer created = registry.get("offerhub.commands").tags("command", "users.create", "outcome", "ok").timer();
    // three creates, one of them replayed (the platform user came before the registry was bound)
    assertEquals(3, created.count());
    assertTrue(created.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
    assertEquals(1, registry.get("offerhub.commands").tags("command", "balances.DEBIT_AVAILABLE", "outcome",
        "INSUFFICIENT_FUNDS").timer().count());
    assertEquals(1.0, registry.get("offerhub.idempotent.replays").tag("command", "users.create").counter().count());
  }

  @Test
  void sagaGaugesProviderErrorsAndStepLatencyMove() {
    TestEngine test = engine(Duration.ofSeconds(1));
    OrchestratorEngine engine = test.engine();
    assertEquals(0.0, gauge("offerhub.sagas.pending"));
    assertEquals(0.0, gauge("offerhub.sagas.oldest.age"));
    assertTrue(Double.isNaN(gauge("offerhub.deposits.watcher.lag")), "no scan yet");
    assertEquals(0.0, gauge("offerhub.outbox.lag"));
    assertEquals(0.0, gauge("offerhub.outbox.unnumbered"));

    User payer = test.fundedUser("payer", "20.00");
    test.network().failNext(CallKind.BUILD, 1_000_000);
    engine.withdrawals().create(CreateWithdrawalRequest.crypto(payer.id(), "5.00",
        engine.wallets().depositAddress(test.user("outside").id())));
    assertTrue(registry.get("offerhub.provider.errors").tags("provider", "chain", "kind", "unavailable").counter()
        .count() >= 1);
    test.clock().advance(Duration.ofSeconds(90));
    meters.statusOf(engine); // forget the cached status
    assertEquals(1.0, gauge("offerhub.sagas.pending"));
    assertEquals(90.0, gauge("offerhub.sagas.oldest.age"));
    assertEquals(90.0, gauge("offerhub.deposits.watcher.lag"), "the funded user's deposit was scanned 90 s ago");

    test.network().reset();
    String sagaId = engine.sagas().list(SagaState.PENDING, null, 1).get(0).id();
    assertEquals(SagaState.COMPLETED, engine.sagas().retry(sagaId).state());
    meters.statusOf(engine);
    assertEquals(0.0, gauge("offerhub.sagas.pending"));
    assertEquals(1, registry.get("offerhub.chain.step.latency").tags("kind", "WITHDRAWAL", "step", "payment").timer()
        .count());
    DistributionSummary ledgers = registry.get("offerhub.chain.step.ledgers").tags("kind", "WITHDRAWAL", "step", "payment")
        .summary();
    assertEquals(1, ledgers.count(), "the simulated chain reports the ledger a transaction was sent at");
    assertTrue(ledgers.totalAmount() >= 1, "included in a later ledger than it was sent at: " + ledgers.totalAmount());
  }

  @Test
  void aScrapeReadsTheStatusOnceForAllGaugesAndAFailingStatusGivesNaN() {
    AtomicInteger reads = new AtomicInteger();
    EngineStatus status = new EngineStatus(Instant.EPOCH, 3, Duration.ofSeconds(12), null, 2, Duration.ofMillis(1500),
        7);
    meters.statusFrom(() -> {
      reads.incrementAndGet();
      return status;
    }).bindTo(registry);
    assertEquals(3.0, gauge("offerhub.sagas.pending"));
    assertEquals(12.0, gauge("offerhub.sagas.oldest.age"));
    assertEquals(1.5, gauge("offerhub.outbox.lag"));
    assertEquals(2.0, gauge("offerhub.outbox.unnumbered"));
    assertEquals(7.0, gauge("offerhub.outbox.undelivered"));
    assertTrue(Double.isNaN(gauge("offerhub.deposits.watcher.lag")));
    assertEquals(1, reads.get());

    meters.statusFrom(() -> {
      throw new IllegalStateException("database down (test)");
    });
    assertTrue(Double.isNaN(gauge("offerhub.sagas.pending")));
  }

  @Test
  void theHostRecordsSseLag() {
    meters.bindTo(registry);
    meters.recordSseLag(Duration.ofMillis(40));
    meters.recordSseLag(Duration.ofMillis(60));
    Timer sse = registry.get("offerhub.sse.lag").timer();
    assertEquals(2, sse.count());
    assertEquals(100.0, sse.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), 0.001);
    assertNotNull(registry.find("offerhub.sagas.pending").gauge());
    assertTrue(Double.isNaN(gauge("offerhub.sagas.pending")), "no status source yet");
  }
}

package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.EngineStatus;
import com.offerhub.orchestrator.LedgerReport;
import com.offerhub.orchestrator.OrchestratorEngine;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Actuator health of the engine ({@code offerhub} under {@code /actuator/health}). DOWN when
 * the ledger does not verify ({@code engine.ledger().verify()}), or when the oldest pending saga is
 * older than {@code offerhub.health.saga-stuck-after} (on-chain work that does not move). Details:
 * the ledger's state, pending sagas and the oldest one's age, this instance's deposit watcher lag,
 * and the outbox's backlog and lag ({@link OrchestratorEngine#status()}). A verification reads every
 * posting, so its result is reused for {@code offerhub.health.ledger-verify-interval}; the status
 * is a few indexed queries, read on every probe. Durations are ISO-8601 ({@code PT12.5S}).
 * Thread-safe.
 */
public class OrchestratorHealthIndicator implements HealthIndicator {
  /** At most this many ledger problems are listed in the details. */
  static final int PROBLEMS_SHOWN = 5;
  private final OrchestratorEngine engine;
  private final OfferhubProperties.Health settings;
  private LedgerReport lastReport;
  private long lastVerifiedAt;

  public OrchestratorHealthIndicator(OrchestratorEngine engine, OfferhubProperties.Health settings) {
    this.engine = engine;
    this.settings = settings;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    LedgerReport ledger;
    EngineStatus status;
    try {
      ledger = ledger();
      status = engine.status();
    } catch (RuntimeException e) {
      return Health.down().withDetail("engine", "cannot be read").withException(e).build();
    }
    health.withDetail("ledger", ledger.isClean() ? "verified" : "not verified")
        .withDetail("ledgerPostings", ledger.postings());
    if (!ledger.isClean()) {
      List<String> problems = ledger.problems();
      health.down().withDetail("ledgerProblems", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())))
          .withDetail("ledgerProblemCount", problems.size());
    }
    health.withDetail("pendingSagas", status.pendingSagas())
        .withDetail("oldestPendingSagaAge", status.oldestPendingSaga().toString())
        .withDetail("depositWatcherLag", status.depositWatcherLag() == null ? "not scanning on this instance"
            : status.depositWatcherLag().toString())
        .withDetail("outboxUnnumbered", status.outboxUnnumbered())
        .withDetail("outboxLag", status.outboxOldestUnnumbered().toString())
        .withDetail("outboxUndelivered", status.outboxUndelivered());
    Duration stuckAfter = settings.getSagaStuckAfter();
    if (status.oldestPendingSaga().compareTo(stuckAfter) > 0) {
      health.down().withDetail("sagaStuck", "the oldest pending saga is older than " + stuckAfter
          + " (offerhub.health.saga-stuck-after)");
    }
    return health.build();
  }

  /** The last verification if it is recent enough, else a new one. */
  private synchronized LedgerReport ledger() {
    Duration interval = settings.getLedgerVerifyInterval();
    long now = System.nanoTime();
    if (lastReport == null || interval.isZero() || now - lastVerifiedAt >= interval.toNanos()) {
      lastReport = engine.ledger().verify();
      lastVerifiedAt = now;
    }
    return lastReport;
  }
}

package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.LedgerReport;
import com.offerhub.orchestrator.OrchestratorEngine;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Actuator health of the engine ({@code offerhub} under {@code /actuator/health}): DOWN when the
 * ledger does not verify ({@code engine.ledger().verify()}). A verification reads every posting, so
 * its result is reused for {@code offerhub.health.ledger-verify-interval}. Thread-safe.
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
    try {
      ledger = ledger();
    } catch (RuntimeException e) {
      return Health.down().withDetail("ledger", "cannot be read").withException(e).build();
    }
    health.withDetail("ledger", ledger.isClean() ? "verified" : "not verified")
        .withDetail("ledgerPostings", ledger.postings());
    if (!ledger.isClean()) {
      List<String> problems = ledger.problems();
      health.down().withDetail("ledgerProblems", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())))
          .withDetail("ledgerProblemCount", problems.size());
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

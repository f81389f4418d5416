package com.offerhub.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A cheap snapshot of the engine's health ({@link OrchestratorEngine#status()}), read from a few
 * indexed queries: what is waiting and for how long. For health checks and metrics gauges.
 *
 * @param at when it was read (engine clock)
 * @param pendingSagas on-chain sagas not yet COMPLETED or FAILED, of every instance
 * @param oldestPendingSaga the age of the oldest of them ({@link Duration#ZERO} when none): one
 *     that keeps growing is stuck
 * @param depositWatcherLag time since this instance last finished a deposit scan; null when it has
 *     not scanned (before its first scan, and on an instance that does not lead the watch)
 * @param outboxUnnumbered events committed but not yet numbered, so not yet visible to readers
 *     (non-zero only on a storage that numbers after commit, PostgreSQL)
 * @param outboxOldestUnnumbered the age of the oldest of them ({@link Duration#ZERO} when none)
 * @param outboxUndelivered numbered events this instance has not yet delivered to its slowest live
 *     subscriber (0 without subscribers)
 */
public record EngineStatus(Instant at, long pendingSagas, Duration oldestPendingSaga, Duration depositWatcherLag,
    long outboxUnnumbered, Duration outboxOldestUnnumbered, long outboxUndelivered) {
  public EngineStatus {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(oldestPendingSaga, "oldestPendingSaga");
    Objects.requireNonNull(outboxOldestUnnumbered, "outboxOldestUnnumbered");
  }
}

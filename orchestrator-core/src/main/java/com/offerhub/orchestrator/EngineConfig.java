package com.offerhub.orchestrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine settings. Immutable; {@link #defaults()} then {@code with*} to change one. Invalid values
 * are refused when the engine is built, never corrected silently.
 *
 * @param platformExternalUserId external id of the platform user whose wallet deploys contracts,
 *     resolves disputes and receives the platform fee
 * @param platformFeeBps platform fee per escrow in basis points (100 = 1 %)
 * @param syncWait how long a command waits for its on-chain work before returning the
 *     intermediate state (the work then finishes in the background)
 * @param idempotencyTtl how long an idempotency key is remembered
 * @param eventRetention how long outbox events are kept for replay
 * @param sagaRetryDelay first delay before an on-chain step is retried (doubles up to 32 times it)
 * @param sagaLease how long a runner holds a saga it drives; after a crash another runner takes the
 *     saga over once the lease has run out. Must exceed the longest single on-chain step.
 * @param depositWatcherLease how long the instance that watches for deposits keeps the lead without
 *     renewing it (it renews on every scan, so it must exceed the interval of the background jobs);
 *     when the leader stops or dies, another instance takes over within this time
 * @param treasury the platform treasury that funds escrows for fiat balances (ARCHITECTURE rule 11),
 *     or null when buyers fund escrows from their own wallets (crypto mode)
 */
public record EngineConfig(String platformExternalUserId, int platformFeeBps, Duration syncWait,
    Duration idempotencyTtl, Duration eventRetention, Duration sagaRetryDelay, Duration sagaLease,
    Duration depositWatcherLease, Treasury treasury) {
  /**
   * The treasury: the user (by external id) whose wallet funds escrows and receives their payouts,
   * and the balance below which each advance raises {@code treasury.balance_low} (zero: never).
   */
  public record Treasury(String externalUserId, com.offerhub.orchestrator.model.Money lowBalance) {
    public Treasury {
      java.util.Objects.requireNonNull(externalUserId, "externalUserId");
      lowBalance = lowBalance == null ? com.offerhub.orchestrator.model.Money.ZERO : lowBalance;
    }
  }

  public static EngineConfig defaults() {
    return new EngineConfig("offerhub-platform", 0, Duration.ofSeconds(10), Duration.ofHours(24),
        Duration.ofDays(7), Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(15), null);
  }

  public EngineConfig withDepositWatcherLease(Duration lease) {
    return new EngineConfig(platformExternalUserId, platformFeeBps, syncWait, idempotencyTtl, eventRetention,
        sagaRetryDelay, sagaLease, lease, treasury);
  }

  public EngineConfig withSagaLease(Duration lease) {
    return new EngineConfig(platformExternalUserId, platformFeeBps, syncWait, idempotencyTtl, eventRetention,
        sagaRetryDelay, lease, depositWatcherLease, treasury);
  }

  public EngineConfig withPlatformFeeBps(int bps) {
    return new EngineConfig(platformExternalUserId, bps, syncWait, idempotencyTtl, eventRetention, sagaRetryDelay,
        sagaLease, depositWatcherLease, treasury);
  }

  public EngineConfig withSyncWait(Duration wait) {
    return new EngineConfig(platformExternalUserId, platformFeeBps, wait, idempotencyTtl, eventRetention,
        sagaRetryDelay, sagaLease, depositWatcherLease, treasury);
  }

  public EngineConfig withPlatformExternalUserId(String id) {
    return new EngineConfig(id, platformFeeBps, syncWait, idempotencyTtl, eventRetention, sagaRetryDelay,
        sagaLease, depositWatcherLease, treasury);
  }

  public EngineConfig withEventRetention(Duration retention) {
    return new EngineConfig(platformExternalUserId, platformFeeBps, syncWait, idempotencyTtl, retention,
        sagaRetryDelay, sagaLease, depositWatcherLease, treasury);
  }

  public EngineConfig withSagaRetryDelay(Duration delay) {
    return new EngineConfig(platformExternalUserId, platformFeeBps, syncWait, idempotencyTtl, eventRetention, delay,
        sagaLease, depositWatcherLease, treasury);
  }

  /** With a treasury funding escrows for fiat balances (null: none). */
  public EngineConfig withTreasury(Treasury newTreasury) {
    return new EngineConfig(platformExternalUserId, platformFeeBps, syncWait, idempotencyTtl, eventRetention,
        sagaRetryDelay, sagaLease, depositWatcherLease, newTreasury);
  }

  /** Every problem with these settings, empty when valid. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (platformExternalUserId == null || platformExternalUserId.isBlank()) {
      problems.add("platformExternalUserId is required");
    }
    if (platformFeeBps < 0 || platformFeeBps > 10_000) {
      problems.add("platformFeeBps must be 0..10000, was " + platformFeeBps);
    }
    requirePositive(problems, "idempotencyTtl", idempotencyTtl);
    requirePositive(problems, "eventRetention", eventRetention);
    requirePositive(problems, "sagaRetryDelay", sagaRetryDelay);
    requirePositive(problems, "sagaLease", sagaLease);
    requirePositive(problems, "depositWatcherLease", depositWatcherLease);
    if (treasury != null && (treasury.externalUserId().isBlank()
        || treasury.externalUserId().equals(platformExternalUserId))) {
      problems.add("treasury.externalUserId must be set and differ from platformExternalUserId");
    }
    if (syncWait == null || syncWait.isNegative()) {
      problems.add("syncWait must be zero or positive");
    }
    return problems;
  }

  private static void requirePositive(List<String> problems, String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(name + " must be positive");
    }
  }
}

package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases and shared rate limits for tests, in memory: the storage-backed {@link StorageLeaseService}
 * and {@link StorageRateLimiter} on a private {@link InMemoryStorage}, so they behave exactly as
 * they do on a database. Give it a {@link MutableClock} to move lease expiry and rate-limit windows
 * by hand: a caller waiting for a permit looks again every few milliseconds, so it goes on soon
 * after the test moves the clock. Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
 * InMemoryCoordination coordination = new InMemoryCoordination(clock);
 * RateLimiter limiter = coordination.rateLimiter("trustless-work:key-1", 50, Duration.ofMinutes(1));
 * }</pre>
 */
public final class InMemoryCoordination implements LeaseService {
  private static final Duration POLL = Duration.ofMillis(5);
  private final InMemoryStorage storage = new InMemoryStorage();
  private final Clock clock;
  private final StorageLeaseService leases;

  /** On the system clock. */
  public InMemoryCoordination() {
    this(Clock.systemUTC());
  }

  public InMemoryCoordination(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.leases = StorageLeaseService.of(storage, clock);
  }

  @Override
  public boolean tryAcquire(String name, String owner, Duration duration) {
    return leases.tryAcquire(name, owner, duration);
  }

  @Override
  public void release(String name, String owner) {
    leases.release(name, owner);
  }

  /** Who holds {@code name} now (empty when nobody does or the lease has run out). */
  public Optional<String> holder(String name) {
    return leases.holder(name);
  }

  /**
   * A limiter admitting {@code limit} calls per {@code window} (sliding); limiters of one key from
   * this object share the permits, as instances sharing a database do.
   */
  public StorageRateLimiter rateLimiter(String key, int limit, Duration window) {
    return StorageRateLimiter.of(storage, key, limit, window, clock).withMaxSleep(POLL);
  }
}

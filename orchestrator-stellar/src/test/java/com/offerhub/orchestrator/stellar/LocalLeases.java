package com.offerhub.orchestrator.stellar;

import com.offerhub.orchestrator.spi.coordination.LeaseService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Leases in one process, enough for tests of one adapter. */
final class LocalLeases implements LeaseService {
  private final Clock clock;
  private final Map<String, Lease> leases = new HashMap<>();

  LocalLeases(Clock clock) {
    this.clock = clock;
  }

  LocalLeases() {
    this(Clock.systemUTC());
  }

  private record Lease(String owner, Instant until) {
  }

  @Override
  public synchronized boolean tryAcquire(String name, String owner, Duration duration) {
    Instant now = clock.instant();
    Lease current = leases.get(name);
    if (current == null || current.owner.equals(owner) || !current.until.isAfter(now)) {
      leases.put(name, new Lease(owner, now.plus(duration)));
      return true;
    }
    return false;
  }

  @Override
  public synchronized void release(String name, String owner) {
    Lease current = leases.get(name);
    if (current != null && current.owner.equals(owner)) {
      leases.remove(name);
    }
  }

  synchronized boolean isHeld(String name) {
    Lease current = leases.get(name);
    return current != null && current.until.isAfter(clock.instant());
  }
}

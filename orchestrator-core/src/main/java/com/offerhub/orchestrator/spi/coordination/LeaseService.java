package com.offerhub.orchestrator.spi.coordination;

import java.time.Duration;

/**
 * Named, time-bounded exclusive leases shared by every instance on one database (a deposit
 * watcher's leadership, a channel account in use). A lease that is not renewed ends by itself, so a
 * crashed holder never blocks the others for longer than its duration. Thread-safe.
 *
 * <p>{@code com.offerhub.orchestrator.coordination.StorageLeaseService} keeps leases in the engine's
 * storage; the testkit's {@code InMemoryCoordination} does the same in memory for tests.
 */
public interface LeaseService {
  /**
   * Takes {@code name} for {@code owner} for {@code duration} if it is free, expired, or already
   * held by {@code owner} (then it is renewed).
   *
   * @return true if {@code owner} holds the lease when the call returns
   */
  boolean tryAcquire(String name, String owner, Duration duration);

  /** Ends the lease if {@code owner} holds it; does nothing otherwise. */
  void release(String name, String owner);
}

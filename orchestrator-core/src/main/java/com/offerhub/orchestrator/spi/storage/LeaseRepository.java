package com.offerhub.orchestrator.spi.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Named exclusive leases with an owner and an expiry, the storage behind
 * {@code com.offerhub.orchestrator.spi.coordination.LeaseService}. Times come from the caller's
 * clock, so every instance sharing a database must keep its clock close to the others'.
 */
public interface LeaseRepository {
  /** A lease as stored: {@code owner} holds {@code name} until {@code expiresAt}. */
  record Lease(String name, String owner, Instant expiresAt) {}

  /**
   * Gives {@code name} to {@code owner} until {@code expiresAt} if nobody holds it, if its holder's
   * lease ended at or before {@code now}, or if {@code owner} holds it already (a renewal). A
   * conditional write that holds under concurrency: of callers racing for a free lease, one wins.
   *
   * @return whether {@code owner} holds the lease afterwards
   */
  boolean tryAcquire(String name, String owner, Instant now, Instant expiresAt);

  /** Ends the lease if {@code owner} holds it (expired or not); returns whether it did. */
  boolean release(String name, String owner);

  /** The stored lease, expired or not. */
  Optional<Lease> find(String name);
}

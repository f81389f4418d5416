package com.offerhub.orchestrator.coordination;

import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import com.offerhub.orchestrator.spi.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases kept in the engine's storage, so every instance on one database sees the same holder.
 * Each call is one short transaction of its own; never call it inside another storage transaction.
 * Expiry is judged by {@code clock}: the instances' clocks must agree to well within a lease.
 * Thread-safe.
 *
 * <pre>{@code
 * LeaseService leases = StorageLeaseService.of(storage, Clock.systemUTC());
 * if (leases.tryAcquire("deposit-watcher", instanceId, Duration.ofSeconds(15))) { ... }
 * }</pre>
 */
public final class StorageLeaseService implements LeaseService {
  private final Storage storage;
  private final Clock clock;

  private StorageLeaseService(Storage storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  public static StorageLeaseService of(Storage storage, Clock clock) {
    return new StorageLeaseService(Objects.requireNonNull(storage, "storage == null"),
        Objects.requireNonNull(clock, "clock == null"));
  }

  @Override
  public boolean tryAcquire(String name, String owner, Duration duration) {
    ShortTransactions.name("lease name", name);
    ShortTransactions.name("lease owner", owner);
    ShortTransactions.positive("lease duration", duration);
    return ShortTransactions.write(storage, session -> {
      Instant now = clock.instant();
      return session.leases().tryAcquire(name, owner, now, now.plus(duration));
    });
  }

  @Override
  public void release(String name, String owner) {
    ShortTransactions.name("lease name", name);
    ShortTransactions.name("lease owner", owner);
    ShortTransactions.write(storage, session -> session.leases().release(name, owner));
  }

  /** Who holds {@code name} now (empty when nobody does or the lease has run out). */
  public Optional<String> holder(String name) {
    ShortTransactions.name("lease name", name);
    Instant now = clock.instant();
    return storage.read(session -> session.leases().find(name)).filter(lease -> lease.expiresAt().isAfter(now))
        .map(LeaseRepository.Lease::owner);
  }
}

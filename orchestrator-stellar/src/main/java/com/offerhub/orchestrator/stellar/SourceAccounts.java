package com.offerhub.orchestrator.stellar;

import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform-owned accounts that serve as transaction sources (the channel accounts, or the
 * funding account when none are configured). Stellar applies one transaction per source account
 * and sequence number, so a source is leased for as long as a transaction on it may still land,
 * and two instances never build on one source at once. A lease taken for a transaction is given
 * back when its outcome is known, or ends by itself after the transaction's upper time bound.
 */
final class SourceAccounts {
  private static final Duration MARGIN = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final List<String> accounts;
  private final LeaseService leases;
  private final String instanceId;
  private final AtomicLong uses = new AtomicLong();
  private final Map<String, Held> byHash = new ConcurrentHashMap<>();

  SourceAccounts(List<String> accounts, LeaseService leases, String instanceId) {
    if (accounts.isEmpty()) {
      throw new IllegalArgumentException("at least one source account is needed");
    }
    this.accounts = List.copyOf(accounts);
    this.leases = leases;
    this.instanceId = instanceId;
  }

  /** A leased source, held until {@link Held#release()} or until {@code validUntil} plus a margin. */
  final class Held {
    final String account;
    private final String owner;
    private final Instant expires;

    private Held(String account, String owner, Instant expires) {
      this.account = account;
      this.owner = owner;
      this.expires = expires;
    }

    void release() {
      leases.release(leaseName(account), owner);
    }

    /** Keeps the lease until the outcome of {@code hash} is seen (or the lease runs out). */
    void holdFor(String hash) {
      byHash.put(hash, this);
    }
  }

  /**
   * Leases a free source for a transaction valid until {@code validUntil}, waiting a little when
   * all are busy.
   *
   * @throws ChainException when none came free in time
   */
  Held acquire(Instant now, Instant validUntil) {
    Duration duration = Duration.between(now, validUntil).plus(MARGIN);
    if (duration.isNegative() || duration.isZero()) {
      duration = MARGIN;
    }
    String owner = instanceId + "/" + uses.incrementAndGet();
    long deadline = System.nanoTime() + WAIT.toNanos();
    int start = ThreadLocalRandom.current().nextInt(accounts.size());
    long pause = 20;
    while (true) {
      for (int i = 0; i < accounts.size(); i++) {
        String account = accounts.get((start + i) % accounts.size());
        if (leases.tryAcquire(leaseName(account), owner, duration)) {
          return new Held(account, owner, now.plus(duration));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new ChainException("all " + accounts.size() + " platform source accounts are busy; try again later");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException("interrupted while waiting for a free platform source account");
      }
      pause = Math.min(pause * 2, 500);
    }
  }

  /** The outcome of {@code hash} is known: its source may carry the next transaction. */
  void settled(String hash) {
    Held held = byHash.remove(hash);
    if (held != null) {
      held.release();
    }
  }

  /** Forgets leases that have run out by themselves. */
  void forgetExpired(Instant now) {
    byHash.values().removeIf(held -> held.expires.isBefore(now));
  }

  static String leaseName(String account) {
    return "stellar-source:" + account;
  }
}

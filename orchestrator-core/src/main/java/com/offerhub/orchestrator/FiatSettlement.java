package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.TxScope;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What fiat withdrawals (payouts) and top-ups (pay-ins) share (ARCHITECTURE rule 12): asking the
 * provider about a payment whose create answer may have been lost ({@link #ask}), and the
 * background loop that settles such payments on their own schedule ({@link #settleDue}).
 *
 * <p>The schedule ({@link SettlementRepository}) has one entry per fiat payment that is not final.
 * A runner claims an entry with a conditional update that moves it to the end of a lease far longer
 * than a provider call, asks, and then reschedules it: soon after a real change, otherwise later
 * and later (doubling, at most {@link #MAX_DELAY}) while the provider answers nothing new or
 * nothing at all. The withdrawal or top-up itself changes only when the provider's answer changes
 * it. Thread-safe.
 */
final class FiatSettlement {
  private static final Logger LOG = LoggerFactory.getLogger(FiatSettlement.class);
  /** How long after its creation, or after a change, a payment is first asked about again. */
  static final Duration FIRST_DELAY = Duration.ofSeconds(30);
  static final Duration MAX_DELAY = Duration.ofMinutes(10);
  /** How long a claim keeps other runners away: far longer than one or two provider calls. */
  static final Duration LEASE = Duration.ofMinutes(5);
  /** How long one background run spends on fiat settlement before leaving the rest for the next. */
  static final Duration RUN_BUDGET = Duration.ofSeconds(20);

  /** The provider calls for one payment of one kind. */
  interface Calls {
    ProviderPayment status(String providerRef);

    Optional<ProviderPayment> find(String reference);

    ProviderPayment create();
  }

  /** What one settlement attempt came to. */
  enum Progress { FINAL, CHANGED, UNCHANGED }

  /** The kind-specific part of the loop: settles one claimed payment as {@code refresh} does. */
  interface Settler {
    /** @throws RuntimeException the outcome is unknown (provider not answering); nothing changed */
    Progress settle(String paymentId);
  }

  private final EngineContext engine;
  private final Map<SettlementRepository.Kind, Settler> settlers;

  FiatSettlement(EngineContext engine, Map<SettlementRepository.Kind, Settler> settlers) {
    this.engine = engine;
    this.settlers = Map.copyOf(settlers);
  }

  /**
   * One question to the provider about a payment whose reference is the engine's id: its status
   * when the provider's reference is known; else the create, preceded when {@code resuming} (an
   * earlier create's answer may have been lost) by a lookup by reference (spec/06 §5.3, §6.3). A
   * refusal of a resumed create is trusted only if a second lookup right after still finds nothing:
   * a provider whose lookup lags behind its creates may refuse a reference it already has ("already
   * used") while the first payment lands.
   *
   * @throws ProviderException the answer is unknown
   */
  static ProviderPayment ask(String providerRef, String reference, boolean resuming, Calls calls) {
    if (providerRef != null) {
      return calls.status(providerRef);
    }
    if (!resuming) {
      return calls.create();
    }
    Optional<ProviderPayment> known = calls.find(reference);
    if (known.isPresent()) {
      return known.get();
    }
    ProviderPayment created = calls.create();
    boolean refused = created.providerRef() == null;
    return refused ? calls.find(reference).orElse(created) : created;
  }

  /** Schedules a new fiat payment: first asked about by the background runner after {@link #FIRST_DELAY}. */
  static void schedule(TxScope scope, String paymentId, SettlementRepository.Kind kind) {
    scope.session.settlements().add(paymentId, kind, scope.now.plus(FIRST_DELAY));
  }

  /**
   * Settles the payments that are due, at most {@code limit} and for about {@link #RUN_BUDGET}.
   * Returns how many this runner claimed.
   */
  int settleDue(int limit) {
    if (engine.provider == null) {
      return 0;
    }
    long deadline = System.nanoTime() + RUN_BUDGET.toNanos();
    List<SettlementRepository.Entry> due = engine.tx.read(scope -> scope.session.settlements().listDue(scope.now,
        limit));
    int claimed = 0;
    for (SettlementRepository.Entry entry : due) {
      if (System.nanoTime() - deadline > 0) {
        break;
      }
      Optional<Instant> lease = claim(entry);
      if (lease.isEmpty()) {
        continue;
      }
      claimed++;
      Progress progress;
      try {
        progress = settlers.get(entry.kind()).settle(entry.paymentId());
      } catch (RuntimeException e) {
        LOG.warn("{} {} still unsettled, will ask again: {}", entry.kind(), entry.paymentId(), e.toString());
        progress = Progress.UNCHANGED;
      }
      release(entry, lease.get(), progress);
    }
    return claimed;
  }

  private Optional<Instant> claim(SettlementRepository.Entry entry) {
    return engine.tx.write(RequestContext.system(), scope -> {
      Instant until = scope.now.plus(LEASE);
      return scope.session.settlements().claim(entry.paymentId(), scope.now, until) ? Optional.of(until)
          : Optional.<Instant>empty();
    });
  }

  private void release(SettlementRepository.Entry entry, Instant lease, Progress progress) {
    engine.tx.write(RequestContext.system(), scope -> {
      if (progress == Progress.FINAL) {
        scope.session.settlements().remove(entry.paymentId());
      } else {
        int attempts = progress == Progress.CHANGED ? 0 : entry.attempts() + 1;
        scope.session.settlements().reschedule(entry.paymentId(), lease, scope.now.plus(delay(attempts)), attempts);
      }
      return null;
    });
  }

  /** {@link #FIRST_DELAY} doubled for every fruitless attempt, at most {@link #MAX_DELAY}. */
  static Duration delay(int attempts) {
    Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(attempts, 16));
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }
}

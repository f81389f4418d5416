package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Credits incoming USDC payments to users' wallets exactly once (ARCHITECTURE rule 8): each credit
 * inserts the (hash, operation index) row in the transaction that posts it, so concurrent watchers
 * on several instances are harmless. The cursor is persisted with the last credited page.
 *
 * <p>Leadership is for efficiency, not correctness: as a background job the watcher scans only
 * while its instance holds the lease {@value #LEASE}, renewed on every scan, so of any number of
 * instances on one database one reads the chain; when it stops or dies, another takes over within
 * one lease period ({@code EngineConfig.depositWatcherLease}).
 */
public final class DepositWatcher {
  static final String CURSOR = "deposits.stellar";
  /** The name of the lease held by the instance that watches. */
  public static final String LEASE = "deposit-watcher";
  /** Payments credited in one transaction at most (a page's payments to our wallets, in chunks). */
  static final int CREDITS_PER_TRANSACTION = 50;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DepositWatcher.class);
  private final EngineContext engine;
  private final LeaseService leases;
  private final String instanceId;
  private volatile boolean leading;
  /** When this instance last finished a scan of a page (engine clock), null before its first. */
  private volatile java.time.Instant lastScan;

  public DepositWatcher(EngineContext engine, LeaseService leases, String instanceId) {
    this.engine = engine;
    this.leases = leases;
    this.instanceId = instanceId;
  }

  /**
   * Takes or renews the lease for this instance and, if it holds it, scans from the stored cursor;
   * returns how many payments were credited (0 when another instance leads). While the adapter
   * says more payments wait it reads on, renewing the lease on every page, for at most a third of
   * the lease: a busy network (mainnet carries thousands of payments a ledger) outruns one page per
   * run, and the other background jobs of the run still get their turn.
   */
  public int scanIfLeader(int limit) {
    leading = leases.tryAcquire(LEASE, instanceId, engine.config.depositWatcherLease());
    if (!leading) {
      return 0;
    }
    long budget = engine.config.depositWatcherLease().toNanos() / 3;
    long start = System.nanoTime();
    int credited = 0;
    while (true) {
      Scan scan = scan(limit);
      credited += scan.credited();
      if (!scan.more() || System.nanoTime() - start >= budget) {
        return credited;
      }
      leading = leases.tryAcquire(LEASE, instanceId, engine.config.depositWatcherLease());
      if (!leading) {
        return credited;
      }
    }
  }

  /** Hands the lead over at once (the engine is closing) instead of letting the lease run out. */
  public void stepDown() {
    if (leading) {
      leading = false;
      leases.release(LEASE, instanceId);
    }
  }

  /** Scans one page from the stored cursor; returns how many payments were credited. */
  public int scanOnce(int limit) {
    return scan(limit).credited();
  }

  /** What one page gave: the payments credited, and whether more wait right after it. */
  private record Scan(int credited, boolean more) {}

  /**
   * Reads one page, credits the payments into our wallets, then stores the page's cursor: the
   * cursor never passes a payment before its credit committed (a crash in between reads the page
   * again, and the (hash, operation index) key makes the repeat harmless). Nothing outlives the
   * call but the stored cursor, so memory does not grow with the ledgers read.
   */
  private Scan scan(int limit) {
    String cursor = engine.tx.read(scope -> scope.session.cursors().get(CURSOR)).orElse(null);
    PaymentPage page = engine.chain.scanPayments(cursor, limit);
    int credited = 0;
    if (!page.payments().isEmpty()) {
      // Almost every payment on a busy network is other people's: one query for the page's
      // recipients sets ours apart, and only those cost a write transaction.
      Set<String> recipients = new HashSet<>();
      page.payments().forEach(payment -> recipients.add(payment.to()));
      Set<String> ours = engine.tx.read(scope -> scope.session.wallets().knownPublicKeys(recipients));
      List<IncomingPayment> mine = new ArrayList<>();
      page.payments().stream().filter(payment -> ours.contains(payment.to())).forEach(mine::add);
      for (int from = 0; from < mine.size(); from += CREDITS_PER_TRANSACTION) {
        credited += creditTogether(mine.subList(from, Math.min(mine.size(), from + CREDITS_PER_TRANSACTION)));
      }
    }
    // A page may hold nothing for us and still move the cursor (a real network's traffic is mostly
    // other people's payments): keep that progress, or the next scan reads the same stretch again.
    boolean advanced = page.nextCursor() != null && !page.nextCursor().equals(cursor);
    if (advanced) {
      engine.tx.write(RequestContext.system(), scope -> {
        scope.session.cursors().put(CURSOR, page.nextCursor());
        return null;
      });
    }
    lastScan = engine.now();
    return new Scan(credited, advanced && page.more());
  }

  /**
   * When this instance last finished scanning a page, credits and cursor stored; null before its
   * first (and on an instance that never leads the watch).
   */
  public java.time.Instant lastScan() {
    return lastScan;
  }

  /**
   * Credits one payment if it is to one of our wallets, new, and not a payout of one of our own
   * escrow contracts (the saga that released or refunded it booked that money already). Payments
   * from any other sender, other applications' contracts included, are credited once, with the
   * sender recorded on the deposit.
   */
  public boolean credit(IncomingPayment payment, String source) {
    return engine.tx.write(RequestContext.system(), scope -> credit(scope, payment, source));
  }

  /**
   * Credits {@code payments} in one transaction, each exactly as {@link #credit} would (its own
   * deposit row, posting, audit entry and event), so a busy page costs one commit instead of one a
   * payment; returns how many were credited. Balances are locked in wallet order, the same order
   * whichever watcher runs, and one wallet's payments keep their page order. If the transaction
   * fails (a payment that cannot be booked, a lock conflict), each payment is credited on its own,
   * and the first failure is thrown after the others were credited.
   */
  private int creditTogether(List<IncomingPayment> payments) {
    if (payments.size() > 1) {
      List<IncomingPayment> ordered = new ArrayList<>(payments);
      ordered.sort(Comparator.comparing(IncomingPayment::to));
      try {
        return engine.tx.write(RequestContext.system(), scope -> {
          int credited = 0;
          for (IncomingPayment payment : ordered) {
            credited += credit(scope, payment, "stellar_deposit") ? 1 : 0;
          }
          return credited;
        });
      } catch (RuntimeException e) {
        LOG.warn("crediting {} payments together failed, crediting them one by one: {}", payments.size(), e.toString());
      }
    }
    int credited = 0;
    RuntimeException first = null;
    for (IncomingPayment payment : payments) {
      try {
        credited += credit(payment, "stellar_deposit") ? 1 : 0;
      } catch (RuntimeException e) {
        // the others are still credited; the failure stops the scan before its cursor moves on
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
    return credited;
  }

  private boolean credit(TxScope scope, IncomingPayment payment, String source) {
    Optional<Wallet> wallet = scope.session.wallets().findByPublicKey(payment.to());
    if (wallet.isEmpty()) {
      return false;
    }
    if (payment.from() != null && scope.session.escrows().findByContract(payment.from()).isPresent()) {
      return false;
    }
    String userId = wallet.get().userId();
    boolean fresh = scope.session.deposits().insertIfAbsent(new Deposit(payment.transactionHash(),
        payment.operationIndex(), userId, payment.to(), payment.amount(), source, scope.now, payment.from()));
    if (!fresh) {
      return false;
    }
    Books.Change change = scope.books().transfer("CREDIT_AVAILABLE", payment.transactionHash(),
        LedgerAccounts.DEPOSITS, LedgerAccounts.available(userId), payment.amount()).get(userId);
    scope.audit("CREDIT_AVAILABLE", "balance", userId, userId, Payloads.balance(change.before()),
        Payloads.audit("available", change.after().available(), "reserved", change.after().reserved(),
            "transactionHash", payment.transactionHash(), "source", source, "sender", payment.from()));
    var payload = Payloads.credited(change, payment.amount(), source, payment.transactionHash());
    payload.put("transactionHash", payment.transactionHash());
    payload.put("onChainAmount", payment.amount().formatChain());
    scope.event("balance.credited", "Balance", userId, userId, payload);
    return true;
  }
}

package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.ApiKeyRepository;
import com.offerhub.orchestrator.spi.storage.AuditRepository;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import com.offerhub.orchestrator.spi.storage.CursorRepository;
import com.offerhub.orchestrator.spi.storage.DepositRepository;
import com.offerhub.orchestrator.spi.storage.DisputeRepository;
import com.offerhub.orchestrator.spi.storage.EscrowRepository;
import com.offerhub.orchestrator.spi.storage.IdempotencyRepository;
import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import com.offerhub.orchestrator.spi.storage.LedgerRepository;
import com.offerhub.orchestrator.spi.storage.OrderRepository;
import com.offerhub.orchestrator.spi.storage.OutboxRepository;
import com.offerhub.orchestrator.spi.storage.PermitRepository;
import com.offerhub.orchestrator.spi.storage.SagaRepository;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import com.offerhub.orchestrator.spi.storage.StorageSession;
import com.offerhub.orchestrator.spi.storage.TopUpRepository;
import com.offerhub.orchestrator.spi.storage.UserRepository;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import com.offerhub.orchestrator.spi.storage.WithdrawalRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One transaction over a {@link MemoryDatabase}: private writes until commit, row and unique-key
 * locks held until the end, sequences assigned at commit. Each aggregate's repository is its own
 * class ({@code MemoryUsers}, {@code MemoryLedger}, ...), created once per transaction; they read and
 * write tables through a {@link TableView}. Single-threaded; unusable after it ends.
 */
public final class MemoryTransaction implements StorageSession {
  /** The write-set value of a deleted row. */
  static final Object DELETED = new Object();
  final MemoryDatabase db;
  private final boolean readOnly;
  private boolean open = true;
  /** This transaction's rows by table and id, in first-write order; {@link #DELETED} for a deletion. */
  private final Map<Table<?>, Map<String, Object>> writes = new LinkedHashMap<>();
  private final Set<String> held = new LinkedHashSet<>();
  private final MemoryUsers users;
  private final MemoryWallets wallets;
  private final MemoryBalances balances;
  private final MemoryOrders orders;
  private final MemoryEscrows escrows;
  private final MemoryDisputes disputes;
  private final MemoryWithdrawals withdrawals;
  private final MemoryTopUps topUps;
  private final MemorySettlements settlements;
  private final MemoryApiKeys apiKeys;
  private final MemoryDeposits deposits;
  private final MemoryLedger ledger;
  private final MemoryOutbox outbox;
  private final MemoryIdempotency idempotency;
  private final MemoryAudit audit;
  private final MemorySagas sagas;
  private final MemoryCursors cursors;
  private final MemoryLeases leases;
  private final MemoryPermits permits;
  private final MemoryWebhookInbox webhookInbox;

  public MemoryTransaction(MemoryDatabase db, boolean readOnly) {
    this.db = db;
    this.readOnly = readOnly;
    users = new MemoryUsers(this);
    wallets = new MemoryWallets(this);
    balances = new MemoryBalances(this);
    orders = new MemoryOrders(this);
    escrows = new MemoryEscrows(this);
    disputes = new MemoryDisputes(this);
    withdrawals = new MemoryWithdrawals(this);
    topUps = new MemoryTopUps(this);
    settlements = new MemorySettlements(this);
    apiKeys = new MemoryApiKeys(this);
    deposits = new MemoryDeposits(this);
    ledger = new MemoryLedger(this);
    outbox = new MemoryOutbox(this);
    idempotency = new MemoryIdempotency(this);
    audit = new MemoryAudit(this);
    sagas = new MemorySagas(this);
    cursors = new MemoryCursors(this);
    leases = new MemoryLeases(this);
    permits = new MemoryPermits(this);
    webhookInbox = new MemoryWebhookInbox(this);
  }

  // ---- lifecycle ----

  /** Applies every write atomically and assigns outbox sequences; returns whether events were written. */
  public boolean commit() {
    check();
    db.commitLock.lock();
    try {
      writes.forEach((table, rows) -> rows.forEach((id, row) -> apply(table, id, row)));
      ledger.publish();
      audit.publish();
      outbox.publish();
    } finally {
      db.commitLock.unlock();
      end();
    }
    return outbox.hasEvents();
  }

  @SuppressWarnings("unchecked")
  private static <V> void apply(Table<V> table, String id, Object row) {
    table.apply(id, row == DELETED ? null : (V) row);
  }

  public void rollback() {
    if (open) {
      end();
    }
  }

  private void end() {
    open = false;
    List<String> names = new ArrayList<>(held);
    for (int i = names.size() - 1; i >= 0; i--) {
      db.locks.release(names.get(i));
    }
    held.clear();
  }

  // ---- machinery for the repositories ----

  /** Refuses to go on after the transaction ended. */
  void check() {
    if (!open) {
      throw new IllegalStateException("storage session used after its transaction ended");
    }
  }

  /** Refuses to go on in a read-only session or after the transaction ended. */
  void writable() {
    check();
    if (readOnly) {
      throw new IllegalStateException("read-only session: writes are refused");
    }
  }

  /** Takes the named lock until the transaction ends, waiting for its holder. */
  void lock(String name) {
    if (db.locks.acquire(name)) {
      held.add(name);
    }
  }

  /** Takes the named lock until the transaction ends if it is free; returns whether it is held. */
  boolean tryLock(String name) {
    return db.locks.tryAcquire(name, held);
  }

  /** This transaction's writes to {@code table} by id, or null when it wrote none. */
  Map<String, Object> writesTo(Table<?> table) {
    return writes.get(table);
  }

  /** Records a write (a row, or {@link #DELETED}) to apply at commit. */
  void write(Table<?> table, String id, Object row) {
    writes.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(id, row);
  }

  // ---- repositories ----

  @Override
  public UserRepository users() {
    return users;
  }

  @Override
  public WalletRepository wallets() {
    return wallets;
  }

  @Override
  public BalanceRepository balances() {
    return balances;
  }

  @Override
  public OrderRepository orders() {
    return orders;
  }

  @Override
  public EscrowRepository escrows() {
    return escrows;
  }

  @Override
  public DisputeRepository disputes() {
    return disputes;
  }

  @Override
  public WithdrawalRepository withdrawals() {
    return withdrawals;
  }

  @Override
  public TopUpRepository topUps() {
    return topUps;
  }

  @Override
  public SettlementRepository settlements() {
    return settlements;
  }

  @Override
  public ApiKeyRepository apiKeys() {
    return apiKeys;
  }

  @Override
  public DepositRepository deposits() {
    return deposits;
  }

  @Override
  public LedgerRepository ledger() {
    return ledger;
  }

  @Override
  public OutboxRepository outbox() {
    return outbox;
  }

  @Override
  public IdempotencyRepository idempotency() {
    return idempotency;
  }

  @Override
  public AuditRepository audit() {
    return audit;
  }

  @Override
  public SagaRepository sagas() {
    return sagas;
  }

  @Override
  public CursorRepository cursors() {
    return cursors;
  }

  @Override
  public LeaseRepository leases() {
    return leases;
  }

  @Override
  public PermitRepository permits() {
    return permits;
  }

  @Override
  public WebhookInboxRepository webhookInbox() {
    return webhookInbox;
  }
}

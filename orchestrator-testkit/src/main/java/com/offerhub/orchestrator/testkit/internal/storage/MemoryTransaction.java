package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.Posting;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.spi.storage.ApiKeyRepository;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import com.offerhub.orchestrator.spi.storage.AuditRepository;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import com.offerhub.orchestrator.spi.storage.CursorRepository;
import com.offerhub.orchestrator.spi.storage.DepositRepository;
import com.offerhub.orchestrator.spi.storage.DisputeRepository;
import com.offerhub.orchestrator.spi.storage.DuplicateKeyException;
import com.offerhub.orchestrator.spi.storage.EscrowRepository;
import com.offerhub.orchestrator.spi.storage.IdempotencyRepository;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import com.offerhub.orchestrator.spi.storage.LedgerRepository;
import com.offerhub.orchestrator.spi.storage.OrderRepository;
import com.offerhub.orchestrator.spi.storage.OutboxRepository;
import com.offerhub.orchestrator.spi.storage.PermitRepository;
import com.offerhub.orchestrator.spi.storage.SagaRepository;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import com.offerhub.orchestrator.spi.storage.StorageException;
import com.offerhub.orchestrator.spi.storage.StorageSession;
import com.offerhub.orchestrator.spi.storage.TopUpRepository;
import com.offerhub.orchestrator.spi.storage.UserRepository;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import com.offerhub.orchestrator.spi.storage.WithdrawalRepository;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One transaction over a {@link MemoryDatabase}: private writes until commit, row and unique-key
 * locks held until the end, sequences assigned at commit. Single-threaded; unusable after it ends.
 */
public final class MemoryTransaction implements StorageSession {
  private static final Object DELETED = new Object();
  private final MemoryDatabase db;
  private final boolean readOnly;
  private boolean open = true;
  private final Map<Table<?>, Map<String, Object>> writes = new LinkedHashMap<>();
  private final Set<String> held = new LinkedHashSet<>();
  private final List<Posting> newPostings = new ArrayList<>();
  private final Map<String, BigInteger> deltas = new HashMap<>();
  private final List<AuditEntry> newAudit = new ArrayList<>();
  private final List<DomainEvent> newEvents = new ArrayList<>();

  public MemoryTransaction(MemoryDatabase db, boolean readOnly) {
    this.db = db;
    this.readOnly = readOnly;
  }

  // ---- lifecycle ----

  /** Applies every write atomically and assigns outbox sequences; returns whether events were written. */
  public boolean commit() {
    check();
    db.commitLock.lock();
    try {
      writes.forEach((table, rows) -> rows.forEach((id, row) -> applyRaw(table, id, row)));
      db.postings.addAll(newPostings);
      deltas.forEach((account, delta) -> db.accountSums.merge(account, delta, BigInteger::add));
      db.audit.addAll(newAudit);
      for (DomainEvent event : newEvents) {
        long sequence = db.lastSequence + 1;
        db.outbox.put(sequence, event.withSequence(sequence));
        db.lastSequence = sequence;
      }
    } finally {
      db.commitLock.unlock();
      end();
    }
    return !newEvents.isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static <V> void applyRaw(Table<V> table, String id, Object row) {
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

  private void check() {
    if (!open) {
      throw new IllegalStateException("storage session used after its transaction ended");
    }
  }

  private void writable() {
    check();
    if (readOnly) {
      throw new IllegalStateException("read-only session: writes are refused");
    }
  }

  private void lock(String name) {
    if (db.locks.acquire(name)) {
      held.add(name);
    }
  }

  // ---- generic row access ----

  @SuppressWarnings("unchecked")
  private <V> Optional<V> find(Table<V> table, String id) {
    check();
    if (id == null) {
      return Optional.empty();
    }
    Map<String, Object> own = writes.get(table);
    if (own != null && own.containsKey(id)) {
      Object row = own.get(id);
      return row == DELETED ? Optional.empty() : Optional.of((V) row);
    }
    return table.get(id);
  }

  private <V> Optional<V> findUnique(Table<V> table, String index, String value) {
    check();
    if (value == null) {
      return Optional.empty();
    }
    for (V row : own(table)) {
      if (value.equals(table.uniqueValues(row).get(index))) {
        return Optional.of(row);
      }
    }
    return table.idByUnique(index, value).flatMap(id -> find(table, id))
        .filter(row -> value.equals(table.uniqueValues(row).get(index)));
  }

  @SuppressWarnings("unchecked")
  private <V> List<V> own(Table<V> table) {
    Map<String, Object> rows = writes.get(table);
    if (rows == null) {
      return List.of();
    }
    List<V> out = new ArrayList<>();
    rows.values().forEach(row -> {
      if (row != DELETED) {
        out.add((V) row);
      }
    });
    return out;
  }

  /** Committed rows merged with this transaction's writes. */
  private <V> Stream<V> scan(Table<V> table) {
    check();
    Map<String, Object> rows = writes.getOrDefault(table, Map.of());
    Stream<V> committed = table.all().stream().filter(row -> !rows.containsKey(table.idOf(row)));
    return Stream.concat(committed, own(table).stream());
  }

  private <V> Optional<V> lockRow(Table<V> table, String id) {
    writable();
    if (id == null) {
      return Optional.empty();
    }
    lock(table.name + ":" + id);
    return find(table, id);
  }

  private <V> void put(Table<V> table, String id, Object row) {
    writes.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(id, row);
  }

  private <V> void insert(Table<V> table, V row) {
    writable();
    String id = table.idOf(row);
    lock(table.name + ":" + id);
    Map<String, String> uniques = table.uniqueValues(row);
    uniques.forEach((index, value) -> lock(table.name + ":" + index + ":" + value));
    if (find(table, id).isPresent()) {
      throw new DuplicateKeyException(table.name + " " + id + " already exists");
    }
    uniques.forEach((index, value) -> {
      if (findUnique(table, index, value).isPresent()) {
        throw new DuplicateKeyException(table.name + "." + index + " " + value + " already exists");
      }
    });
    put(table, id, row);
  }

  private <V> void update(Table<V> table, V row) {
    String id = table.idOf(row);
    V current = lockRow(table, id).orElseThrow(
        () -> new StorageException(table.name + " " + id + " does not exist", false));
    Map<String, String> before = table.uniqueValues(current);
    table.uniqueValues(row).forEach((index, value) -> {
      if (!value.equals(before.get(index))) {
        lock(table.name + ":" + index + ":" + value);
        if (findUnique(table, index, value).filter(other -> !table.idOf(other).equals(id)).isPresent()) {
          throw new DuplicateKeyException(table.name + "." + index + " " + value + " already exists");
        }
      }
    });
    put(table, id, row);
  }

  private static <V> List<V> page(Stream<V> rows, Comparator<V> order, int offset, int limit) {
    return rows.sorted(order).skip(offset).limit(limit).toList();
  }

  /** The index right after the row with id {@code afterId} (0 for null), or -1 when no row has it. */
  private static <V> int startAfter(List<V> rows, Function<V, String> id, String afterId) {
    if (afterId == null) {
      return 0;
    }
    for (int i = 0; i < rows.size(); i++) {
      if (id.apply(rows.get(i)).equals(afterId)) {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * A newest-first page after {@code after} (null: from the newest), rows ordered by
   * {@code (createdAt DESC, id DESC)}. Memory scans; the JDBC storage answers from an index.
   */
  private static <V> List<V> pageAfter(Stream<V> rows, Function<V, Instant> createdAt, Function<V, String> id,
      Keyset after, int limit) {
    Comparator<V> newestFirst = Comparator.comparing(createdAt).thenComparing(id).reversed();
    Stream<V> tail = after == null ? rows : rows.filter(v -> createdAt.apply(v).isBefore(after.createdAt())
        || createdAt.apply(v).equals(after.createdAt()) && id.apply(v).compareTo(after.id()) < 0);
    return tail.sorted(newestFirst).limit(limit).toList();
  }

  // ---- repositories ----

  @Override
  public UserRepository users() {
    Table<User> t = db.users;
    return new UserRepository() {
      public void insert(User user) {
        MemoryTransaction.this.insert(t, user);
      }

      public Optional<User> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<User> findByExternalId(String externalUserId) {
        return findUnique(t, "external", externalUserId);
      }

      public Optional<User> lock(String id) {
        return lockRow(t, id);
      }

      public void update(User user) {
        MemoryTransaction.this.update(t, user);
      }

      public List<User> list(int offset, int limit) {
        return page(scan(t), Comparator.comparing(User::createdAt).thenComparing(User::id).reversed(), offset, limit);
      }

      public List<User> listAfter(Keyset after, int limit) {
        return pageAfter(scan(t), User::createdAt, User::id, after, limit);
      }
    };
  }

  @Override
  public WalletRepository wallets() {
    Table<Wallet> t = db.wallets;
    return new WalletRepository() {
      public void insert(Wallet wallet) {
        MemoryTransaction.this.insert(t, wallet);
      }

      public Optional<Wallet> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<Wallet> findPrimary(String userId) {
        return scan(t).filter(w -> w.userId().equals(userId) && w.primary()).findFirst();
      }

      public Optional<Wallet> findByPublicKey(String publicKey) {
        return findUnique(t, "publicKey", publicKey);
      }

      public Set<String> knownPublicKeys(Collection<String> publicKeys) {
        Set<String> known = new HashSet<>();
        for (String key : publicKeys) {
          if (findUnique(t, "publicKey", key).isPresent()) {
            known.add(key);
          }
        }
        return known;
      }

      public void update(Wallet wallet) {
        Wallet stored = lockRow(t, wallet.id()).orElseThrow(
            () -> new StorageException("wallets " + wallet.id() + " does not exist", false));
        MemoryTransaction.this.update(t, new Wallet(wallet.id(), wallet.userId(), wallet.publicKey(),
            stored.secretEncrypted(), stored.keyVersion(), wallet.status(), wallet.primary(), wallet.createdAt(),
            wallet.updatedAt()));
      }

      public List<Wallet> listByStatus(WalletStatus status, int limit) {
        return page(scan(t).filter(w -> w.status() == status), Comparator.comparing(Wallet::createdAt)
            .thenComparing(Wallet::id), 0, limit);
      }

      public boolean replaceSecret(String id, String expectedSecret, String newSecret, String newKeyVersion) {
        Optional<Wallet> stored = lockRow(t, id);
        if (stored.isEmpty() || !java.util.Objects.equals(stored.get().secretEncrypted(), expectedSecret)) {
          return false;
        }
        Wallet w = stored.get();
        put(t, id, new Wallet(w.id(), w.userId(), w.publicKey(), newSecret, newKeyVersion, w.status(), w.primary(),
            w.createdAt(), w.updatedAt()));
        return true;
      }

      public List<Wallet> listForReencryption(java.util.Set<String> keyVersions, String afterId, int limit) {
        return page(scan(t).filter(w -> w.secretEncrypted() != null
            && (w.keyVersion() == null || keyVersions.contains(w.keyVersion()))
            && (afterId == null || w.id().compareTo(afterId) > 0)), Comparator.comparing(Wallet::id), 0, limit);
      }

      public Map<String, Long> countByKeyVersion() {
        return scan(t).filter(w -> w.secretEncrypted() != null).collect(java.util.stream.Collectors.groupingBy(
            w -> w.keyVersion() == null ? UNRECORDED_KEY_VERSION : w.keyVersion(),
            java.util.stream.Collectors.counting()));
      }
    };
  }

  @Override
  public BalanceRepository balances() {
    Table<Balance> t = db.balances;
    return new BalanceRepository() {
      public void create(String userId, Instant now) {
        writable();
        lock(t.name + ":" + userId);
        if (MemoryTransaction.this.find(t, userId).isEmpty()) {
          put(t, userId, Balance.zero(userId, now));
        }
      }

      public Optional<Balance> find(String userId) {
        return MemoryTransaction.this.find(t, userId);
      }

      public Optional<Balance> adjust(String userId, Money availableDelta, Money reservedDelta, Instant now) {
        Optional<Balance> current = lockRow(t, userId);
        if (current.isEmpty()) {
          return Optional.empty();
        }
        BigInteger available = BigInteger.valueOf(current.get().available().stroops())
            .add(BigInteger.valueOf(availableDelta.stroops()));
        BigInteger reserved = BigInteger.valueOf(current.get().reserved().stroops())
            .add(BigInteger.valueOf(reservedDelta.stroops()));
        if (available.signum() < 0 || reserved.signum() < 0
            || available.add(reserved).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
          return Optional.empty();
        }
        Balance next = new Balance(userId, Money.ofStroops(available.longValueExact()),
            Money.ofStroops(reserved.longValueExact()), current.get().currency(), now);
        put(t, userId, next);
        return Optional.of(next);
      }
    };
  }

  @Override
  public OrderRepository orders() {
    Table<Order> t = db.orders;
    return new OrderRepository() {
      public void insert(Order order) {
        MemoryTransaction.this.insert(t, order);
      }

      public Optional<Order> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<Order> findByClientRef(String clientOrderRef) {
        return findUnique(t, "clientRef", clientOrderRef);
      }

      public Optional<Order> lock(String id) {
        return lockRow(t, id);
      }

      public void update(Order order) {
        MemoryTransaction.this.update(t, order);
      }

      public List<Order> list(String userId, Set<OrderStatus> statuses, int offset, int limit) {
        Predicate<Order> match = o -> (userId == null || o.buyerId().equals(userId) || o.sellerId().equals(userId))
            && (statuses.isEmpty() || statuses.contains(o.status()));
        return page(scan(t).filter(match), Comparator.comparing(Order::createdAt).thenComparing(Order::id).reversed(),
            offset, limit);
      }

      public List<Order> listAfter(String userId, Set<OrderStatus> statuses, Keyset after, int limit) {
        Predicate<Order> match = o -> (userId == null || o.buyerId().equals(userId) || o.sellerId().equals(userId))
            && (statuses.isEmpty() || statuses.contains(o.status()));
        return pageAfter(scan(t).filter(match), Order::createdAt, Order::id, after, limit);
      }
    };
  }

  @Override
  public EscrowRepository escrows() {
    Table<Escrow> t = db.escrows;
    return new EscrowRepository() {
      public void insert(Escrow escrow) {
        MemoryTransaction.this.insert(t, escrow);
      }

      public Optional<Escrow> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<Escrow> findByOrder(String orderId) {
        return findUnique(t, "order", orderId);
      }

      public Optional<Escrow> findByContract(String contractId) {
        return findUnique(t, "contract", contractId);
      }

      public void update(Escrow escrow) {
        MemoryTransaction.this.update(t, escrow);
      }

      public void delete(String id) {
        lockRow(t, id);
        put(t, id, DELETED);
      }
    };
  }

  @Override
  public DisputeRepository disputes() {
    Table<Dispute> t = db.disputes;
    return new DisputeRepository() {
      public void insert(Dispute dispute) {
        MemoryTransaction.this.insert(t, dispute);
      }

      public Optional<Dispute> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<Dispute> findByOrder(String orderId) {
        return findUnique(t, "order", orderId);
      }

      public Optional<Dispute> lock(String id) {
        return lockRow(t, id);
      }

      public void update(Dispute dispute) {
        MemoryTransaction.this.update(t, dispute);
      }

      public List<Dispute> list(int offset, int limit) {
        return page(scan(t), Comparator.comparing(Dispute::createdAt).thenComparing(Dispute::id).reversed(), offset,
            limit);
      }

      public List<Dispute> listAfter(Keyset after, int limit) {
        return pageAfter(scan(t), Dispute::createdAt, Dispute::id, after, limit);
      }
    };
  }

  @Override
  public WithdrawalRepository withdrawals() {
    Table<Withdrawal> t = db.withdrawals;
    return new WithdrawalRepository() {
      public void insert(Withdrawal withdrawal) {
        MemoryTransaction.this.insert(t, withdrawal);
      }

      public Optional<Withdrawal> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<Withdrawal> lock(String id) {
        return lockRow(t, id);
      }

      public void update(Withdrawal withdrawal) {
        MemoryTransaction.this.update(t, withdrawal);
      }

      public List<Withdrawal> listByUser(String userId, int offset, int limit) {
        return page(scan(t).filter(w -> userId == null || w.userId().equals(userId)), Comparator.comparing(Withdrawal::createdAt)
            .thenComparing(Withdrawal::id).reversed(), offset, limit);
      }

      public List<Withdrawal> listByUserAfter(String userId, Keyset after, int limit) {
        return pageAfter(scan(t).filter(w -> userId == null || w.userId().equals(userId)), Withdrawal::createdAt,
            Withdrawal::id, after, limit);
      }

    };
  }

  @Override
  public TopUpRepository topUps() {
    Table<TopUp> t = db.topUps;
    return new TopUpRepository() {
      public void insert(TopUp topUp) {
        MemoryTransaction.this.insert(t, topUp);
      }

      public Optional<TopUp> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<TopUp> findByProviderRef(String providerRef) {
        return findUnique(t, "providerRef", providerRef);
      }

      public Optional<TopUp> lock(String id) {
        return lockRow(t, id);
      }

      public void update(TopUp topUp) {
        MemoryTransaction.this.update(t, topUp);
      }

      public List<TopUp> listByUser(String userId, int offset, int limit) {
        return page(scan(t).filter(u -> userId == null || u.userId().equals(userId)), Comparator.comparing(TopUp::createdAt)
            .thenComparing(TopUp::id).reversed(), offset, limit);
      }

      public List<TopUp> listByUserAfter(String userId, Keyset after, int limit) {
        return pageAfter(scan(t).filter(u -> userId == null || u.userId().equals(userId)), TopUp::createdAt,
            TopUp::id, after, limit);
      }

    };
  }

  @Override
  public SettlementRepository settlements() {
    Table<SettlementRepository.Entry> t = db.settlements;
    return new SettlementRepository() {
      public void add(String paymentId, Kind kind, Instant dueAt) {
        MemoryTransaction.this.insert(t, new Entry(paymentId, kind, dueAt, 0));
      }

      public List<Entry> listDue(Instant now, int limit) {
        return page(scan(t).filter(e -> !e.dueAt().isAfter(now)), Comparator.comparing(Entry::dueAt)
            .thenComparing(Entry::paymentId), 0, limit);
      }

      public boolean claim(String paymentId, Instant now, Instant leaseUntil) {
        Optional<Entry> current = lockRow(t, paymentId).filter(e -> !e.dueAt().isAfter(now));
        current.ifPresent(e -> MemoryTransaction.this.update(t, new Entry(paymentId, e.kind(), leaseUntil,
            e.attempts())));
        return current.isPresent();
      }

      public boolean reschedule(String paymentId, Instant leaseUntil, Instant dueAt, int attempts) {
        Optional<Entry> current = lockRow(t, paymentId).filter(e -> e.dueAt().equals(leaseUntil));
        current.ifPresent(e -> MemoryTransaction.this.update(t, new Entry(paymentId, e.kind(), dueAt, attempts)));
        return current.isPresent();
      }

      public void remove(String paymentId) {
        if (lockRow(t, paymentId).isPresent()) {
          put(t, paymentId, DELETED);
        }
      }
    };
  }

  @Override
  public WebhookInboxRepository webhookInbox() {
    Table<WebhookInboxRepository.Message> t = db.webhookInbox;
    return new WebhookInboxRepository() {
      public boolean add(Message message) {
        if (lockRow(t, message.provider() + "|" + message.messageId()).isPresent()) {
          return false;
        }
        MemoryTransaction.this.insert(t, message);
        return true;
      }

      public Optional<Message> find(String provider, String messageId) {
        return MemoryTransaction.this.find(t, provider + "|" + messageId);
      }

      public void markProcessed(String provider, String messageId, Instant at, String outcome) {
        lockRow(t, provider + "|" + messageId).ifPresent(m -> MemoryTransaction.this.update(t, new Message(
            m.provider(), m.messageId(), m.eventType(), m.objectId(), m.objectCode(), m.receivedAt(), at, outcome)));
      }
    };
  }

  @Override
  public ApiKeyRepository apiKeys() {
    Table<ApiKey> t = db.apiKeys;
    return new ApiKeyRepository() {
      public void insert(ApiKey key) {
        MemoryTransaction.this.insert(t, key);
      }

      public Optional<ApiKey> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public void update(ApiKey key) {
        MemoryTransaction.this.update(t, key);
      }

      public List<ApiKey> list(int offset, int limit) {
        return page(scan(t), Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id).reversed(), offset,
            limit);
      }

      public List<ApiKey> listAfter(Keyset after, int limit) {
        return pageAfter(scan(t), ApiKey::createdAt, ApiKey::id, after, limit);
      }
    };
  }

  @Override
  public DepositRepository deposits() {
    Table<Deposit> t = db.deposits;
    return new DepositRepository() {
      public boolean insertIfAbsent(Deposit deposit) {
        writable();
        String id = t.idOf(deposit);
        lock(t.name + ":" + id);
        if (MemoryTransaction.this.find(t, id).isPresent()) {
          return false;
        }
        put(t, id, deposit);
        return true;
      }

      public Optional<Deposit> find(String transactionHash, int operationIndex) {
        return MemoryTransaction.this.find(t, transactionHash + "#" + operationIndex);
      }
    };
  }

  @Override
  public LedgerRepository ledger() {
    return new LedgerRepository() {
      public void append(Posting posting) {
        writable();
        newPostings.add(posting);
        for (LedgerEntry entry : posting.entries()) {
          deltas.merge(entry.account(), BigInteger.valueOf(entry.amount().stroops()), BigInteger::add);
        }
      }

      public BigInteger balanceOf(String account) {
        check();
        return db.accountSums.getOrDefault(account, BigInteger.ZERO)
            .add(deltas.getOrDefault(account, BigInteger.ZERO));
      }

      public Map<String, BigInteger> balances() {
        check();
        Map<String, BigInteger> sums = new java.util.TreeMap<>(db.accountSums);
        deltas.forEach((account, delta) -> sums.merge(account, delta, BigInteger::add));
        return sums;
      }

      public List<Posting> list(int offset, int limit) {
        check();
        List<Posting> all = db.copy(db.postings);
        all.addAll(newPostings);
        return all.stream().skip(offset).limit(limit).toList();
      }

      public List<Posting> listAfter(String afterPostingId, int limit) {
        check();
        List<Posting> all = db.copy(db.postings);
        all.addAll(newPostings);
        int start = startAfter(all, Posting::id, afterPostingId);
        return start < 0 ? List.of() : all.stream().skip(start).limit(limit).toList();
      }
    };
  }

  @Override
  public OutboxRepository outbox() {
    return new OutboxRepository() {
      public void append(DomainEvent event) {
        writable();
        newEvents.add(event);
      }

      public List<DomainEvent> readAfter(long afterSequence, int limit) {
        check();
        return db.outbox.tailMap(afterSequence, false).values().stream().limit(limit).toList();
      }

      public long lastSequence() {
        check();
        return db.lastSequence;
      }

      public long firstRetainedSequence() {
        check();
        var first = db.outbox.firstEntry();
        return first == null ? db.lastSequence + 1 : first.getKey();
      }

      public int deleteBefore(Instant cutoff) {
        writable();
        return db.withoutCommits(() -> {
          int removed = 0;
          while (!db.outbox.isEmpty() && db.outbox.firstEntry().getValue().occurredAt().isBefore(cutoff)) {
            db.outbox.pollFirstEntry();
            removed++;
          }
          return removed;
        });
      }
    };
  }

  @Override
  public IdempotencyRepository idempotency() {
    Table<IdempotencyRecord> t = db.idempotency;
    return new IdempotencyRepository() {
      public Optional<IdempotencyRecord> claim(IdempotencyRecord candidate, Instant now) {
        writable();
        String id = t.idOf(candidate);
        lock(t.name + ":" + id);
        Optional<IdempotencyRecord> existing = MemoryTransaction.this.find(t, id);
        if (existing.isPresent() && !existing.get().expiresAt().isBefore(now)) {
          return existing;
        }
        put(t, id, candidate);
        return Optional.empty();
      }

      public void complete(String scope, String key, Serializable response) {
        String id = scope + "|" + key;
        IdempotencyRecord current = lockRow(t, id).orElseThrow(
            () -> new StorageException("idempotency key " + key + " was not claimed", false));
        put(t, id, new IdempotencyRecord(scope, key, current.fingerprint(), response, current.createdAt(),
            current.expiresAt()));
      }

      public int deleteExpired(Instant now) {
        writable();
        int removed = 0;
        for (IdempotencyRecord record : t.snapshot()) {
          String id = t.idOf(record);
          if (record.expiresAt().isBefore(now) && db.locks.tryAcquire(t.name + ":" + id, held)) {
            put(t, id, DELETED);
            removed++;
          }
        }
        return removed;
      }
    };
  }

  @Override
  public AuditRepository audit() {
    return new AuditRepository() {
      public void append(AuditEntry entry) {
        writable();
        newAudit.add(entry);
      }

      public List<AuditEntry> query(AuditQuery q) {
        check();
        List<AuditEntry> all = db.copy(db.audit);
        all.addAll(newAudit);
        List<AuditEntry> matching = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
          AuditEntry e = all.get(i);
          if ((q.resourceType() == null || q.resourceType().equals(e.resourceType()))
              && (q.resourceId() == null || q.resourceId().equals(e.resourceId()))
              && (q.userId() == null || q.userId().equals(e.userId()))
              && (q.action() == null || q.action().equals(e.action()))
              && (q.from() == null || !e.occurredAt().isBefore(q.from()))
              && (q.to() == null || e.occurredAt().isBefore(q.to()))) {
            matching.add(e);
          }
        }
        return matching.stream().sorted(Comparator.comparing(AuditEntry::occurredAt).reversed()).skip(q.offset())
            .limit(q.limit()).toList();
      }

      public List<AuditEntry> queryAfter(AuditQuery q, String afterEntryId) {
        check();
        List<AuditEntry> all = db.copy(db.audit);
        all.addAll(newAudit);
        java.util.Collections.reverse(all); // newest appended first; the stable sort keeps that among equal times
        List<AuditEntry> log = all.stream().sorted(Comparator.comparing(AuditEntry::occurredAt).reversed()).toList();
        int start = startAfter(log, AuditEntry::id, afterEntryId);
        return start < 0 ? List.of() : log.stream().skip(start).filter(e -> (q.resourceType() == null
            || q.resourceType().equals(e.resourceType()))
            && (q.resourceId() == null || q.resourceId().equals(e.resourceId()))
            && (q.userId() == null || q.userId().equals(e.userId()))
            && (q.action() == null || q.action().equals(e.action()))
            && (q.from() == null || !e.occurredAt().isBefore(q.from()))
            && (q.to() == null || e.occurredAt().isBefore(q.to()))).limit(q.limit()).toList();
      }

      public Optional<AuditEntry> find(String entryId) {
        check();
        List<AuditEntry> all = db.copy(db.audit);
        all.addAll(newAudit);
        return all.stream().filter(e -> e.id().equals(entryId)).findFirst();
      }
    };
  }

  @Override
  public SagaRepository sagas() {
    Table<Saga> t = db.sagas;
    return new SagaRepository() {
      public void insert(Saga saga) {
        MemoryTransaction.this.insert(t, saga);
      }

      public Optional<Saga> find(String id) {
        return MemoryTransaction.this.find(t, id);
      }

      public Optional<Saga> tryLock(String id) {
        writable();
        if (!db.locks.tryAcquire(t.name + ":" + id, held)) {
          return Optional.empty();
        }
        return MemoryTransaction.this.find(t, id);
      }

      public boolean update(Saga saga) {
        Optional<Saga> current = lockRow(t, saga.id());
        if (current.isEmpty() || current.get().version() != saga.version()) {
          return false;
        }
        MemoryTransaction.this.update(t, saga.nextVersion());
        return true;
      }

      public List<String> listDue(Instant now, int limit) {
        return scan(t).filter(s -> s.state() == SagaState.PENDING && !s.nextAttemptAt().isAfter(now))
            .sorted(Comparator.comparing(Saga::nextAttemptAt).thenComparing(Saga::createdAt)).limit(limit)
            .map(Saga::id).toList();
      }

      public Optional<Saga> findPendingBySubject(String subjectId) {
        return scan(t).filter(s -> s.state() == SagaState.PENDING && s.subjectId().equals(subjectId)).findFirst();
      }
    };
  }

  @Override
  public CursorRepository cursors() {
    Table<MemoryDatabase.Cursor> t = db.cursors;
    return new CursorRepository() {
      public Optional<String> get(String name) {
        return MemoryTransaction.this.find(t, name).map(MemoryDatabase.Cursor::value);
      }

      public void put(String name, String value) {
        writable();
        lock(t.name + ":" + name);
        MemoryTransaction.this.put(t, name, new MemoryDatabase.Cursor(name, value));
      }
    };
  }

  @Override
  public LeaseRepository leases() {
    Table<LeaseRepository.Lease> t = db.leases;
    return new LeaseRepository() {
      public boolean tryAcquire(String name, String owner, Instant now, Instant expiresAt) {
        Optional<Lease> current = lockRow(t, name);
        if (current.isPresent() && !current.get().owner().equals(owner) && current.get().expiresAt().isAfter(now)) {
          return false;
        }
        MemoryTransaction.this.put(t, name, new Lease(name, owner, expiresAt));
        return true;
      }

      public boolean release(String name, String owner) {
        Optional<Lease> current = lockRow(t, name);
        if (current.isEmpty() || !current.get().owner().equals(owner)) {
          return false;
        }
        MemoryTransaction.this.put(t, name, DELETED);
        return true;
      }

      public Optional<Lease> find(String name) {
        return MemoryTransaction.this.find(t, name);
      }
    };
  }

  /**
   * One lock per limiter serialises takers, where the database lets them race for the oldest slot;
   * the outcome (at most {@code limit} permits per window) is the same.
   */
  @Override
  public PermitRepository permits() {
    Table<MemoryDatabase.Permit> t = db.permits;
    return new PermitRepository() {
      public boolean tryTake(String limiter, int limit, Duration window, Instant now) {
        writable();
        lock(t.name + ":" + limiter);
        MemoryDatabase.Permit oldest = oldest(limiter, limit);
        if (oldest.takenAt().isAfter(now.minus(window))) {
          return false;
        }
        MemoryTransaction.this.put(t, limiter + "#" + oldest.slot(),
            new MemoryDatabase.Permit(limiter, oldest.slot(), now));
        return true;
      }

      public Instant nextFree(String limiter, int limit, Duration window) {
        return oldest(limiter, limit).takenAt().plus(window);
      }

      /** The slot taken longest ago (a slot never taken counts as taken at the epoch). */
      private MemoryDatabase.Permit oldest(String limiter, int limit) {
        MemoryDatabase.Permit oldest = null;
        for (int slot = 0; slot < limit; slot++) {
          MemoryDatabase.Permit permit = MemoryTransaction.this.find(t, limiter + "#" + slot)
              .orElse(new MemoryDatabase.Permit(limiter, slot, Instant.EPOCH));
          if (oldest == null || permit.takenAt().isBefore(oldest.takenAt())) {
            oldest = permit;
          }
        }
        return oldest;
      }
    };
  }
}

package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.Posting;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/** The committed state of an {@code InMemoryStorage}: tables, journal, outbox and locks. */
public final class MemoryDatabase {
  final Table<User> users = new Table<>("users", User::id, Map.of("external", User::externalUserId));
  final Table<Wallet> wallets = new Table<>("wallets", Wallet::id, Map.of("publicKey", Wallet::publicKey));
  final Table<Balance> balances = new Table<>("balances", Balance::userId, Map.of());
  final Table<Order> orders = new Table<>("orders", Order::id, Map.of("clientRef", Order::clientOrderRef));
  final Table<Escrow> escrows = new Table<>("escrows", Escrow::id, Map.of("order", Escrow::orderId,
      "contract", Escrow::contractId));
  final Table<Dispute> disputes = new Table<>("disputes", Dispute::id, Map.of("order", Dispute::orderId));
  final Table<Withdrawal> withdrawals = new Table<>("withdrawals", Withdrawal::id, Map.of());
  final Table<TopUp> topUps = new Table<>("topups", TopUp::id, Map.of("providerRef", TopUp::providerRef));
  final Table<SettlementRepository.Entry> settlements = new Table<>("settlements",
      SettlementRepository.Entry::paymentId, Map.of());
  final Table<WebhookInboxRepository.Message> webhookInbox = new Table<>("webhookInbox",
      m -> messageKey(m.provider(), m.messageId()), Map.of());
  final Table<ApiKey> apiKeys = new Table<>("apikeys", ApiKey::id, Map.of("hash", ApiKey::hashedKey));
  final Table<Deposit> deposits = new Table<>("deposits", d -> depositKey(d.transactionHash(), d.operationIndex()),
      Map.of());
  final Table<IdempotencyRecord> idempotency = new Table<>("idempotency", r -> idempotencyKey(r.scope(), r.key()),
      Map.of());
  final Table<Saga> sagas = new Table<>("sagas", Saga::id, Map.of());
  final Table<Cursor> cursors = new Table<>("cursors", Cursor::name, Map.of());
  final Table<LeaseRepository.Lease> leases = new Table<>("leases", LeaseRepository.Lease::name, Map.of());
  final Table<Permit> permits = new Table<>("permits", p -> permitKey(p.limiter(), p.slot()), Map.of());
  final Table<RateWindow> rateWindows = new Table<>("rateWindows", RateWindow::counter, Map.of());

  /** A named scanner position. */
  record Cursor(String name, String value) {}

  /** One slot of a rate limiter: when its last permit was taken. */
  record Permit(String limiter, int slot, java.time.Instant takenAt) {}

  /** A fixed-window request counter: when its current window started and its hits in it. */
  record RateWindow(String counter, java.time.Instant windowStart, long hits) {}

  // Composite row ids, shared by the tables above and the repositories that look rows up by them.

  static String messageKey(String provider, String messageId) {
    return provider + "|" + messageId;
  }

  static String depositKey(String transactionHash, int operationIndex) {
    return transactionHash + "#" + operationIndex;
  }

  static String idempotencyKey(String scope, String key) {
    return scope + "|" + key;
  }

  static String permitKey(String limiter, int slot) {
    return limiter + "#" + slot;
  }

  /** Appended under the commit lock; read by copying under it. */
  final List<Posting> postings = new ArrayList<>();
  /** Exact per-account sums in stroops (external accounts may pass the 64-bit range). */
  final ConcurrentHashMap<String, java.math.BigInteger> accountSums = new ConcurrentHashMap<>();
  /** Appended under the commit lock; read by copying under it. */
  final List<AuditEntry> audit = new ArrayList<>();
  final ConcurrentSkipListMap<Long, DomainEvent> outbox = new ConcurrentSkipListMap<>();
  volatile long lastSequence;

  final ReentrantLock commitLock = new ReentrantLock();
  final LockManager locks = new LockManager(Duration.ofSeconds(10));
  private final List<Runnable> outboxListeners = new CopyOnWriteArrayList<>();

  public List<Runnable> outboxListeners() {
    return outboxListeners;
  }

  /** Runs {@code read} while no transaction can commit: its reads see one committed state. */
  public <T> T withoutCommits(java.util.function.Supplier<T> read) {
    commitLock.lock();
    try {
      return read.get();
    } finally {
      commitLock.unlock();
    }
  }

  <T> List<T> copy(List<T> list) {
    commitLock.lock();
    try {
      return new ArrayList<>(list);
    } finally {
      commitLock.unlock();
    }
  }

  List<Table<?>> tables() {
    List<Table<?>> all = new ArrayList<>();
    all.add(users);
    all.add(wallets);
    all.add(balances);
    all.add(orders);
    all.add(escrows);
    all.add(disputes);
    all.add(withdrawals);
    all.add(topUps);
    all.add(settlements);
    all.add(webhookInbox);
    all.add(apiKeys);
    all.add(deposits);
    all.add(idempotency);
    all.add(sagas);
    all.add(cursors);
    all.add(leases);
    all.add(permits);
    all.add(rateWindows);
    return all;
  }
}

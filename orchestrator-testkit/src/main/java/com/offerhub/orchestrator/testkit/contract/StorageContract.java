package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.EscrowStatus;
import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Milestone;
import com.offerhub.orchestrator.model.MilestoneStatus;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.Posting;
import com.offerhub.orchestrator.model.ResolutionDecision;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.TopUpStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserStatus;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import com.offerhub.orchestrator.spi.storage.DuplicateKeyException;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import com.offerhub.orchestrator.testkit.Concurrently;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Storage} must do for the engine: round trips of every record, unique keys,
 * rollback without trace, read-only sessions, conditional balance updates, gap-free outbox
 * sequences in commit order, idempotency claims and deposit inserts that hold under races, row
 * locks that serialise writers. Each test gets a fresh storage from {@link #newStorage()}.
 */
public abstract class StorageContract {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  protected Storage storage;

  /** A fresh, empty storage. */
  protected abstract Storage newStorage();

  @BeforeEach
  void openStorage() {
    storage = newStorage();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  private static User user(String id) {
    return new User(id, "ext-" + id, id + "@example.com", UserType.BOTH, UserStatus.ACTIVE, null, null, null, T0, T0);
  }

  private static Order order(String id, String ref) {
    return new Order(id, ref, "usr_b", "usr_s", Money.of(50), "USD", OrderStatus.ORDER_CREATED, "Site", "desc",
        "{\"k\":1}", List.of(new Milestone("design", "Design", Money.of(20), MilestoneStatus.OPEN, null),
            new Milestone("build", "Build", Money.of(30), MilestoneStatus.COMPLETED, T0)), T0, T0);
  }

  /** One transaction; then, like the engine's event reads, waits until its events have their sequences. */
  private void write(java.util.function.Consumer<com.offerhub.orchestrator.spi.storage.StorageSession> work) {
    storage.inTransaction(session -> {
      work.accept(session);
      return null;
    });
    assertTrue(storage.awaitSequenced(java.time.Duration.ofSeconds(10)), "events not numbered in 10 s");
  }

  private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
    return Concurrently.run(threads, Duration.ofSeconds(60), task);
  }

  @Test
  void everyRecordRoundTrips() {
    User user = user("usr_1");
    Wallet wallet = new Wallet("wal_1", "usr_1", "GABC", "v1:secret", "v1", WalletStatus.PENDING_ACTIVATION, true, T0,
        T0);
    Order order = order("ord_1", "ref-1");
    Escrow escrow = new Escrow("esc_1", "ord_1", "CCONTRACT", EscrowStatus.FUNDED, Money.of(50), 100, 30, true,
        "usr_treasury", T0, null, null, T0, T0);
    Dispute dispute = new Dispute("dsp_1", "ord_1", DisputeParty.SELLER, DisputeReason.QUALITY_ISSUE,
        List.of("https://e/1", "note"), DisputeStatus.UNDER_REVIEW, ResolutionDecision.SPLIT, "half",
        "agent", Money.of(20), Money.of(30), T0, T0);
    Withdrawal withdrawal = new Withdrawal("wd_1", "usr_1", Money.parsePositive("5.1234567"), "USD",
        WithdrawalStatus.WITHDRAWAL_PENDING, DestinationType.CRYPTO, "GDEST", null, "abc", null, "d", T0, T0);
    TopUp topUp = new TopUp("topup_1", "usr_1", Money.of(9), "USD", TopUpStatus.TOPUP_PROCESSING, "https://c",
        "payin_1", "card", null, T0, T0);
    ApiKey key = new ApiKey("key_1", "backend", "hash1", "salt1", Set.of("read", "write"), "mkt", T0, null, null);
    Saga saga = new Saga("sga_1", SagaKind.RELEASE, "ord_1", SagaState.PENDING, List.of(
        SagaStep.planned(0, "complete:0", "usr_s").unsigned("xdr").signed("env", "hash", T0), SagaStep.planned(1,
            "release", "usr_b")), Map.of("sellerStroops", "500000000"), null, T0, T0, T0);
    write(s -> {
      s.users().insert(user);
      s.wallets().insert(wallet);
      s.orders().insert(order);
      s.escrows().insert(escrow);
      s.disputes().insert(dispute);
      s.withdrawals().insert(withdrawal);
      s.topUps().insert(topUp);
      s.apiKeys().insert(key);
      s.sagas().insert(saga);
      s.cursors().put("c", "42");
    });
    storage.read(s -> {
      assertEquals(Optional.of(user), s.users().find("usr_1"));
      assertEquals(Optional.of(user), s.users().findByExternalId("ext-usr_1"));
      assertEquals(Optional.of(wallet), s.wallets().find("wal_1"));
      assertEquals(Optional.of(wallet), s.wallets().findPrimary("usr_1"));
      assertEquals(Optional.of(wallet), s.wallets().findByPublicKey("GABC"));
      assertEquals(java.util.Set.of("GABC"), s.wallets().knownPublicKeys(java.util.List.of("GXYZ", "GABC", "GABC")));
      assertEquals(java.util.Set.of(), s.wallets().knownPublicKeys(java.util.List.of()));
      assertEquals(Optional.of(order), s.orders().find("ord_1"));
      assertEquals(Optional.of(order), s.orders().findByClientRef("ref-1"));
      assertEquals(Optional.of(escrow), s.escrows().findByOrder("ord_1"));
      assertEquals(Optional.of(escrow), s.escrows().findByContract("CCONTRACT"));
      assertEquals(Optional.empty(), s.escrows().findByContract("COTHER"));
      assertEquals(Optional.of(dispute), s.disputes().findByOrder("ord_1"));
      assertEquals(Optional.of(withdrawal), s.withdrawals().find("wd_1"));
      assertEquals(Optional.of(topUp), s.topUps().findByProviderRef("payin_1"));
      assertEquals(Optional.of(key), s.apiKeys().find("key_1"));
      assertEquals(Optional.of(saga), s.sagas().find("sga_1"));
      assertEquals(Optional.of("42"), s.cursors().get("c"));
      assertEquals(Optional.empty(), s.users().find("usr_missing"));
      return null;
    });
  }

  private static Wallet wallet(String id, String secret, String keyVersion) {
    return new Wallet(id, "usr_" + id, "G" + id, secret, keyVersion, WalletStatus.ACTIVE, true, T0, T0);
  }

  private Wallet storedWallet(String id) {
    return storage.read(s -> s.wallets().find(id)).orElseThrow();
  }

  @Test
  void aWebhookMessageIsStoredOnceAndMarkedProcessed() {
    WebhookInboxRepository.Message message = new WebhookInboxRepository.Message("AIRTM", "msg_1", "payin.confirmed",
        "payin-uuid", "topup_1", T0, null, null);
    assertEquals(Boolean.TRUE, storage.inTransaction(s -> s.webhookInbox().add(message)));
    assertEquals(Boolean.FALSE, storage.inTransaction(s -> s.webhookInbox().add(new WebhookInboxRepository.Message("AIRTM",
        "msg_1", "payin.failed", null, null, T0.plusSeconds(5), null, null))), "a redelivery is not stored again");
    assertEquals(Boolean.TRUE, storage.inTransaction(s -> s.webhookInbox().add(new WebhookInboxRepository.Message(
        "OTHER", "msg_1", "x", null, null, T0, null, null))), "message ids are per provider");
    assertEquals(Optional.of(message), storage.inTransaction(s -> s.webhookInbox().find("AIRTM", "msg_1")));
    storage.inTransaction(s -> {
      s.webhookInbox().markProcessed("AIRTM", "msg_1", T0.plusSeconds(1), "applied");
      return null;
    });
    WebhookInboxRepository.Message processed = storage.inTransaction(s -> s.webhookInbox().find("AIRTM", "msg_1"))
        .orElseThrow();
    assertEquals(T0.plusSeconds(1), processed.processedAt());
    assertEquals("applied", processed.outcome());
    assertEquals("payin.confirmed", processed.eventType());
  }

  @Test
  void aWalletsSecretChangesOnlyThroughItsConditionalReplacement() {
    write(s -> s.wallets().insert(wallet("wal_1", "v1:old", "v1")));
    Wallet edited = new Wallet("wal_1", "usr_wal_1", "Gwal_1", "v9:stale-copy", "v9", WalletStatus.PENDING_ACTIVATION,
        false, T0, T0.plusSeconds(5));
    write(s -> s.wallets().update(edited));
    Wallet afterUpdate = storedWallet("wal_1");
    assertEquals(WalletStatus.PENDING_ACTIVATION, afterUpdate.status());
    assertFalse(afterUpdate.primary());
    assertEquals("v1:old", afterUpdate.secretEncrypted(), "update must not write the secret");
    assertEquals("v1", afterUpdate.keyVersion());
    assertFalse(storage.<Boolean>inTransaction(s -> s.wallets().replaceSecret("wal_1", "v1:not-the-stored", "v2:x", "v2")));
    assertEquals("v1:old", storedWallet("wal_1").secretEncrypted());
    assertTrue(storage.<Boolean>inTransaction(s -> s.wallets().replaceSecret("wal_1", "v1:old", "v2:new", "v2")));
    assertEquals("v2:new", storedWallet("wal_1").secretEncrypted());
    assertEquals("v2", storedWallet("wal_1").keyVersion());
    assertEquals(WalletStatus.PENDING_ACTIVATION, storedWallet("wal_1").status());
    assertFalse(storage.<Boolean>inTransaction(s -> s.wallets().replaceSecret("wal_1", "v1:old", "v2:late", "v2")),
        "a replacement expecting the old text loses to the one that already happened");
    assertEquals("v2:new", storedWallet("wal_1").secretEncrypted());
    assertFalse(storage.<Boolean>inTransaction(s -> s.wallets().replaceSecret("wal_missing", "a", "b", "v2")));
  }

  @Test
  void concurrentSecretReplacementsExpectingOneTextLetExactlyOneWin() throws Exception {
    write(s -> s.wallets().insert(wallet("wal_1", "v1:old", "v1")));
    AtomicInteger next = new AtomicInteger();
    List<Boolean> results = race(16, () -> {
      String mine = "v2:writer-" + next.getAndIncrement();
      return storage.<Boolean>inTransaction(s -> s.wallets().replaceSecret("wal_1", "v1:old", mine, "v2"));
    });
    assertEquals(1, results.stream().filter(won -> won).count(), results.toString());
    assertTrue(storedWallet("wal_1").secretEncrypted().startsWith("v2:writer-"));
  }

  @Test
  void walletsToReencryptAreFoundByKeyVersionAndCountedPerVersion() {
    write(s -> {
      s.wallets().insert(wallet("wal_a", "v2:a", "v2"));
      s.wallets().insert(wallet("wal_b", "v1:b", "v1"));
      s.wallets().insert(wallet("wal_c", "0f:1e:2d", "legacy"));
      s.wallets().insert(wallet("wal_d", "v1:d", null));
      s.wallets().insert(wallet("wal_e", "v1:e", "v1"));
      s.wallets().insert(wallet("wal_f", null, null));
      s.wallets().insert(wallet("wal_g", "v3:g", "v3"));
    });
    Set<String> older = Set.of("v1", "legacy");
    List<String> all = storage.read(s -> s.wallets().listForReencryption(older, null, 10)).stream().map(Wallet::id)
        .toList();
    assertEquals(List.of("wal_b", "wal_c", "wal_d", "wal_e"), all,
        "older versions and unrecorded ones, by id; never the current, a newer one or a row without a secret");
    assertEquals(List.of("wal_b", "wal_c"), storage.read(s -> s.wallets().listForReencryption(older, null, 2))
        .stream().map(Wallet::id).toList());
    assertEquals(List.of("wal_d", "wal_e"), storage.read(s -> s.wallets().listForReencryption(older, "wal_c", 2))
        .stream().map(Wallet::id).toList());
    assertEquals(List.of("wal_d"), storage.read(s -> s.wallets().listForReencryption(Set.of(), null, 10)).stream()
        .map(Wallet::id).toList());
    assertEquals(Map.of("v1", 2L, "v2", 1L, "v3", 1L, "legacy", 1L,
        com.offerhub.orchestrator.spi.storage.WalletRepository.UNRECORDED_KEY_VERSION, 1L),
        storage.read(s -> s.wallets().countByKeyVersion()));
  }

  @Test
  void withdrawalsAndTopUpsListPerUserOrAllNewestFirst() {
    write(s -> {
      for (int i = 0; i < 3; i++) {
        String user = i == 2 ? "usr_b" : "usr_a";
        s.withdrawals().insert(new Withdrawal("wd_" + i, user, Money.of(1), "USD",
            WithdrawalStatus.WITHDRAWAL_PENDING, DestinationType.CRYPTO, "GDEST", null, null, null, null,
            T0.plusSeconds(i), T0.plusSeconds(i)));
        s.topUps().insert(new TopUp("topup_" + i, user, Money.of(1), "USD", TopUpStatus.TOPUP_CREATED, null,
            "payin_" + i, null, null, T0.plusSeconds(i), T0.plusSeconds(i)));
      }
    });
    storage.read(s -> {
      assertEquals(List.of("wd_2", "wd_1", "wd_0"), s.withdrawals().listByUser(null, 0, 10).stream()
          .map(Withdrawal::id).toList());
      assertEquals(List.of("wd_1", "wd_0"), s.withdrawals().listByUser("usr_a", 0, 10).stream()
          .map(Withdrawal::id).toList());
      assertEquals(List.of("topup_1"), s.topUps().listByUser(null, 1, 1).stream().map(TopUp::id).toList());
      assertEquals(List.of("topup_2"), s.topUps().listByUser("usr_b", 0, 10).stream().map(TopUp::id).toList());
      return null;
    });
  }

  @Test
  void uniqueKeysRefuseDuplicates() {
    write(s -> {
      s.users().insert(user("usr_1"));
      s.orders().insert(order("ord_1", "ref-1"));
      s.wallets().insert(new Wallet("wal_1", "usr_1", "GABC", "x", "v1", WalletStatus.ACTIVE, true, T0, T0));
    });
    assertThrows(DuplicateKeyException.class, () -> write(s -> s.users().insert(user("usr_1"))));
    User sameExternal = new User("usr_2", "ext-usr_1", null, UserType.BOTH, UserStatus.ACTIVE, null, null, null, T0,
        T0);
    assertThrows(DuplicateKeyException.class, () -> write(s -> s.users().insert(sameExternal)));
    assertThrows(DuplicateKeyException.class, () -> write(s -> s.orders().insert(order("ord_2", "ref-1"))));
    assertThrows(DuplicateKeyException.class, () -> write(s -> s.wallets().insert(new Wallet("wal_2", "usr_1",
        "GABC", "x", "v1", WalletStatus.ACTIVE, false, T0, T0))));
    write(s -> s.orders().insert(order("ord_3", null)));
    write(s -> s.orders().insert(order("ord_4", null)));
  }

  @Test
  void rollbackLeavesNoTrace() {
    assertThrows(IllegalStateException.class, () -> write(s -> {
      s.users().insert(user("usr_1"));
      s.balances().create("usr_1", T0);
      s.ledger().append(posting("p1", "a", "b", 5));
      s.outbox().append(event("e1"));
      s.idempotency().claim(new IdempotencyRecord("p", "k", "f", null, T0, T0.plusSeconds(60)), T0);
      s.deposits().insertIfAbsent(new Deposit("h", 0, "usr_1", "G", Money.of(1), "stellar_deposit", T0, "GSENDER"));
      s.audit().append(audit("a1", "X"));
      throw new IllegalStateException("boom");
    }));
    storage.read(s -> {
      assertTrue(s.users().find("usr_1").isEmpty());
      assertTrue(s.balances().find("usr_1").isEmpty());
      assertEquals(BigInteger.ZERO, s.ledger().balanceOf("a"));
      assertTrue(s.ledger().list(0, 10).isEmpty());
      assertEquals(0, s.outbox().lastSequence());
      assertTrue(s.deposits().find("h", 0).isEmpty());
      assertTrue(s.audit().query(AuditQuery.all(10)).isEmpty());
      return null;
    });
    write(s -> assertTrue(s.idempotency().claim(new IdempotencyRecord("p", "k", "f", null, T0, T0.plusSeconds(60)),
        T0).isEmpty()));
  }

  @Test
  void readOnlySessionsRefuseWritesAndSessionsDieWithTheirCallback() {
    assertThrows(IllegalStateException.class, () -> storage.read(s -> {
      s.users().insert(user("usr_1"));
      return null;
    }));
    var escaped = storage.read(s -> s);
    assertThrows(IllegalStateException.class, () -> escaped.users().find("usr_1"));
  }

  @Test
  void balanceAdjustIsConditional() {
    write(s -> s.balances().create("usr_1", T0));
    write(s -> assertEquals(Money.of(10), s.balances().adjust("usr_1", Money.of(10), Money.ZERO, T0).orElseThrow()
        .available()));
    write(s -> assertTrue(s.balances().adjust("usr_1", Money.of(-11), Money.ZERO, T0).isEmpty()));
    write(s -> assertTrue(s.balances().adjust("usr_1", Money.ZERO, Money.of(-1), T0).isEmpty()));
    write(s -> assertTrue(s.balances().adjust("usr_missing", Money.of(1), Money.ZERO, T0).isEmpty()));
    Balance balance = storage.read(s -> s.balances().find("usr_1")).orElseThrow();
    assertEquals(Money.of(10), balance.available());
    assertEquals(Money.ZERO, balance.reserved());
  }

  /** Item 10: the conditional update refuses a total past the 64-bit range instead of overflowing. */
  @Test
  void item10_balanceAdjustRefusesA64BitOverflow() {
    write(s -> s.balances().create("usr_1", T0));
    write(s -> s.balances().adjust("usr_1", Money.ofStroops(Long.MAX_VALUE - 1), Money.ZERO, T0).orElseThrow());
    write(s -> assertTrue(s.balances().adjust("usr_1", Money.ofStroops(2), Money.ZERO, T0).isEmpty()));
    write(s -> assertTrue(s.balances().adjust("usr_1", Money.ZERO, Money.ofStroops(2), T0).isEmpty()));
    write(s -> assertTrue(s.balances().adjust("usr_1", Money.ofStroops(Long.MAX_VALUE), Money.ofStroops(Long.MAX_VALUE),
        T0).isEmpty()));
    write(s -> assertEquals(Money.ofStroops(1), s.balances().adjust("usr_1", Money.ZERO, Money.ofStroops(1), T0)
        .orElseThrow().reserved()));
    write(s -> assertEquals(Money.ofStroops(Long.MAX_VALUE - 2), s.balances().adjust("usr_1", Money.ofStroops(-1),
        Money.ofStroops(1), T0).orElseThrow().available()));
    Balance balance = storage.read(s -> s.balances().find("usr_1")).orElseThrow();
    assertEquals(Money.ofStroops(Long.MAX_VALUE), balance.total());
  }

  @Test
  void sixtyFourThreadsAdjustingOneBalanceNeverOverdraw() throws Exception {
    write(s -> {
      s.balances().create("usr_1", T0);
      s.balances().adjust("usr_1", Money.of(40), Money.ZERO, T0);
    });
    List<Boolean> results = race(64, () -> storage.inTransaction(s -> s.balances().adjust("usr_1", Money.of(-1),
        Money.of(1), T0).isPresent()));
    assertEquals(40, results.stream().filter(b -> b).count());
    Balance balance = storage.read(s -> s.balances().find("usr_1")).orElseThrow();
    assertEquals(Money.ZERO, balance.available());
    assertEquals(Money.of(40), balance.reserved());
  }

  private static BigInteger stroops(long units) {
    return BigInteger.valueOf(Money.of(units).stroops());
  }

  private static Posting posting(String id, String from, String to, long units) {
    return new Posting(id, "TEST", null, List.of(new LedgerEntry(from, Money.of(-units)), new LedgerEntry(to,
        Money.of(units))), T0);
  }

  private static DomainEvent event(String id) {
    return event(id, T0);
  }

  private static DomainEvent event(String id, Instant occurredAt) {
    return new DomainEvent(0, id, "test.event", occurredAt, "agg", "Test", Map.of("k", "v"), Map.of());
  }

  private static AuditEntry audit(String id, String action) {
    return new AuditEntry(id, T0, "system", "usr_1", action, "order", "ord_1", Map.of("status", "A"),
        Map.of("status", "B"), "system", null, "SUCCESS", null, null);
  }

  @Test
  void ledgerSumsPostings() {
    write(s -> {
      s.ledger().append(posting("p1", "a", "b", 5));
      assertEquals(stroops(5), s.ledger().balanceOf("b"));
    });
    write(s -> s.ledger().append(posting("p2", "b", "c", 2)));
    storage.read(s -> {
      assertEquals(stroops(-5), s.ledger().balanceOf("a"));
      assertEquals(stroops(3), s.ledger().balanceOf("b"));
      assertEquals(Map.of("a", stroops(-5), "b", stroops(3), "c", stroops(2)), s.ledger().balances());
      assertEquals(List.of("p1", "p2"), s.ledger().list(0, 10).stream().map(Posting::id).toList());
      assertEquals(List.of("p2"), s.ledger().list(1, 10).stream().map(Posting::id).toList());
      return null;
    });
  }

  @Test
  void outboxSequencesAreGapFreeAndContiguousPerTransactionUnderConcurrency() throws Exception {
    AtomicInteger ids = new AtomicInteger();
    race(16, () -> {
      for (int i = 0; i < 25; i++) {
        write(s -> {
          int base = ids.getAndAdd(3);
          for (int j = 0; j < 3; j++) {
            s.outbox().append(event("evt_" + Thread.currentThread().getId() + "_" + (base + j)));
          }
        });
      }
      return null;
    });
    List<DomainEvent> all = storage.read(s -> s.outbox().readAfter(0, 10_000));
    assertEquals(16 * 25 * 3, all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(i + 1, all.get(i).sequence());
    }
    for (int i = 0; i < all.size(); i += 3) {
      String thread = all.get(i).eventId().split("_")[1];
      assertEquals(thread, all.get(i + 2).eventId().split("_")[1], "one transaction's events must be contiguous");
    }
    assertEquals((long) all.size(), (long) storage.read(s -> s.outbox().lastSequence()));
    assertEquals(List.of(all.get(10)), storage.read(s -> s.outbox().readAfter(10, 1)));
  }

  @Test
  void aTransactionThatCommitsLateIsNotSkippedByAReaderThatWentAhead() throws Exception {
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> late = pool.submit(() -> write(s -> {
      s.outbox().append(event("late"));
      appended.countDown();
      try {
        assertTrue(release.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }));
    assertTrue(appended.await(30, TimeUnit.SECONDS));
    write(s -> s.outbox().append(event("early")));
    List<DomainEvent> firstRead = storage.read(s -> s.outbox().readAfter(0, 100));
    long seen = firstRead.get(firstRead.size() - 1).sequence();
    release.countDown();
    late.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    List<DomainEvent> next = storage.read(s -> s.outbox().readAfter(seen, 100));
    assertEquals(List.of("late"), next.stream().map(DomainEvent::eventId).toList(),
        "the late commit must come after everything the reader already saw");
  }

  /**
   * Item 8: sequences follow commit order, {@code occurredAt} the start of the command, so an
   * event can be older than one sequenced before it (a transaction that started earlier, or
   * another instance's clock). Retention by time deleted such an event and left a gap that a
   * reader at the edge skipped silently; retention by sequence keeps a contiguous suffix.
   */
  @Test
  void item8_retentionPrunesBySequence() {
    Instant cutoff = T0.plusSeconds(100);
    write(s -> s.outbox().append(event("old-1", T0)));
    write(s -> s.outbox().append(event("young-2", cutoff.plusSeconds(5))));
    write(s -> s.outbox().append(event("late-old-3", T0.plusSeconds(1))));
    write(s -> s.outbox().append(event("young-4", cutoff.plusSeconds(6))));
    write(s -> assertEquals(1, s.outbox().deleteBefore(cutoff)));
    storage.read(s -> {
      assertEquals(2, s.outbox().firstRetainedSequence());
      assertEquals(List.of("young-2", "late-old-3", "young-4"), s.outbox().readAfter(1, 10).stream()
          .map(DomainEvent::eventId).toList(), "an old event sequenced after a kept one must be kept");
      return null;
    });
    write(s -> assertEquals(0, s.outbox().deleteBefore(cutoff)));
    write(s -> assertEquals(3, s.outbox().deleteBefore(cutoff.plusSeconds(60))));
    storage.read(s -> {
      assertEquals(4, s.outbox().lastSequence());
      assertEquals(5, s.outbox().firstRetainedSequence());
      assertEquals(List.of(), s.outbox().readAfter(0, 10));
      return null;
    });
    write(s -> s.outbox().append(event("next-5", T0)));
    storage.read(s -> {
      assertEquals(5, s.outbox().firstRetainedSequence());
      assertEquals(List.of(5L), s.outbox().readAfter(4, 10).stream().map(DomainEvent::sequence).toList());
      return null;
    });
  }

  @Test
  void fiftyConcurrentClaimsOfOneKeyHaveOneOwner() throws Exception {
    List<Optional<IdempotencyRecord>> results = race(50, () -> storage.inTransaction(s -> {
      Optional<IdempotencyRecord> existing = s.idempotency().claim(new IdempotencyRecord("principal", "key-1",
          "fp", null, T0, T0.plus(Duration.ofHours(24))), T0);
      if (existing.isEmpty()) {
        s.idempotency().complete("principal", "key-1", "the-response");
      }
      return existing;
    }));
    assertEquals(1, results.stream().filter(Optional::isEmpty).count());
    for (Optional<IdempotencyRecord> result : results) {
      result.ifPresent(record -> assertEquals("the-response", record.response()));
    }
  }

  @Test
  void anExpiredClaimIsReplaced() {
    write(s -> s.idempotency().claim(new IdempotencyRecord("p", "k", "old", null, T0, T0.plusSeconds(10)), T0));
    write(s -> assertTrue(s.idempotency().claim(new IdempotencyRecord("p", "k", "new", null, T0.plusSeconds(20),
        T0.plusSeconds(100)), T0.plusSeconds(20)).isEmpty()));
    write(s -> assertEquals("new", s.idempotency().claim(new IdempotencyRecord("p", "k", "x", null, T0, T0),
        T0.plusSeconds(30)).orElseThrow().fingerprint()));
  }

  @Test
  void twentyThreadsInsertingOneDepositInsertOnce() throws Exception {
    List<Boolean> results = race(20, () -> storage.inTransaction(s -> s.deposits().insertIfAbsent(new Deposit("hash",
        1, "usr_1", "G", Money.of(1), "stellar_deposit", T0, null))));
    assertEquals(1, results.stream().filter(b -> b).count());
  }

  @Test
  void rowLocksSerialiseWriters() throws Exception {
    write(s -> s.orders().insert(order("ord_1", null)));
    race(32, () -> {
      write(s -> {
        Order current = s.orders().lock("ord_1").orElseThrow();
        // updatedAt serves as a counter: a lost update would leave it short.
        s.orders().update(new Order(current.id(), current.clientOrderRef(), current.buyerId(), current.sellerId(),
            current.amount(), current.currency(), current.status(), current.title(), current.description(),
            current.metadata(), current.milestones(), current.createdAt(), current.updatedAt().plusSeconds(1)));
      });
      return null;
    });
    assertEquals(T0.plusSeconds(32), storage.read(s -> s.orders().find("ord_1")).orElseThrow().updatedAt());
  }

  @Test
  void tryLockDoesNotWaitForAnotherHolder() throws Exception {
    Saga saga = new Saga("sga_1", SagaKind.WITHDRAWAL, "wd_1", SagaState.PENDING, List.of(SagaStep.planned(0,
        "payment", "usr_1")), Map.of(), null, T0, T0, T0);
    write(s -> s.sagas().insert(saga));
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> holder = pool.submit(() -> write(s -> {
      assertTrue(s.sagas().tryLock("sga_1").isPresent());
      held.countDown();
      try {
        done.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }));
    assertTrue(held.await(30, TimeUnit.SECONDS));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> write(s -> assertTrue(s.sagas().tryLock("sga_1")
        .isEmpty())));
    done.countDown();
    holder.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    write(s -> assertTrue(s.sagas().tryLock("sga_1").isPresent()));
  }

  @Test
  void item7_sagaUpdateIsACompareAndSetOnTheVersionRead() throws Exception {
    Saga saga = new Saga("sga_1", SagaKind.WITHDRAWAL, "wd_1", SagaState.PENDING, List.of(SagaStep.planned(0,
        "payment", "usr_1")), Map.of(), null, T0, T0, T0);
    write(s -> s.sagas().insert(saga));
    Saga read = storage.read(s -> s.sagas().find("sga_1")).orElseThrow();
    assertEquals(0, read.version());
    Saga leased = read.leasedTo("lse_a", T0.plusSeconds(30), T0);
    boolean leaseApplied = storage.inTransaction(s -> s.sagas().update(leased));
    assertTrue(leaseApplied);
    Saga stored = storage.read(s -> s.sagas().find("sga_1")).orElseThrow();
    assertEquals(leased.nextVersion(), stored);
    boolean stale = storage.inTransaction(s -> s.sagas().update(read.leasedTo("lse_b", T0.plusSeconds(60), T0)));
    assertFalse(stale, "a write based on a stale read must not apply");
    assertEquals(stored, storage.read(s -> s.sagas().find("sga_1")).orElseThrow());

    // Two transactions read the same version; the second writer waits for the first and then misses.
    CountDownLatch firstWrote = new CountDownLatch(1);
    CountDownLatch secondRead = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<Boolean> first = pool.submit(() -> storage.inTransaction(s -> {
      Saga mine = s.sagas().find("sga_1").orElseThrow();
      boolean applied = s.sagas().update(mine.withStep(mine.steps().get(0).unsigned("xdr-a"), T0));
      firstWrote.countDown();
      try {
        assertTrue(secondRead.await(30, TimeUnit.SECONDS));
        Thread.sleep(200);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return applied;
    }));
    assertTrue(firstWrote.await(30, TimeUnit.SECONDS));
    boolean second = storage.inTransaction(s -> {
      Saga mine = s.sagas().find("sga_1").orElseThrow();
      assertEquals(stored.version(), mine.version(), "the first writer has not committed yet");
      secondRead.countDown();
      return s.sagas().update(mine.withStep(mine.steps().get(0).unsigned("xdr-b"), T0));
    });
    assertTrue(first.get(30, TimeUnit.SECONDS));
    pool.shutdown();
    assertFalse(second, "both writers passed the check: the update is not a compare-and-set");
    Saga last = storage.read(s -> s.sagas().find("sga_1")).orElseThrow();
    assertEquals("xdr-a", last.steps().get(0).unsignedXdr());
    assertEquals(stored.version() + 1, last.version());
  }

  /**
   * Issue 11 item 3: walking every paged list by keyset, three rows a page, gives exactly the rows the
   * offset list gives, in its order (newest first, ties on the time broken by id), filters included.
   */
  @Test
  void keysetPagesWalkEveryListAsTheOffsetListOrdersIt() {
    write(s -> {
      for (int i = 0; i < 10; i++) {
        Instant at = T0.plusSeconds(i / 3); // three rows share each instant: the id decides
        String user = i % 2 == 0 ? "usr_even" : "usr_odd";
        s.users().insert(new User("usr_k" + i, "ext-k" + i, null, UserType.BOTH, UserStatus.ACTIVE, null, null, null,
            at, at));
        Order base = order("ord_k" + i, "ref-k" + i);
        s.orders().insert(new Order(base.id(), base.clientOrderRef(), user, "usr_seller", base.amount(),
            base.currency(), i % 3 == 0 ? OrderStatus.FUNDS_RESERVED : OrderStatus.ORDER_CREATED, base.title(),
            base.description(), base.metadata(), base.milestones(), at, at));
        s.topUps().insert(new TopUp("topup_k" + i, user, Money.of(1), "USD", TopUpStatus.TOPUP_CREATED, null, null,
            null, null, at, at));
        s.withdrawals().insert(new Withdrawal("wd_k" + i, user, Money.of(1), "USD", WithdrawalStatus.WITHDRAWAL_PENDING,
            DestinationType.CRYPTO, "GDEST", null, null, null, null, at, at));
        s.disputes().insert(new Dispute("dsp_k" + i, "ord_k" + i, DisputeParty.BUYER, DisputeReason.OTHER, List.of(),
            DisputeStatus.OPEN, null, null, null, null, null, at, at));
        s.apiKeys().insert(new ApiKey("key_k" + i, "k" + i, "hash_k" + i, "salt", Set.of("read"), null, at, null,
            null));
      }
    });
    walk(after -> storage.read(s -> s.users().listAfter(after, 3)), u -> new Keyset(u.createdAt(), u.id()),
        storage.read(s -> s.users().list(0, 100)));
    for (String user : new String[] {null, "usr_even", "usr_seller"}) {
      for (Set<OrderStatus> statuses : List.of(Set.<OrderStatus>of(), Set.of(OrderStatus.FUNDS_RESERVED))) {
        walk(after -> storage.read(s -> s.orders().listAfter(user, statuses, after, 3)),
            o -> new Keyset(o.createdAt(), o.id()), storage.read(s -> s.orders().list(user, statuses, 0, 100)));
      }
    }
    for (String user : new String[] {null, "usr_odd"}) {
      walk(after -> storage.read(s -> s.topUps().listByUserAfter(user, after, 3)),
          t -> new Keyset(t.createdAt(), t.id()), storage.read(s -> s.topUps().listByUser(user, 0, 100)));
      walk(after -> storage.read(s -> s.withdrawals().listByUserAfter(user, after, 3)),
          w -> new Keyset(w.createdAt(), w.id()), storage.read(s -> s.withdrawals().listByUser(user, 0, 100)));
    }
    walk(after -> storage.read(s -> s.disputes().listAfter(after, 3)), d -> new Keyset(d.createdAt(), d.id()),
        storage.read(s -> s.disputes().list(0, 100)));
    walk(after -> storage.read(s -> s.apiKeys().listAfter(after, 3)), k -> new Keyset(k.createdAt(), k.id()),
        storage.read(s -> s.apiKeys().list(0, 100)));
    assertEquals(List.of("usr_k9", "usr_k8", "usr_k7", "usr_k6"), storage.read(s -> s.users().listAfter(null, 4))
        .stream().map(User::id).toList(), "newest first; on equal times the greater id first");
  }

  /** Issue 11 item 3: the ledger and the audit log walked after an id read what offsets read, once each. */
  @Test
  void theLedgerAndTheAuditLogAreWalkedAfterAnId() {
    write(s -> {
      for (int i = 0; i < 10; i++) {
        s.ledger().append(posting("pk" + i, "a", "b", i + 1));
        Instant at = T0.plusSeconds(i / 4); // entries of one instant keep their append order, newest first
        s.audit().append(new AuditEntry("audk_" + i, at, "system", "usr_" + (i % 2), i % 3 == 0 ? "A" : "B",
            "order", "ord_" + i, Map.of(), Map.of(), "system", null, "SUCCESS", null, null));
      }
    });
    List<Posting> postings = new ArrayList<>();
    String afterPosting = null;
    for (List<Posting> page = storage.read(s -> s.ledger().listAfter(null, 3)); !page.isEmpty();
        page = nextPostings(afterPosting)) {
      postings.addAll(page);
      afterPosting = page.get(page.size() - 1).id();
    }
    assertEquals(storage.read(s -> s.ledger().list(0, 100)), postings);
    assertEquals(List.of(), storage.read(s -> s.ledger().listAfter("no-such-posting", 3)));
    for (AuditQuery filter : List.of(new AuditQuery(null, null, null, null, null, null, 0, 3),
        new AuditQuery(null, null, "usr_1", null, null, null, 0, 3),
        new AuditQuery(null, null, null, "A", T0, T0.plusSeconds(2), 0, 3))) {
      List<AuditEntry> walked = new ArrayList<>();
      String after = null;
      for (int guard = 0; guard < 20; guard++) {
        String from = after;
        List<AuditEntry> page = storage.read(s -> s.audit().queryAfter(filter, from));
        if (page.isEmpty()) {
          break;
        }
        walked.addAll(page);
        after = page.get(page.size() - 1).id();
      }
      assertEquals(storage.read(s -> s.audit().query(new AuditQuery(filter.resourceType(), filter.resourceId(),
          filter.userId(), filter.action(), filter.from(), filter.to(), 0, 100))), walked, filter.toString());
    }
    assertEquals(List.of(), storage.read(s -> s.audit().queryAfter(AuditQuery.all(3), "no-such-entry")));
    assertEquals("audk_3", storage.read(s -> s.audit().find("audk_3")).orElseThrow().id());
  }

  private List<Posting> nextPostings(String after) {
    return storage.read(s -> s.ledger().listAfter(after, 3));
  }

  /** Pages through {@code page} from the start and checks the rows against {@code expected}. */
  private static <T> void walk(java.util.function.Function<Keyset, List<T>> page,
      java.util.function.Function<T, Keyset> key, List<T> expected) {
    List<T> seen = new ArrayList<>();
    Keyset after = null;
    for (int guard = 0; guard < 100; guard++) {
      List<T> rows = page.apply(after);
      assertTrue(rows.size() <= 3, "a page is bounded by its limit");
      if (rows.isEmpty()) {
        break;
      }
      seen.addAll(rows);
      after = key.apply(rows.get(rows.size() - 1));
    }
    assertEquals(expected, seen);
  }

  @Test
  void sagasAreListedNewestFirstByStateAfterAKeysetAndThePendingOnesCounted() {
    storage.read(s -> {
      assertEquals(new com.offerhub.orchestrator.spi.storage.SagaRepository.Backlog(0, null),
          s.sagas().pendingBacklog());
      assertEquals(List.of(), s.sagas().listAfter(null, null, 10));
      return null;
    });
    write(s -> {
      for (int i = 0; i < 6; i++) {
        // sga_2 and sga_3 share their creation time: the id orders them
        Instant at = T0.plusSeconds(i == 3 ? 2 : i);
        SagaState state = i == 1 ? SagaState.COMPLETED : i == 4 ? SagaState.FAILED : SagaState.PENDING;
        s.sagas().insert(new Saga("sga_" + i, SagaKind.WITHDRAWAL, "wd_" + i, state, List.of(), Map.of(), null,
            T0.plusSeconds(100), at, at));
      }
    });
    storage.read(s -> {
      assertEquals(List.of("sga_5", "sga_4", "sga_3", "sga_2", "sga_1", "sga_0"), ids(s.sagas().listAfter(null, null,
          10)));
      List<Saga> first = s.sagas().listAfter(SagaState.PENDING, null, 2);
      assertEquals(List.of("sga_5", "sga_3"), ids(first));
      Saga last = first.get(1);
      assertEquals(List.of("sga_2", "sga_0"), ids(s.sagas().listAfter(SagaState.PENDING,
          new Keyset(last.createdAt(), last.id()), 10)));
      assertEquals(List.of("sga_1"), ids(s.sagas().listAfter(SagaState.COMPLETED, null, 10)));
      assertEquals(List.of("sga_0"), ids(s.sagas().listAfter(null, new Keyset(T0.plusSeconds(1), "sga_1"), 10)));
      assertEquals(new com.offerhub.orchestrator.spi.storage.SagaRepository.Backlog(4, T0),
          s.sagas().pendingBacklog());
      return null;
    });
    write(s -> {
      Saga oldest = s.sagas().find("sga_0").orElseThrow();
      assertTrue(s.sagas().update(oldest.finish(SagaState.COMPLETED, null, T0.plusSeconds(50))));
    });
    assertEquals(new com.offerhub.orchestrator.spi.storage.SagaRepository.Backlog(3, T0.plusSeconds(2)),
        storage.read(s -> s.sagas().pendingBacklog()));
  }

  private static List<String> ids(List<Saga> sagas) {
    return sagas.stream().map(Saga::id).toList();
  }

  @Test
  void sequencedEventsLeaveNoUnnumberedBacklog() {
    assertEquals(com.offerhub.orchestrator.spi.storage.OutboxRepository.Backlog.NONE,
        storage.read(s -> s.outbox().unnumbered()));
    write(s -> {
      s.outbox().append(event("e1"));
      s.outbox().append(event("e2"));
    });
    assertEquals(com.offerhub.orchestrator.spi.storage.OutboxRepository.Backlog.NONE,
        storage.read(s -> s.outbox().unnumbered()));
    assertEquals(2L, (long) storage.read(s -> s.outbox().lastSequence()));
  }

  @Test
  void listsAreOrderedAndBounded() {
    write(s -> {
      for (int i = 0; i < 5; i++) {
        Instant at = T0.plusSeconds(i);
        s.users().insert(new User("usr_" + i, "ext" + i, null, UserType.BOTH, UserStatus.ACTIVE, null, null, null, at,
            at));
        s.sagas().insert(new Saga("sga_" + i, SagaKind.WITHDRAWAL, "wd_" + i, i == 4 ? SagaState.COMPLETED
            : SagaState.PENDING, List.of(), Map.of(), null, T0.plusSeconds(10 - i), at, at));
        s.audit().append(new AuditEntry("aud_" + i, at, "system", "usr_" + (i % 2), i % 2 == 0 ? "A" : "B",
            "order", "ord_" + i, Map.of(), Map.of(), "system", null, "SUCCESS", null, null));
      }
    });
    storage.read(s -> {
      assertEquals(List.of("usr_4", "usr_3"), s.users().list(0, 2).stream().map(User::id).toList());
      assertEquals(List.of("usr_2"), s.users().list(2, 1).stream().map(User::id).toList());
      assertEquals(List.of("sga_3", "sga_2"), s.sagas().listDue(T0.plusSeconds(8), 10));
      assertEquals(List.of("sga_3"), s.sagas().listDue(T0.plusSeconds(100), 1));
      assertEquals(List.of("aud_4", "aud_2", "aud_0"), s.audit().query(new AuditQuery(null, null, null, "A", null,
          null, 0, 10)).stream().map(AuditEntry::id).toList());
      assertEquals(List.of("aud_3"), s.audit().query(new AuditQuery("order", "ord_3", null, null, null, null, 0, 10))
          .stream().map(AuditEntry::id).toList());
      assertEquals(List.of("aud_2", "aud_1"), s.audit().query(new AuditQuery(null, null, null, null,
          T0.plusSeconds(1), T0.plusSeconds(3), 0, 10)).stream().map(AuditEntry::id).toList());
      assertEquals(Optional.of("wd_1"), s.sagas().findPendingBySubject("wd_1").map(Saga::subjectId));
      assertFalse(s.sagas().findPendingBySubject("wd_4").isPresent());
      return null;
    });
  }

  // ---- coordination: leases and rate-limit permits (issue 9) ----

  private boolean lease(String name, String owner, Instant now, Duration term) {
    return storage.inTransaction(s -> s.leases().tryAcquire(name, owner, now, now.plus(term)));
  }

  private boolean release(String name, String owner) {
    return storage.inTransaction(s -> s.leases().release(name, owner));
  }

  private Optional<String> leaseOwner(String name) {
    return storage.read(s -> s.leases().find(name)).map(LeaseRepository.Lease::owner);
  }

  @Test
  void aLeaseIsExclusiveItsOwnerRenewsItAndAnotherTakesItOverOnlyOnceItExpired() {
    Duration term = Duration.ofSeconds(10);
    assertTrue(lease("watcher", "a", T0, term));
    assertFalse(lease("watcher", "b", T0.plusSeconds(5), term), "held by a until T0+10");
    assertTrue(lease("watcher", "a", T0.plusSeconds(5), term), "the owner renews, until T0+15");
    assertFalse(lease("watcher", "b", T0.plusSeconds(12), term), "the renewal counts, not the first term");
    assertEquals(Optional.of("a"), leaseOwner("watcher"));
    assertEquals(T0.plusSeconds(15), storage.read(s -> s.leases().find("watcher")).orElseThrow().expiresAt());
    assertTrue(lease("watcher", "b", T0.plusSeconds(15), term), "expired at T0+15: b takes it over");
    assertEquals(Optional.of("b"), leaseOwner("watcher"));
    assertFalse(lease("watcher", "a", T0.plusSeconds(16), term), "the old owner lost it");
    assertTrue(lease("other", "a", T0.plusSeconds(16), term), "leases of other names are independent");
  }

  @Test
  void aLeaseIsReleasedOnlyByItsOwner() {
    assertTrue(lease("channel-1", "a", T0, Duration.ofMinutes(1)));
    assertFalse(release("channel-1", "b"));
    assertEquals(Optional.of("a"), leaseOwner("channel-1"));
    assertFalse(lease("channel-1", "b", T0.plusSeconds(1), Duration.ofMinutes(1)));
    assertTrue(release("channel-1", "a"));
    assertEquals(Optional.empty(), leaseOwner("channel-1"));
    assertTrue(lease("channel-1", "b", T0.plusSeconds(2), Duration.ofMinutes(1)), "released: free at once");
  }

  @Test
  void threadsRacingForAFreeOrAnExpiredLeaseHaveExactlyOneWinner() throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<String> fresh = race(8, () -> {
      String owner = "owner-" + next.getAndIncrement();
      return lease("leader", owner, T0, Duration.ofSeconds(10)) ? owner : null;
    });
    List<String> winners = fresh.stream().filter(java.util.Objects::nonNull).toList();
    assertEquals(1, winners.size(), "one winner for a free lease: " + fresh);
    assertEquals(Optional.of(winners.get(0)), leaseOwner("leader"));
    List<String> takeover = race(8, () -> {
      String owner = "late-" + next.getAndIncrement();
      return lease("leader", owner, T0.plusSeconds(10), Duration.ofSeconds(10)) ? owner : null;
    });
    List<String> newWinners = takeover.stream().filter(java.util.Objects::nonNull).toList();
    assertEquals(1, newWinners.size(), "one winner for an expired lease: " + takeover);
    assertEquals(Optional.of(newWinners.get(0)), leaseOwner("leader"));
  }

  /** Takes permits at {@code now} until none is free; returns how many this caller took. */
  private int takeAll(String limiter, int limit, Duration window, Instant now) {
    int taken = 0;
    while (true) {
      if (storage.inTransaction(s -> s.permits().tryTake(limiter, limit, window, now))) {
        taken++;
      } else if (storage.read(s -> s.permits().nextFree(limiter, limit, window)).isAfter(now)) {
        return taken;
      }
    }
  }

  private int raceForPermits(String limiter, int limit, Duration window, Instant now) throws Exception {
    return race(8, () -> takeAll(limiter, limit, window, now)).stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void eightRacingThreadsNeverTakeMorePermitsThanTheLimitAndANewWindowAdmitsAgain() throws Exception {
    Duration minute = Duration.ofMinutes(1);
    assertEquals(5, raceForPermits("tw:key-1", 5, minute, T0));
    assertEquals(0, raceForPermits("tw:key-1", 5, minute, T0.plusSeconds(59)), "the window has not turned");
    assertEquals(T0.plus(minute), storage.read(s -> s.permits().nextFree("tw:key-1", 5, minute)));
    assertEquals(5, raceForPermits("tw:key-2", 5, minute, T0.plusSeconds(59)), "another key has its own permits");
    assertEquals(5, raceForPermits("tw:key-1", 5, minute, T0.plus(minute)), "a new window admits again");
  }

  @Test
  void permitsCountOverASlidingWindowSoNoBurstCrossesAWindowBoundary() {
    Duration minute = Duration.ofMinutes(1);
    assertEquals(3, takeAll("limited", 3, minute, T0), "a limit of 3 first: a smaller limit uses fewer slots");
    assertEquals(2, takeAll("limited", 5, minute, T0.plusSeconds(30)), "raised to 5: two more in this window");
    assertEquals(0, takeAll("limited", 5, minute, T0.plusSeconds(59)));
    assertEquals(3, takeAll("limited", 5, minute, T0.plus(minute)), "only the three of T0 have left the window");
    assertEquals(T0.plusSeconds(90), storage.read(s -> s.permits().nextFree("limited", 5, minute)));
    assertEquals(0, takeAll("limited", 5, minute, T0.plusSeconds(89)));
    assertEquals(2, takeAll("limited", 5, minute, T0.plusSeconds(90)));
  }
}

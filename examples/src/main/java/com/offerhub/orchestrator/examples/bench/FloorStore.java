package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.model.Money;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The floor of {@link FloorBenchmark}: the least database work each command needs, through plain
 * JDBC. Its tables sit beside the engine's in the same schema, with the engine's columns, checks
 * and indexes (what the product stores and queries), but none of its mechanism: no shared outbox
 * counter row (the outbox key is an identity; a sequencer would number events after commit), no
 * separate posting row (entries carry their posting), no read-backs. Each command is a handful of
 * prepared statements, reused per connection, in one transaction:
 *
 * <ul>
 *   <li>reserve (6): idempotency claim, conditional order status update, conditional balance
 *       update, both ledger entries in one insert, both audit rows in one insert, both events in
 *       one insert;
 *   <li>release (5): idempotency claim, buyer reserved to seller available in one update (the
 *       CHECK on reserved refuses a short balance), ledger entries, audit rows, events;
 *   <li>deposit credit (5): the (hash, operation index) claim that also finds the wallet's user and
 *       skips our own escrow contracts' payouts, balance credit, ledger entries, audit row, event.
 * </ul>
 */
final class FloorStore {
  private static final String USER = System.getProperty("bench.pg.user", "postgres");
  private static final String PRINCIPAL = "bench";
  private static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

  private final String url;

  private FloorStore(String url) {
    this.url = url;
  }

  /**
   * Creates the floor's tables in the schema of {@code url} (where the engine's tables already
   * are) and copies the engine's balances and wallets into them, so both sides start equal.
   */
  static FloorStore create(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE floor_idempotency (LIKE oh_idempotency_keys INCLUDING ALL)");
      s.execute("CREATE TABLE floor_orders (LIKE oh_orders INCLUDING ALL)");
      s.execute("CREATE TABLE floor_balances (LIKE oh_balances INCLUDING ALL)");
      s.execute("CREATE TABLE floor_wallets (LIKE oh_wallets INCLUDING ALL)");
      s.execute("CREATE TABLE floor_deposits (LIKE oh_deposits INCLUDING ALL)");
      s.execute("CREATE SEQUENCE floor_posting_seq");
      s.execute("CREATE TABLE floor_ledger_entries (posting_seq BIGINT NOT NULL, position INTEGER NOT NULL, "
          + "account VARCHAR(200) NOT NULL, amount BIGINT NOT NULL CHECK (amount <> 0), kind VARCHAR(40) NOT NULL, "
          + "reference VARCHAR(200), posted_at TIMESTAMP WITH TIME ZONE NOT NULL, "
          + "PRIMARY KEY (posting_seq, position))");
      s.execute("CREATE INDEX floor_ledger_entries_account ON floor_ledger_entries (account)");
      s.execute("CREATE TABLE floor_audit_log (LIKE oh_audit_log INCLUDING ALL)");
      s.execute("CREATE TABLE floor_outbox (sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
          + "event_id VARCHAR(64) NOT NULL UNIQUE, event_type VARCHAR(100) NOT NULL, "
          + "occurred_at TIMESTAMP WITH TIME ZONE NOT NULL, aggregate_id VARCHAR(64) NOT NULL, "
          + "aggregate_type VARCHAR(40) NOT NULL, payload VARCHAR(65536) NOT NULL, metadata VARCHAR(4096) NOT NULL)");
      s.execute("CREATE INDEX floor_outbox_occurred ON floor_outbox (occurred_at)");
      s.execute("INSERT INTO floor_balances SELECT * FROM oh_balances");
      s.execute("INSERT INTO floor_wallets SELECT * FROM oh_wallets");
      s.execute("ANALYZE");
    }
    return new FloorStore(url);
  }

  /** Orders {@code <prefix>_<index>} of 1.00 each for {@code buyerId}, created before timing starts. */
  void insertOrders(String prefix, String buyerId, String sellerId, int count) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, USER, "");
        PreparedStatement ps = c.prepareStatement("INSERT INTO floor_orders (id, buyer_id, seller_id, amount, "
            + "currency, status, title, created_at, updated_at) SELECT ? || '_' || g, ?, ?, 10000000, 'USD', "
            + "'ORDER_CREATED', 'bench', now(), now() FROM generate_series(0, ? - 1) g")) {
      ps.setString(1, prefix);
      ps.setString(2, buyerId);
      ps.setString(3, sellerId);
      ps.setInt(4, count);
      ps.executeUpdate();
    }
  }

  /** A connection of its own, autocommit off, with its statements prepared once. */
  Session open() throws SQLException {
    return new Session(DriverManager.getConnection(url, USER, ""));
  }

  /** One thread's connection and prepared statements; not thread-safe. */
  static final class Session implements AutoCloseable {
    private final Connection c;
    private final PreparedStatement claimKey;
    private final PreparedStatement reserveOrder;
    private final PreparedStatement reserveBalance;
    private final PreparedStatement releaseBalances;
    private final PreparedStatement claimDeposit;
    private final PreparedStatement creditBalance;
    private final PreparedStatement ledger;
    private final PreparedStatement audit1;
    private final PreparedStatement audit2;
    private final PreparedStatement events1;
    private final PreparedStatement events2;

    private Session(Connection c) throws SQLException {
      this.c = c;
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      claimKey = c.prepareStatement("INSERT INTO floor_idempotency (scope, idem_key, fingerprint, response, "
          + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
      reserveOrder = c.prepareStatement("UPDATE floor_orders SET status = 'FUNDS_RESERVED', updated_at = ? "
          + "WHERE id = ? AND status = 'ORDER_CREATED' RETURNING buyer_id, amount, currency");
      reserveBalance = c.prepareStatement("UPDATE floor_balances SET available = available - ?, "
          + "reserved = reserved + ?, updated_at = ? WHERE user_id = ? AND available >= ? "
          + "RETURNING available, reserved");
      releaseBalances = c.prepareStatement("UPDATE floor_balances b SET available = b.available + v.da, "
          + "reserved = b.reserved + v.dr, updated_at = ? FROM (VALUES (CAST(? AS VARCHAR), CAST(0 AS BIGINT), "
          + "CAST(? AS BIGINT)), (CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(0 AS BIGINT))) AS v(user_id, da, dr) "
          + "WHERE b.user_id = v.user_id RETURNING b.user_id, b.available, b.reserved");
      claimDeposit = c.prepareStatement("INSERT INTO floor_deposits (transaction_hash, operation_index, user_id, "
          + "wallet_address, amount, source, credited_at, sender) SELECT ?, ?, w.user_id, w.public_key, ?, "
          + "'stellar_deposit', ?, ? FROM floor_wallets w WHERE w.public_key = ? AND NOT EXISTS (SELECT 1 "
          + "FROM oh_escrows e WHERE e.contract_id = ?) ON CONFLICT DO NOTHING RETURNING user_id");
      creditBalance = c.prepareStatement("UPDATE floor_balances SET available = available + ?, updated_at = ? "
          + "WHERE user_id = ? RETURNING available, reserved");
      ledger = c.prepareStatement("INSERT INTO floor_ledger_entries (posting_seq, position, account, amount, kind, "
          + "reference, posted_at) SELECT p.seq, e.position, e.account, e.amount, ?, ?, ? FROM (SELECT "
          + "nextval('floor_posting_seq') AS seq) p CROSS JOIN (VALUES (0, CAST(? AS VARCHAR), CAST(? AS BIGINT)), "
          + "(1, CAST(? AS VARCHAR), CAST(? AS BIGINT))) AS e(position, account, amount)");
      audit1 = c.prepareStatement(auditInsert(1));
      audit2 = c.prepareStatement(auditInsert(2));
      events1 = c.prepareStatement(eventInsert(1));
      events2 = c.prepareStatement(eventInsert(2));
    }

    private static String auditInsert(int rows) {
      return "INSERT INTO floor_audit_log (id, occurred_at, marketplace_id, user_id, action, resource_type, "
          + "resource_id, payload_before, payload_after, actor_type, actor_id, result, idempotency_key) VALUES "
          + String.join(", ", Collections.nCopies(rows, "(?, ?, 'system', ?, ?, ?, ?, ?, ?, ?, ?, 'SUCCESS', ?)"));
    }

    private static String eventInsert(int rows) {
      return "INSERT INTO floor_outbox (event_id, event_type, occurred_at, aggregate_id, aggregate_type, payload, "
          + "metadata) VALUES " + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?)"));
    }

    /** Order reserve: the order's amount from the buyer's available to reserved. False on a replayed key. */
    boolean reserve(String orderId, String key) throws SQLException {
      return transaction(now -> {
        if (!claim(key, "orders.reserve|" + orderId, "{\"id\":\"" + orderId + "\",\"status\":\"FUNDS_RESERVED\"}",
            now)) {
          return false;
        }
        String buyer;
        long amount;
        String currency;
        reserveOrder.setTimestamp(1, now);
        reserveOrder.setString(2, orderId);
        try (ResultSet rs = reserveOrder.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("order " + orderId + " is not ORDER_CREATED");
          }
          buyer = rs.getString(1);
          amount = rs.getLong(2);
          currency = rs.getString(3);
        }
        reserveBalance.setLong(1, amount);
        reserveBalance.setLong(2, amount);
        reserveBalance.setTimestamp(3, now);
        reserveBalance.setString(4, buyer);
        reserveBalance.setLong(5, amount);
        long available;
        long reserved;
        try (ResultSet rs = reserveBalance.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("insufficient funds of " + buyer);
          }
          available = rs.getLong(1);
          reserved = rs.getLong(2);
        }
        ledger("RESERVE", orderId, now, "user:" + buyer + ":available", -amount, "user:" + buyer + ":reserved",
            amount);
        String before = balance(available + amount, reserved - amount);
        String after = balance(available, reserved);
        bindAudit(audit2, 0, now, buyer, "RESERVE", "balance", buyer, before, after, key);
        bindAudit(audit2, 1, now, buyer, "FUNDS_RESERVED", "order", orderId, "{\"status\":\"ORDER_CREATED\"}",
            "{\"status\":\"FUNDS_RESERVED\"}", key);
        audit2.executeUpdate();
        bindEvent(events2, 0, now, "balance.reserved", buyer, "Balance", reservedPayload(buyer, amount, currency,
            orderId, available, reserved), buyer);
        bindEvent(events2, 1, now, "order.funds_reserved", orderId, "Order", "{\"orderId\":\"" + orderId
            + "\",\"buyerId\":\"" + buyer + "\",\"amount\":\"" + money(amount) + "\",\"currency\":\"" + currency
            + "\",\"reservedBalance\":\"" + money(reserved) + "\",\"availableBalance\":\"" + money(available)
            + "\"}", buyer);
        events2.executeUpdate();
        return true;
      });
    }

    /** Release: {@code amount} from the buyer's reserved to the seller's available. False on a replayed key. */
    boolean release(String buyer, String seller, long amount, String reference, String key) throws SQLException {
      return transaction(now -> {
        if (!claim(key, "balances.RELEASE|" + buyer + "|" + seller + "|" + amount + "|" + reference,
            "{\"operation\":\"RELEASE\",\"amount\":\"" + money(amount) + "\"}", now)) {
          return false;
        }
        releaseBalances.setTimestamp(1, now);
        releaseBalances.setString(2, buyer);
        releaseBalances.setLong(3, -amount);
        releaseBalances.setString(4, seller);
        releaseBalances.setLong(5, amount);
        long[] buyerAfter = null;
        long[] sellerAfter = null;
        try (ResultSet rs = releaseBalances.executeQuery()) {
          while (rs.next()) {
            long[] balance = {rs.getLong(2), rs.getLong(3)};
            if (rs.getString(1).equals(buyer)) {
              buyerAfter = balance;
            } else {
              sellerAfter = balance;
            }
          }
        }
        if (buyerAfter == null || sellerAfter == null) {
          throw new SQLException("no balance for " + (buyerAfter == null ? buyer : seller));
        }
        ledger("RELEASE", reference, now, "user:" + buyer + ":reserved", -amount, "user:" + seller + ":available",
            amount);
        bindAudit(audit2, 0, now, buyer, "RELEASE_DEDUCT_RESERVED", "balance", buyer,
            balance(buyerAfter[0], buyerAfter[1] + amount), balance(buyerAfter[0], buyerAfter[1]), key);
        bindAudit(audit2, 1, now, seller, "RELEASE_CREDIT_AVAILABLE", "balance", seller,
            balance(sellerAfter[0] - amount, sellerAfter[1]), balance(sellerAfter[0], sellerAfter[1]), key);
        audit2.executeUpdate();
        bindEvent(events2, 0, now, "balance.released", buyer, "Balance", reservedPayload(buyer, amount, "USD",
            reference, buyerAfter[0], buyerAfter[1]), buyer);
        bindEvent(events2, 1, now, "balance.credited", seller, "Balance", creditedPayload(seller, amount, "release",
            reference, sellerAfter[0]), seller);
        events2.executeUpdate();
        return true;
      });
    }

    /** Credits one incoming payment to the wallet's user once; false when it was credited already or is not ours. */
    boolean credit(String hash, int operationIndex, String wallet, String sender, long amount) throws SQLException {
      return transaction(now -> {
        claimDeposit.setString(1, hash);
        claimDeposit.setInt(2, operationIndex);
        claimDeposit.setLong(3, amount);
        claimDeposit.setTimestamp(4, now);
        claimDeposit.setString(5, sender);
        claimDeposit.setString(6, wallet);
        claimDeposit.setString(7, sender);
        String user;
        try (ResultSet rs = claimDeposit.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          user = rs.getString(1);
        }
        creditBalance.setLong(1, amount);
        creditBalance.setTimestamp(2, now);
        creditBalance.setString(3, user);
        long available;
        long reserved;
        try (ResultSet rs = creditBalance.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("no balance for " + user);
          }
          available = rs.getLong(1);
          reserved = rs.getLong(2);
        }
        ledger("CREDIT_AVAILABLE", hash, now, "external:deposits", -amount, "user:" + user + ":available", amount);
        bindAudit(audit1, 0, now, user, "CREDIT_AVAILABLE", "balance", user, balance(available - amount, reserved),
            "{\"available\":\"" + money(available) + "\",\"reserved\":\"" + money(reserved)
                + "\",\"transactionHash\":\"" + hash + "\",\"source\":\"stellar_deposit\",\"sender\":\"" + sender
                + "\"}", null);
        audit1.executeUpdate();
        bindEvent(events1, 0, now, "balance.credited", user, "Balance", creditedPayload(user, amount,
            "stellar_deposit", hash, available), user);
        events1.executeUpdate();
        return true;
      });
    }

    /** One unit of work of a command, given the command's time; true to commit, false to roll back. */
    private interface Work {
      boolean run(Timestamp now) throws SQLException;
    }

    /** Runs {@code work} as one transaction: committed when it says so, rolled back otherwise or on failure. */
    private boolean transaction(Work work) throws SQLException {
      try {
        boolean done = work.run(Timestamp.from(Instant.now()));
        if (done) {
          c.commit();
        } else {
          c.rollback();
        }
        return done;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }

    private boolean claim(String key, String request, String response, Timestamp now) throws SQLException {
      claimKey.setString(1, PRINCIPAL);
      claimKey.setString(2, key);
      claimKey.setString(3, sha256(request));
      claimKey.setBytes(4, response.getBytes(StandardCharsets.UTF_8));
      claimKey.setTimestamp(5, now);
      claimKey.setTimestamp(6, Timestamp.from(now.toInstant().plus(IDEMPOTENCY_TTL)));
      return claimKey.executeUpdate() == 1;
    }

    private void ledger(String kind, String reference, Timestamp now, String from, long fromAmount, String to,
        long toAmount) throws SQLException {
      ledger.setString(1, kind);
      ledger.setString(2, reference);
      ledger.setTimestamp(3, now);
      ledger.setString(4, from);
      ledger.setLong(5, fromAmount);
      ledger.setString(6, to);
      ledger.setLong(7, toAmount);
      ledger.executeUpdate();
    }

    private static void bindAudit(PreparedStatement ps, int row, Timestamp now, String user, String action,
        String resourceType, String resourceId, String before, String after, String key) throws SQLException {
      int p = row * 11;
      ps.setString(p + 1, "aud_" + UUID.randomUUID());
      ps.setTimestamp(p + 2, now);
      ps.setString(p + 3, user);
      ps.setString(p + 4, action);
      ps.setString(p + 5, resourceType);
      ps.setString(p + 6, resourceId);
      ps.setString(p + 7, before);
      ps.setString(p + 8, after);
      ps.setString(p + 9, key == null ? "system" : "api_key");
      ps.setString(p + 10, key == null ? "system" : PRINCIPAL);
      ps.setString(p + 11, key);
    }

    private static void bindEvent(PreparedStatement ps, int row, Timestamp now, String type, String aggregateId,
        String aggregateType, String payload, String user) throws SQLException {
      int p = row * 7;
      ps.setString(p + 1, "evt_" + UUID.randomUUID());
      ps.setString(p + 2, type);
      ps.setTimestamp(p + 3, now);
      ps.setString(p + 4, aggregateId);
      ps.setString(p + 5, aggregateType);
      ps.setString(p + 6, payload);
      ps.setString(p + 7, "{\"userId\":\"" + user + "\",\"actorId\":\"" + PRINCIPAL + "\"}");
    }

    private static String balance(long available, long reserved) {
      return "{\"available\":\"" + money(available) + "\",\"reserved\":\"" + money(reserved) + "\"}";
    }

    private static String reservedPayload(String user, long amount, String currency, String orderId, long available,
        long reserved) {
      return "{\"userId\":\"" + user + "\",\"amount\":\"" + money(amount) + "\",\"currency\":\"" + currency
          + "\",\"orderId\":\"" + orderId + "\",\"previousReservedBalance\":\"" + money(reserved - amount)
          + "\",\"newReservedBalance\":\"" + money(reserved) + "\",\"previousAvailableBalance\":\""
          + money(available + amount) + "\",\"newAvailableBalance\":\"" + money(available) + "\"}";
    }

    private static String creditedPayload(String user, long amount, String source, String sourceId, long available) {
      return "{\"userId\":\"" + user + "\",\"amount\":\"" + money(amount) + "\",\"currency\":\"USD\",\"source\":\""
          + source + "\",\"sourceId\":\"" + sourceId + "\",\"previousAvailableBalance\":\"" + money(available - amount)
          + "\",\"newAvailableBalance\":\"" + money(available) + "\",\"newBalance\":\"" + money(available) + "\"}";
    }

    private static String money(long stroops) {
      return Money.ofStroops(stroops).format();
    }

    private static String sha256(String text) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
            StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() throws SQLException {
      c.close();
    }
  }
}

package com.offerhub.orchestrator.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.jdbc.JdbcStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's floor does the whole job of each command, or its ratios would flatter nobody:
 * money moves and is refused as the engine's would, ledger entries balance, audit rows and events
 * are written, and a replayed key or payment changes nothing. PostgreSQL at
 * {@code OFFERHUB_TEST_PG_URL} (default {@code test} on 127.0.0.1) is required.
 */
class FloorStoreTest {
  private static final String PG_URL = System.getenv().getOrDefault("OFFERHUB_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private static final long ONE = 10_000_000L;

  private final String schema = "oh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private final String url = PG_URL + "?currentSchema=" + schema;
  private FloorStore floor;
  private FloorStore.Session session;

  @BeforeEach
  void start() throws SQLException {
    admin("CREATE SCHEMA " + schema);
    try (JdbcStorage storage = JdbcStorage.pooled(url, "postgres", "", 2)) {
      storage.migrate();
    }
    sql("INSERT INTO oh_balances VALUES ('buyer', " + 2 * ONE + ", " + ONE + ", 'USD', now()), "
        + "('seller', 0, 0, 'USD', now())");
    sql("INSERT INTO oh_wallets (id, user_id, public_key, status, is_primary, created_at, updated_at) "
        + "VALUES ('wal_1', 'seller', 'GSELLER', 'ACTIVE', true, now(), now())");
    floor = FloorStore.create(url);
    session = floor.open();
  }

  @AfterEach
  void stop() throws SQLException {
    session.close();
    admin("DROP SCHEMA " + schema + " CASCADE");
  }

  @Test
  void reserveMovesTheOrderAmountOnceAndWritesItsRecords() throws SQLException {
    floor.insertOrders("ord", "buyer", "seller", 2);

    assertTrue(session.reserve("ord_0", "key-0"));
    assertFalse(session.reserve("ord_0", "key-0"), "a replayed key runs nothing");

    assertEquals(ONE, query("SELECT available FROM floor_balances WHERE user_id = 'buyer'"));
    assertEquals(2 * ONE, query("SELECT reserved FROM floor_balances WHERE user_id = 'buyer'"));
    assertEquals(1, query("SELECT count(*) FROM floor_orders WHERE status = 'FUNDS_RESERVED'"));
    assertEquals(2, query("SELECT count(*) FROM floor_ledger_entries"));
    assertEquals(0, query("SELECT sum(amount) FROM floor_ledger_entries"));
    assertEquals(2, query("SELECT count(*) FROM floor_audit_log"));
    assertEquals(2, query("SELECT count(*) FROM floor_outbox"));
    assertThrows(SQLException.class, () -> session.reserve("ord_0", "key-other"), "already reserved");
  }

  @Test
  void reserveWithoutTheFundsChangesNothing() throws SQLException {
    floor.insertOrders("ord", "buyer", "seller", 3);
    assertTrue(session.reserve("ord_0", "key-0"));
    assertTrue(session.reserve("ord_1", "key-1"));

    assertThrows(SQLException.class, () -> session.reserve("ord_2", "key-2"));

    assertEquals(0, query("SELECT available FROM floor_balances WHERE user_id = 'buyer'"));
    assertEquals(1, query("SELECT count(*) FROM floor_orders WHERE status = 'ORDER_CREATED'"));
    assertEquals(0, query("SELECT count(*) FROM floor_idempotency WHERE idem_key = 'key-2'"));
  }

  @Test
  void releaseMovesReservedToTheSellerAndIsRefusedBeyondIt() throws SQLException {
    assertTrue(session.release("buyer", "seller", ONE, "ref-0", "rel-0"));

    assertEquals(0, query("SELECT reserved FROM floor_balances WHERE user_id = 'buyer'"));
    assertEquals(ONE, query("SELECT available FROM floor_balances WHERE user_id = 'seller'"));
    assertThrows(SQLException.class, () -> session.release("buyer", "seller", ONE, "ref-1", "rel-1"));
    assertEquals(ONE, query("SELECT available FROM floor_balances WHERE user_id = 'seller'"));
    assertEquals(0, query("SELECT sum(amount) FROM floor_ledger_entries"));
    assertEquals(2, query("SELECT count(*) FROM floor_outbox"));
  }

  @Test
  void aPaymentIsCreditedOnceAndOnlyToOurWallets() throws SQLException {
    assertTrue(session.credit("hash-1", 0, "GSELLER", "GOUTSIDE", ONE));
    assertFalse(session.credit("hash-1", 0, "GSELLER", "GOUTSIDE", ONE), "the same payment again");
    assertFalse(session.credit("hash-2", 0, "GSOMEONE", "GOUTSIDE", ONE), "not our wallet");

    assertEquals(ONE, query("SELECT available FROM floor_balances WHERE user_id = 'seller'"));
    assertEquals(1, query("SELECT count(*) FROM floor_deposits"));
    assertEquals(1, query("SELECT count(*) FROM floor_audit_log"));
    assertEquals(1, query("SELECT count(*) FROM floor_outbox"));
  }

  private long query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void sql(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}

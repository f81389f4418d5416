package com.offerhub.orchestrator.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema migrates on both databases, once, and its constraints carry the money rules. */
class JdbcMigrationsTest {
  private static DataSource database(String kind) {
    Supplier<DataSource> factory = kind.equals("h2") ? TestDatabases::freshH2 : TestDatabases::freshPostgres;
    return factory.get();
  }

  /** The versioned migrations this module ships (each helper or change adds its own file). */
  private static void exec(DataSource db, String sql) throws SQLException {
    try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** How many versioned scripts the migrations directory holds (each applies once). */
  private static int migrationScripts() throws Exception {
    java.net.URL dir = JdbcMigrationsTest.class.getClassLoader().getResource("db/orchestrator");
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void migratesOnceAndThenIsANoOp(String kind) throws Exception {
    DataSource db = database(kind);
    assertEquals(migrationScripts(), JdbcMigrations.migrate(db));
    assertEquals(0, JdbcMigrations.migrate(db));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void progressNamesEachMigrationAsItRunsAndNothingOnceUpToDate(String kind) throws Exception {
    DataSource db = database(kind);
    java.util.List<JdbcMigrations.Applied> applied = new java.util.ArrayList<>();
    int ran = JdbcMigrations.migrate(db, applied::add);
    assertEquals(migrationScripts(), ran);
    assertEquals(ran, applied.size());
    assertEquals(new JdbcMigrations.Applied("1", "orchestrator schema"), applied.get(0));
    for (int i = 0; i < applied.size(); i++) {
      assertEquals(String.valueOf(i + 1), applied.get(i).version(), applied::toString);
    }
    applied.clear();
    assertEquals(0, JdbcMigrations.migrate(db, applied::add));
    assertEquals(java.util.List.of(), applied);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void constraintsRefuseNegativeBalancesAndDuplicates(String kind) throws SQLException {
    DataSource db = database(kind);
    JdbcMigrations.migrate(db);
    exec(db, "INSERT INTO oh_users (id, external_user_id, type, status, created_at, updated_at) VALUES "
        + "('usr_1', 'ext-1', 'BOTH', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    exec(db, "INSERT INTO oh_balances (user_id, available, reserved, currency, updated_at) VALUES "
        + "('usr_1', 0, 0, 'USD', CURRENT_TIMESTAMP)");
    assertThrows(SQLException.class, () -> exec(db, "UPDATE oh_balances SET available = available - 1"));
    assertThrows(SQLException.class, () -> exec(db, "INSERT INTO oh_users (id, external_user_id, type, status, "
        + "created_at, updated_at) VALUES ('usr_2', 'ext-1', 'BOTH', 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
    exec(db, "INSERT INTO oh_deposits (transaction_hash, operation_index, user_id, amount, source, credited_at) "
        + "VALUES ('h', 0, 'usr_1', 5, 'stellar_deposit', CURRENT_TIMESTAMP)");
    exec(db, "INSERT INTO oh_deposits (transaction_hash, operation_index, user_id, amount, source, credited_at) "
        + "VALUES ('h', 0, 'usr_1', 5, 'stellar_deposit', CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING");
    assertThrows(SQLException.class, () -> exec(db, "INSERT INTO oh_orders (id, buyer_id, seller_id, amount, "
        + "currency, status, title, created_at, updated_at) VALUES ('ord_1', 'usr_1', 'usr_1', 1, 'USD', "
        + "'ORDER_CREATED', 't', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void v5KeysOneLeasePerNameAndOneRowPerRateLimitSlot(String kind) throws SQLException {
    DataSource db = database(kind);
    JdbcMigrations.migrate(db);
    exec(db, "INSERT INTO oh_leases (name, owner, expires_at) VALUES ('deposit-watcher', 'a', CURRENT_TIMESTAMP)");
    assertThrows(SQLException.class, () -> exec(db, "INSERT INTO oh_leases (name, owner, expires_at) VALUES "
        + "('deposit-watcher', 'b', CURRENT_TIMESTAMP)"));
    exec(db, "INSERT INTO oh_rate_permits (limiter, slot, taken_at) VALUES ('tw:key-1', 0, CURRENT_TIMESTAMP)");
    exec(db, "INSERT INTO oh_rate_permits (limiter, slot, taken_at) VALUES ('tw:key-1', 1, CURRENT_TIMESTAMP)");
    assertThrows(SQLException.class, () -> exec(db, "INSERT INTO oh_rate_permits (limiter, slot, taken_at) VALUES "
        + "('tw:key-1', 0, CURRENT_TIMESTAMP)"));
  }

  /**
   * V11 writes events once: events numbered before it keep their sequences and order, and on
   * PostgreSQL an event committed but not yet numbered when it ran is numbered after them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void v11KeepsTheEventsNumberedBeforeIt(String kind) throws Exception {
    DataSource db = database(kind);
    org.flywaydb.core.Flyway.configure().dataSource(db).locations("classpath:db/orchestrator")
        .table(JdbcMigrations.HISTORY_TABLE).target("10").load().migrate();
    for (int seq = 1; seq <= 3; seq++) {
      exec(db, "INSERT INTO oh_outbox (sequence, event_id, event_type, occurred_at, aggregate_id, aggregate_type, "
          + "payload, metadata) VALUES (" + seq + ", 'evt_old_" + seq + "', 'order.created', CURRENT_TIMESTAMP, "
          + "'ord_" + seq + "', 'Order', '{\"n\":" + seq + "}', '{}')");
    }
    exec(db, "UPDATE oh_outbox_sequence SET last_sequence = 3 WHERE id = 1");
    boolean postgres = kind.equals("postgresql");
    if (postgres) {
      exec(db, "INSERT INTO oh_outbox_pending (pending_key, position, writer_xid, event_id, event_type, occurred_at, "
          + "aggregate_id, aggregate_type, payload, metadata) VALUES (nextval('oh_outbox_pending_key'), 0, 1, "
          + "'evt_pending', 'order.created', CURRENT_TIMESTAMP, 'ord_4', 'Order', '{}', '{}')");
    }
    assertEquals(1, org.flywaydb.core.Flyway.configure().dataSource(db).locations("classpath:db/orchestrator")
        .table(JdbcMigrations.HISTORY_TABLE).target("11").load().migrate().migrationsExecuted, "V11");
    JdbcMigrations.migrate(db); // the later ones
    JdbcStorage storage = JdbcStorage.create(db);
    try {
      if (postgres) {
        storage.outboxSequencer().sequenceOnce();
      }
      java.util.List<com.offerhub.orchestrator.model.DomainEvent> events = storage.read(s ->
          s.outbox().readAfter(0, 10));
      java.util.List<String> ids = events.stream().map(e -> e.sequence() + ":" + e.eventId()).toList();
      assertEquals(postgres ? java.util.List.of("1:evt_old_1", "2:evt_old_2", "3:evt_old_3", "4:evt_pending")
          : java.util.List.of("1:evt_old_1", "2:evt_old_2", "3:evt_old_3"), ids);
      assertEquals(2, ((Number) events.get(1).payload().get("n")).intValue());
      // numbering goes on after them
      storage.inTransaction(s -> {
        s.outbox().append(new com.offerhub.orchestrator.model.DomainEvent(0, "evt_new", "order.created",
            java.time.Instant.now(), "ord_5", "Order", java.util.Map.of(), java.util.Map.of()));
        return null;
      });
      storage.awaitSequenced(java.time.Duration.ofSeconds(5));
      long expected = postgres ? 5 : 4;
      assertEquals(expected, (long) storage.read(s -> s.outbox().lastSequence()));
      assertEquals("evt_new", storage.read(s -> s.outbox().readAfter(expected - 1, 10)).get(0).eventId());
    } finally {
      storage.close();
    }
  }
}

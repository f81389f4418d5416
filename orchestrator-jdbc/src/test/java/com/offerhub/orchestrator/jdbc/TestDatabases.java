package com.offerhub.orchestrator.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh databases for tests: an H2 in-memory database in PostgreSQL mode, or a new schema on the
 * PostgreSQL server at 127.0.0.1:5432 (database {@code test}, trust auth). PostgreSQL tests fail,
 * never skip, when the server is down: CI starts it.
 */
final class TestDatabases {
  static final String PG_URL = System.getProperty("orchestrator.test.pg.url",
      System.getenv().getOrDefault("OFFERHUB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
  static final String PG_USER = System.getProperty("orchestrator.test.pg.user", "postgres");

  private static boolean cleaned;

  private TestDatabases() {}

  /** Drops the schemas earlier test runs left behind (once per JVM). */
  private static synchronized void dropOldSchemas(Connection connection) throws SQLException {
    if (cleaned) {
      return;
    }
    cleaned = true;
    java.util.List<String> old = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'oh\\_test\\_%'")) {
      while (rows.next()) {
        old.add(rows.getString(1));
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (String schema : old) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** Where each pooled test storage lives, so that a second pool (a second engine instance) can join it. */
  private static final java.util.Map<com.offerhub.orchestrator.spi.storage.Storage, String[]> POOLS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A migrated storage with its own HikariCP pool of {@code size} on a fresh H2 or PostgreSQL database. */
  static com.offerhub.orchestrator.spi.storage.Storage pooled(boolean postgres, int size) {
    String url = postgres ? freshPostgresUrl() : freshH2Url();
    String user = postgres ? PG_USER : "sa";
    JdbcStorage storage = JdbcStorage.pooled(url, user, "", size);
    storage.migrate();
    POOLS.put(storage, new String[] {url, user, String.valueOf(size)});
    return storage;
  }

  /**
   * Closes every pool {@link #pooled} made so far. Suites that make a storage per test call it after
   * each test: an unclosed pool keeps its idle connections, and a few hundred tests would exhaust
   * the server's connection limit.
   */
  static void closePools() {
    for (com.offerhub.orchestrator.spi.storage.Storage storage : POOLS.keySet()) {
      POOLS.remove(storage);
      storage.close();
    }
  }

  /** A second storage with its own pool on the database of {@code first} (made by {@link #pooled}). */
  static com.offerhub.orchestrator.spi.storage.Storage sameDatabase(
      com.offerhub.orchestrator.spi.storage.Storage first) {
    String[] where = POOLS.get(first);
    JdbcStorage second = JdbcStorage.pooled(where[0], where[1], "", Integer.parseInt(where[2]));
    POOLS.put(second, where);
    return second;
  }

  /** The JDBC URL of a storage made by {@link #pooled}. */
  static String urlOf(com.offerhub.orchestrator.spi.storage.Storage storage) {
    return POOLS.get(storage)[0];
  }

  static DataSource freshH2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(freshH2Url());
    return h2;
  }

  static String freshH2Url() {
    return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + JdbcStorage.H2_OPTIONS;
  }

  /** A new schema on the PostgreSQL server, as a JDBC URL with that schema as the search path. */
  static String freshPostgresUrl() {
    PGSimpleDataSource pg = (PGSimpleDataSource) freshPostgres();
    return PG_URL + "?currentSchema=" + pg.getCurrentSchema();
  }

  /** A new, empty schema on the PostgreSQL test server, used as the connections' search path. */
  static DataSource freshPostgres() {
    String schema = "oh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
        Statement statement = connection.createStatement()) {
      dropOldSchemas(connection);
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + PG_URL + " is required for these tests (CI starts it)", e);
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(PG_URL);
    pg.setUser(PG_USER);
    pg.setCurrentSchema(schema);
    return pg;
  }
}

package com.offerhub.orchestrator.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.spi.storage.Storage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example on PostgreSQL ({@code OFFERHUB_TEST_PG_URL}, default database {@code test}; CI starts
 * the server), in a new schema each run: the engine's tables go into the application's
 * {@code spring.datasource}, and a keyed credit replayed over HTTP moves money once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "example.api-key=" + Api.KEY, "offerhub.sandbox.ledger-interval=50ms"})
class PostgresTest {
  static final String PG_URL = System.getenv().getOrDefault("OFFERHUB_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  static final String SCHEMA_PREFIX = "oh_boot_example_";
  static final String SCHEMA = SCHEMA_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @LocalServerPort
  int port;
  @Autowired
  DataSource dataSource;
  @Autowired
  Storage storage;

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection connection = DriverManager.getConnection(PG_URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      List<String> old = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '"
          + SCHEMA_PREFIX.replace("_", "\\_") + "%'")) {
        while (rows.next()) {
          old.add(rows.getString(1));
        }
      }
      for (String schema : old) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
      statement.execute("CREATE SCHEMA " + SCHEMA);
    }
    registry.add("spring.datasource.url", () -> PG_URL + "?currentSchema=" + SCHEMA);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  @Test
  void theEngineKeepsItsBooksInTheApplicationsPostgresDatabase() throws Exception {
    assertThat(storage).isInstanceOf(JdbcStorage.class);
    Api api = new Api(port);
    String user = api.user("pg-user-1");
    String credit = "{\"amount\":\"25.50\",\"reason\":\"welcome bonus\"}";
    Api.Reply first = api.post("/api/users/" + user + "/balance/credit", credit, "credit-1");
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(first.text("available")).isEqualTo("25.50");
    Api.Reply replay = api.post("/api/users/" + user + "/balance/credit", credit, "credit-1");
    assertThat(replay.status()).isEqualTo(200);
    assertThat(api.get("/api/users/" + user + "/balance").text("available")).as("the replay moved no money")
        .isEqualTo("25.50");
    Api.Reply reused = api.post("/api/users/" + user + "/balance/credit", "{\"amount\":\"1.00\",\"reason\":\"x\"}",
        "credit-1");
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.error()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_schema(), (SELECT available FROM oh_balances "
            + "WHERE user_id = '" + user + "')")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo(SCHEMA);
      assertThat(rows.getLong(2)).as("stroops").isEqualTo(255_000_000L);
    }
  }
}

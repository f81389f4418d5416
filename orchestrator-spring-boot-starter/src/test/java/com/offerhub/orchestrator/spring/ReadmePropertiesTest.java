package com.offerhub.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The README's three properties, nothing else: a sandbox engine whose books are in PostgreSQL
 * ({@code OFFERHUB_TEST_PG_URL}, default database {@code test}), here in a fresh schema.
 */
class ReadmePropertiesTest {
  static final String PG_URL = System.getenv().getOrDefault("OFFERHUB_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PREFIX = "oh_boot_starter_";

  @Test
  void modeDatabaseUrlAndWalletKeyMakeAWorkingEngine() throws Exception {
    String schema = freshSchema();
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
        .withPropertyValues("offerhub.mode=sandbox",
            "offerhub.database.url=" + PG_URL + "?user=postgres&currentSchema=" + schema,
            "offerhub.wallet-encryption-key=" + "0123456789abcdef".repeat(4))
        .run(context -> {
          assertThat(context).hasNotFailed();
          OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
          User user = engine.users().create(CreateUserRequest.of("readme-1"));
          engine.balances().credit(user.id(), BalanceRequest.of("12.34"), "readme");
          assertThat(engine.balances().get(user.id()).available()).isEqualTo(Money.parsePositive("12.34"));
          assertThat(engine.ledger().verify().isClean()).isTrue();
          try (Connection connection = DriverManager.getConnection(PG_URL, "postgres", "");
              PreparedStatement statement = connection.prepareStatement(
                  "SELECT available FROM " + schema + ".oh_balances WHERE user_id = ?")) {
            statement.setString(1, user.id());
            try (ResultSet rows = statement.executeQuery()) {
              assertThat(rows.next()).isTrue();
              assertThat(rows.getLong(1)).isEqualTo(123_400_000L);
            }
          }
        });
  }

  /** A new schema; the ones earlier runs left are dropped first. */
  private static String freshSchema() throws Exception {
    String schema = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = DriverManager.getConnection(PG_URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      List<String> old = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '"
          + PREFIX.replace("_", "\\_") + "%'")) {
        while (rows.next()) {
          old.add(rows.getString(1));
        }
      }
      for (String name : old) {
        statement.execute("DROP SCHEMA " + name + " CASCADE");
      }
      statement.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }
}

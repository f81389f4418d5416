package com.offerhub.orchestrator.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wallets' key_version column (migration V6) on H2 and PostgreSQL. */
class JdbcWalletKeyVersionTest {
  private static final String LEGACY_TEXT = "85c5ad04a8050f0ec6066c4a581df0d8:9133ad013e19ca8a15a915536532e974:cae97777";

  private static void exec(DataSource db, String sql) throws SQLException {
    try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void insertWallet(DataSource db, String id, String secret) throws SQLException {
    exec(db, "INSERT INTO oh_wallets (id, user_id, public_key, secret_encrypted, status, is_primary, created_at, "
        + "updated_at) VALUES ('" + id + "', 'usr_" + id + "', 'G" + id + "', " + (secret == null ? "NULL"
        : "'" + secret + "'") + ", 'ACTIVE', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void v6RecordsTheKeyVersionEachExistingSecretNames(String kind) throws SQLException {
    DataSource db = kind.equals("h2") ? TestDatabases.freshH2() : TestDatabases.freshPostgres();
    Flyway.configure().dataSource(db).locations("classpath:db/orchestrator").table(JdbcMigrations.HISTORY_TABLE)
        .baselineOnMigrate(true).baselineVersion("0").target("4").load().migrate();
    insertWallet(db, "wal_a", "v1:QUJD");
    insertWallet(db, "wal_b", "v12:QUJD");
    insertWallet(db, "wal_c", LEGACY_TEXT);
    insertWallet(db, "wal_d", null);
    JdbcMigrations.migrate(db);
    Map<String, String> versions = new LinkedHashMap<>();
    try (Connection connection = db.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, key_version FROM oh_wallets ORDER BY id")) {
      while (rows.next()) {
        versions.put(rows.getString(1), rows.getString(2));
      }
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("wal_a", "v1");
    expected.put("wal_b", "v12");
    expected.put("wal_c", "legacy");
    expected.put("wal_d", null);
    assertEquals(expected, versions);
  }

  /**
   * Rows written without a key version (an engine from before V6 during a rolling upgrade, or an
   * import by hand) count as unrecorded until the job classifies them: a current-version text is
   * only labelled, not rewritten.
   */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void rowsWithoutARecordedVersionAreLabelledByTheJob(String kind) throws SQLException {
    Storage storage = TestDatabases.pooled(kind.equals("postgresql"), 4);
    try {
      TestEngine test = TestEngine.builder().storage(storage).keyCipher(AesGcmWalletKeyCipher.of(new byte[32]))
          .build();
      User user = test.user("unlabelled");
      Wallet before = test.engine().wallets().get(user.id());
      storage.inTransaction(s -> s.wallets().replaceSecret(before.id(), before.secretEncrypted(),
          before.secretEncrypted(), null));
      assertEquals(Map.of("v1", 1L, WalletRepository.UNRECORDED_KEY_VERSION, 1L),
          test.engine().wallets().keyRotation().walletsByKeyVersion());
      assertEquals(1, test.engine().wallets().reencryptSecrets(10));
      assertEquals(Map.of("v1", 2L), test.engine().wallets().keyRotation().walletsByKeyVersion());
      Wallet after = test.engine().wallets().get(user.id());
      assertEquals(before.secretEncrypted(), after.secretEncrypted(), "labelled, not rewritten");
      assertEquals("v1", after.keyVersion());
    } finally {
      storage.close();
    }
  }
}

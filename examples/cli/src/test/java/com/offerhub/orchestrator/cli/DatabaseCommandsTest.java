package com.offerhub.orchestrator.cli;

import static com.offerhub.orchestrator.cli.SandboxServer.MASTER;
import static com.offerhub.orchestrator.cli.SandboxServer.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** migrate, ledger verify and wallet-keys against a fresh PostgreSQL schema of {@code OFFERHUB_TEST_PG_URL}. */
class DatabaseCommandsTest {
  private static final String OLD_KEY = "ab".repeat(32);
  private static final String NEW_KEY = "cd".repeat(32);
  private String schema;

  @BeforeEach
  void createSchema() throws Exception {
    schema = SandboxServer.createSchema("oh_cli_");
  }

  @AfterEach
  void dropSchema() {
    SandboxServer.dropSchema(schema);
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--db-url", SandboxServer.schemaUrl(schema), "--db-user", "postgres"));
    return CliRun.run(all.toArray(String[]::new));
  }

  @Test
  void migrateNamesEachVersionAppliedAndASecondRunAppliesNothing() {
    CliRun first = cli("migrate");
    assertExit(0, first);
    List<String> lines = first.lines();
    assertEquals("applied V1 orchestrator schema", lines.get(0), first::toString);
    int applied = lines.size() - 1;
    assertTrue(applied >= 11, first::toString);
    for (int i = 0; i < applied; i++) {
      assertTrue(lines.get(i).startsWith("applied V" + (i + 1) + " "), first::toString);
    }
    assertEquals("Applied " + applied + " migrations.", lines.get(applied));

    // the server's URL form, from the environment
    String url = SandboxServer.PG_URL.replace("jdbc:postgresql://", "postgresql://postgres@")
        + (SandboxServer.PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    CliRun second = CliRun.run(Map.of("DATABASE_URL", url), "migrate");
    assertExit(0, second);
    assertEquals(List.of("The schema is up to date: nothing to apply."), second.lines());
  }

  @Test
  void ledgerVerifyPassesOnHealthyBooksAndFailsWith1OnceALedgerRowIsCorrupted() throws Exception {
    try (SandboxServer server = SandboxServer.postgres(schema, Map.of())) {
      String buyer = server.user(MASTER, "verify-buyer");
      server.deposit(MASTER, buyer, "40.00");
    }
    CliRun healthy = cli("ledger", "verify");
    assertExit(0, healthy);
    assertTrue(healthy.out().matches("The ledger verifies: [1-9]\\d* postings, [1-9]\\d* accounts, no problem\\.\\s*"),
        healthy::toString);

    // money moved from the buyer's available account to its reserved one, with no balance change
    String url = SandboxServer.schemaUrl(schema);
    assertEquals(1, SandboxServer.sql(url, "UPDATE oh_ledger_entries SET account = REPLACE(account, ':available', "
        + "':reserved') WHERE account LIKE 'user:%:available'"));
    CliRun moved = cli("ledger", "verify");
    assertExit(1, moved);
    assertTrue(moved.lines().get(0).startsWith("The ledger does NOT verify: 1 problem in "), moved::toString);
    assertTrue(moved.lines().get(1).matches(
        "  balance of user:usr_\\w+:reserved is 0\\.00 but the ledger says 40\\.0+"), moved::toString);

    // an entry whose amount changed: its posting no longer balances and is refused as it is read
    assertEquals(1, SandboxServer.sql(url, "UPDATE oh_ledger_entries SET amount = amount * 2 "
        + "WHERE posting_seq = (SELECT min(posting_seq) FROM oh_ledger_entries) AND position = 0"));
    CliRun unbalanced = cli("ledger", "verify");
    assertExit(1, unbalanced);
    assertTrue(unbalanced.out().startsWith("The ledger does NOT verify: a stored row is invalid: posting "),
        unbalanced::toString);
    assertTrue(unbalanced.out().contains("does not balance"), unbalanced::toString);
  }

  @Test
  void verifyingAnUnmigratedSchemaSaysToMigrate() {
    CliRun run = cli("ledger", "verify");
    assertExit(4, run);
    assertTrue(run.err().contains("run migrate"), run::toString);
  }

  @Test
  void anUnreachableDatabaseExitsWith4AndAMissingOneWith2() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CliRun unreachable = CliRun.run("migrate", "--db-url", "postgresql://postgres:s3cret-pass@127.0.0.1:" + closed
        + "/nowhere");
    assertExit(4, unreachable);
    assertTrue(unreachable.err().startsWith("error: cannot connect to the database"), unreachable::toString);
    assertFalse(unreachable.err().contains("s3cret-pass"), unreachable::toString);
    assertExit(2, CliRun.run("migrate"));
    assertExit(2, CliRun.run("ledger", "verify", "--db-url", "mysql://host/db"));
  }

  @Test
  void walletKeysRotateReencryptsEveryWalletWithTheCurrentKeyShowingProgress() throws Exception {
    try (SandboxServer server = SandboxServer.postgres(schema, Map.of("WALLET_ENCRYPTION_KEY", OLD_KEY))) {
      for (int i = 0; i < 5; i++) {
        server.user(MASTER, "rotate-" + i);
      }
    }
    CliRun before = cli("wallet-keys", "status", "--wallet-key", OLD_KEY);
    assertExit(0, before);
    assertEquals("current key v1; wallets by key version {v1=6}; 0 to re-encrypt", before.out().trim());

    // a key that opens nothing: the wallets are left as they are, exit code 1
    CliRun wrong = cli("wallet-keys", "rotate", "--wallet-key", NEW_KEY, "--wallet-key-version", "2",
        "--old-keys", "1:" + "ef".repeat(32), "--batch", "4");
    assertExit(1, wrong);
    assertTrue(wrong.err().contains("6 wallet secrets could not be re-encrypted"), wrong::toString);

    CliRun rotated = CliRun.run(Map.of("WALLET_ENCRYPTION_KEY", NEW_KEY, "WALLET_ENCRYPTION_KEY_VERSION", "2",
        "WALLET_ENCRYPTION_OLD_KEYS", "1:" + OLD_KEY), "wallet-keys", "rotate", "--batch", "4", "--db-url",
        SandboxServer.schemaUrl(schema), "--db-user", "postgres");
    assertExit(0, rotated);
    List<String> lines = rotated.lines();
    assertEquals("before: current key v2; wallets by key version {v1=6}; 6 to re-encrypt", lines.get(0));
    assertEquals("re-encrypted 4 (4 in all), 2 left", lines.get(1));
    assertEquals("re-encrypted 2 (6 in all), 0 left", lines.get(2));
    assertEquals("after: current key v2; wallets by key version {v2=6}; 0 to re-encrypt", lines.get(3));
    for (String line : lines) {
      assertFalse(line.contains(OLD_KEY) || line.contains(NEW_KEY), rotated::toString);
    }

    // the new key alone now opens every wallet: the server starts on it and serves the wallets
    try (SandboxServer server = SandboxServer.postgres(schema, Map.of("WALLET_ENCRYPTION_KEY", NEW_KEY,
        "WALLET_ENCRYPTION_KEY_VERSION", "2"))) {
      String user = server.user(MASTER, "after-rotation");
      server.deposit(MASTER, user, "3.00");
    }
    CliRun after = cli("wallet-keys", "status", "--wallet-key", NEW_KEY, "--wallet-key-version", "2");
    assertEquals("current key v2; wallets by key version {v2=7}; 0 to re-encrypt", after.out().trim(),
        after::toString);
  }
}

package com.offerhub.orchestrator.cli;

import static com.offerhub.orchestrator.cli.SandboxServer.MASTER;
import static com.offerhub.orchestrator.cli.SandboxServer.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server commands against a running sandbox server, and the exit code of each kind of failure. */
class ServerCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SandboxServer server;

  @BeforeAll
  static void start() {
    server = SandboxServer.h2(Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CliRun cli(String key, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(server.as(key));
    CliRun run = CliRun.run(all.toArray(String[]::new));
    assertFalse(run.out().contains(key) || run.err().contains(key), () -> "the credential was printed:\n" + run);
    return run;
  }

  @Test
  void apiKeysCreateListRevokeRoundTrip() throws IOException {
    CliRun created = cli(MASTER, "api-keys", "create", "--name", "ops-script", "--scopes", "read,write",
        "--marketplace", "mkt-1");
    assertExit(0, created);
    List<String> lines = created.lines();
    String key = lines.get(lines.size() - 1);
    assertTrue(key.startsWith("ohk_"), created::toString);
    assertTrue(lines.get(0).startsWith("Created API key key_"), created::toString);
    assertTrue(lines.get(0).contains("scopes read,write") && lines.get(0).contains("marketplace mkt-1"),
        created::toString);
    String id = lines.get(0).substring("Created API key ".length()).split(" ")[0];

    // the new key works, with its scopes
    assertExit(0, cli(key, "balances", server.user(key, "round-trip-user")));

    CliRun listed = cli(MASTER, "api-keys", "list", "--json");
    assertExit(0, listed);
    JsonNode mine = find(JSON.readTree(listed.out()), id);
    assertEquals("ops-script", mine.path("name").asText());
    assertEquals("[\"read\",\"write\"]", mine.path("scopes").toString());
    assertEquals("mkt-1", mine.path("marketplaceId").asText());
    assertTrue(mine.path("revokedAt").isNull(), mine::toString);
    assertFalse(listed.out().contains(key), "a listing never shows a secret");

    CliRun table = cli(MASTER, "api-keys", "list");
    assertExit(0, table);
    assertTrue(table.lines().get(0).startsWith("ID") && table.out().contains(id), table::toString);

    CliRun revoked = cli(MASTER, "api-keys", "revoke", id);
    assertExit(0, revoked);
    assertTrue(revoked.out().startsWith("Revoked API key " + id + " at "), revoked::toString);
    JsonNode after = find(JSON.readTree(cli(MASTER, "api-keys", "list", "--json").out()), id);
    assertFalse(after.path("revokedAt").isNull(), after::toString);

    // the revoked key is refused: exit code 3 with the server's code
    CliRun refused = cli(key, "balances", "usr_whatever");
    assertExit(3, refused);
    assertTrue(refused.err().contains("HTTP 401"), refused::toString);
  }

  @Test
  void createPrintsJsonWhenAsked() throws IOException {
    CliRun created = cli(MASTER, "api-keys", "create", "--name", "json", "--scopes", "read", "--json");
    assertExit(0, created);
    JsonNode data = JSON.readTree(created.out());
    assertTrue(data.path("key").asText().startsWith("ohk_"), created::toString);
    assertEquals("[\"read\"]", data.path("scopes").toString());
  }

  @Test
  void listStopsAtMax() throws IOException {
    for (int i = 0; i < 3; i++) {
      server.apiKey("read");
    }
    JsonNode two = JSON.readTree(cli(MASTER, "api-keys", "list", "--json", "--max", "2").out());
    assertEquals(2, two.size());
    JsonNode all = JSON.readTree(cli(MASTER, "api-keys", "list", "--json").out());
    assertTrue(all.size() >= 3, all::toString);
  }

  @Test
  void balancesShowsAvailableAndReserved() throws Exception {
    String key = server.apiKey("read", "write");
    String user = server.user(key, "balance-user");
    server.deposit(key, user, "25.50");
    CliRun shown = cli(key, "balances", user);
    assertExit(0, shown);
    List<String> lines = shown.lines();
    assertEquals(List.of("USER", "AVAILABLE", "RESERVED", "TOTAL", "CURRENCY", "UPDATED"),
        List.of(lines.get(0).split("\\s+")));
    String[] row = lines.get(1).split("\\s+");
    assertEquals(user, row[0]);
    assertEquals("25.50", row[1]);
    assertEquals("0.00", row[2]);
    assertEquals("25.50", row[3]);

    JsonNode json = JSON.readTree(cli(key, "balances", user, "--json").out());
    assertEquals("25.50", json.path("available").asText());
    assertEquals(user, json.path("userId").asText());
  }

  @Test
  void theEnvironmentStandsInForUrlAndKey() {
    String key = server.apiKey("read", "write");
    String user = server.user(key, "env-user");
    CliRun run = CliRun.run(Map.of("OFFERHUB_URL", server.url(), "OFFERHUB_API_KEY", key), "balances", user);
    assertExit(0, run);
    assertTrue(run.out().contains(user), run::toString);
    // an option wins over the environment
    CliRun wrong = CliRun.run(Map.of("OFFERHUB_URL", server.url(), "OFFERHUB_API_KEY", key), "balances", user,
        "--key", "ohk_live_key_nope_nope");
    assertExit(3, wrong);
  }

  @Test
  void anUnknownUserIsRefusedWithExitCode3() {
    CliRun run = cli(server.apiKey("read"), "balances", "usr_does_not_exist");
    assertExit(3, run);
    assertTrue(run.err().startsWith("error: the server refused the request: HTTP 404"), run::toString);
    assertEquals("", run.out());
  }

  @Test
  void aWrongMasterKeyIsRefusedWithExitCode3() {
    CliRun run = cli("wrong-master-key-0123456789", "api-keys", "list");
    assertExit(3, run);
    assertTrue(run.err().contains("HTTP 401"), run::toString);
  }

  @Test
  void aKeyWithoutTheSupportScopeCannotManageKeys() {
    CliRun run = cli(server.apiKey("read", "write"), "api-keys", "create", "--name", "x", "--scopes", "read");
    assertExit(3, run);
    assertTrue(run.err().contains("HTTP 403"), run::toString);
  }

  @Test
  void revokingAnUnknownKeyIsRefused() {
    CliRun run = cli(MASTER, "api-keys", "revoke", "key_unknown");
    assertExit(3, run);
    assertTrue(run.err().contains("HTTP 404"), run::toString);
  }

  @Test
  void usageErrorsExitWith2() {
    assertExit(2, CliRun.run("balances"));
    assertExit(2, CliRun.run("no-such-command"));
    assertExit(2, CliRun.run("balances", "usr_1", "--no-such-option"));
    assertExit(2, CliRun.run());
    CliRun noKey = CliRun.run("balances", "usr_1", "--url", server.url());
    assertExit(2, noKey);
    assertTrue(noKey.err().contains("--key or OFFERHUB_API_KEY"), noKey::toString);
    assertExit(2, cli(MASTER, "api-keys", "create", "--scopes", "read"));
    assertExit(2, CliRun.run("balances", "usr_1", "--url", "ftp://example", "--key", "k"));
    assertExit(2, CliRun.run("balances", "usr_1", "--key", "k", "--timeout", "soon"));
    CliRun secretAsId = cli(MASTER, "api-keys", "revoke", "ohk_live_key_x_secret");
    assertExit(2, secretAsId);
  }

  @Test
  void anUnreachableServerExitsWith4() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CliRun run = CliRun.run("balances", "usr_1", "--url", "http://127.0.0.1:" + closed, "--key", MASTER);
    assertExit(4, run);
    assertTrue(run.err().contains("cannot reach the server at http://127.0.0.1:" + closed), run::toString);
    assertFalse(run.err().contains(MASTER), run::toString);
  }

  @Test
  void aTimeoutSaysTheOutcomeIsUnknown() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // read nothing, answer nothing
          }
        } catch (IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      CliRun run = CliRun.run("api-keys", "create", "--name", "n", "--scopes", "read", "--url",
          "http://127.0.0.1:" + silent.getLocalPort(), "--key", MASTER, "--timeout", "300ms");
      assertExit(4, run);
      assertTrue(run.err().contains("no answer from the server within 300 ms: the outcome is unknown, the key may "
          + "or may not exist"), run::toString);
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void aServerFailureExitsWith4AndARefusalWith3() throws IOException {
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/api/v1/users/usr_boom", exchange -> answer(exchange, 503,
        "{\"error\":{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"database down\"}}"));
    fake.createContext("/api/v1/users/usr_busy", exchange -> answer(exchange, 429,
        "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}"));
    fake.createContext("/api/v1/users/usr_html", exchange -> answer(exchange, 502, "<html>bad gateway"));
    fake.start();
    try {
      String url = "http://127.0.0.1:" + fake.getAddress().getPort();
      CliRun failed = CliRun.run("balances", "usr_boom", "--url", url, "--key", MASTER);
      assertExit(4, failed);
      assertTrue(failed.err().contains("HTTP 503 SERVICE_UNAVAILABLE: database down"), failed::toString);
      CliRun limited = CliRun.run("balances", "usr_busy", "--url", url, "--key", MASTER);
      assertExit(3, limited);
      assertTrue(limited.err().contains("HTTP 429 RATE_LIMITED: slow down"), limited::toString);
      CliRun gateway = CliRun.run("balances", "usr_html", "--url", url, "--key", MASTER);
      assertExit(4, gateway);
      assertTrue(gateway.err().contains("HTTP 502"), gateway::toString);
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun help = CliRun.run("--help");
    assertExit(0, help);
    for (String code : new String[] {"0   success", "1   a check failed", "2   usage error", "3   the server refused",
        "4   server or database unreachable"}) {
      assertTrue(help.out().contains(code), () -> code + " in:\n" + help);
    }
    for (String command : new String[] {"api-keys", "balances", "events", "sagas", "migrate", "ledger",
        "wallet-keys"}) {
      assertTrue(help.out().contains(command), () -> command + " in:\n" + help);
    }
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static JsonNode find(JsonNode keys, String id) {
    for (JsonNode key : keys) {
      if (key.path("id").asText().equals(id)) {
        return key;
      }
    }
    throw new AssertionError(id + " not in " + keys);
  }
}

package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Starts the real server in process on a free port, in sandbox mode, on H2 under a fresh data dir or
 * on a fresh PostgreSQL schema; tests talk to it over HTTP only.
 */
public final class ServerHarness implements AutoCloseable {
  public static final String MASTER = "test-master-key-0123456789";
  /** The test PostgreSQL database; {@code OFFERHUB_TEST_PG_URL} points parallel checkouts at their own. */
  public static final String PG_URL = System.getenv().getOrDefault("OFFERHUB_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private final Map<String, String> env;
  private final Path dataDir;
  private final String schema;
  private final java.time.Clock clock;
  private OrchestratorServer server;

  private ServerHarness(Map<String, String> env, Path dataDir, String schema, java.time.Clock clock) {
    this.env = env;
    this.dataDir = dataDir;
    this.schema = schema;
    this.clock = clock;
  }

  public enum Db { H2, POSTGRES }

  public static ServerHarness start(Db db, Map<String, String> overrides) {
    return start(db, overrides, java.time.Clock.systemUTC());
  }

  public static ServerHarness start(Db db, Map<String, String> overrides, java.time.Clock clock) {
    try {
      Path dir = Files.createTempDirectory("offerhub-server-test");
      Map<String, String> env = new HashMap<>();
      env.put("PORT", "0");
      env.put("OFFERHUB_DATA_DIR", dir.toString());
      env.put("OFFERHUB_MASTER_KEY", MASTER);
      env.put("RATE_LIMIT_PER_MINUTE", "0");
      env.put("SANDBOX_LEDGER_INTERVAL_MS", "20");
      String schema = null;
      if (db == Db.POSTGRES) {
        schema = createSchema("oh_srv_");
        env.put("DATABASE_URL", PG_URL + "?currentSchema=" + schema);
        env.put("DATABASE_USER", "postgres");
      }
      env.putAll(overrides);
      ServerHarness harness = new ServerHarness(env, dir, schema, clock);
      harness.boot();
      return harness;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The funding seed the live-mode tests give the server (the simulator's friendbot funds it). */
  public static final String FUNDING = "SA3L2DOX3KGZBEDCXJGVGQFCBEEID63YASBZLCRPRZZNFHY476FRSE3L";

  /**
   * The settings of a testnet-mode server against the standalone simulator at {@code base}:
   * Horizon, RPC, friendbot and Trustless Work there, the keys it needs; a mutable map to add to.
   */
  public static Map<String, String> testnetEnv(String base) {
    Map<String, String> env = new HashMap<>();
    env.put("OFFERHUB_MODE", "testnet");
    env.put("WALLET_ENCRYPTION_KEY", "ab".repeat(32));
    env.put("OFFERHUB_JWT_SECRET", "j".repeat(40));
    env.put("STELLAR_HORIZON_URL", base);
    env.put("STELLAR_RPC_URL", base + "/rpc");
    env.put("STELLAR_FRIENDBOT_URL", base + "/friendbot");
    env.put("TRUSTLESS_API_URL", base + "/tw");
    env.put("TRUSTLESS_API_KEY", "simulator-key");
    env.put("STELLAR_FUNDING_SECRET", FUNDING);
    env.put("STELLAR_CHANNEL_ACCOUNTS", "4");
    return env;
  }

  /** {@code PAYMENT_PROVIDER=airtm} against the simulator's AirTM at {@code apiUrl}, its default credentials. */
  public static Map<String, String> withAirtm(Map<String, String> env, String apiUrl, String webhookSecret) {
    env.put("PAYMENT_PROVIDER", "airtm");
    env.put("AIRTM_API_URL", apiUrl);
    env.put("AIRTM_API_KEY", "sim-airtm-key");
    env.put("AIRTM_API_SECRET", "sim-airtm-secret");
    env.put("AIRTM_WEBHOOK_SECRET", webhookSecret);
    env.put("PUBLIC_BASE_URL", "http://127.0.0.1:4000");
    return env;
  }

  public static ServerHarness start(Db db) {
    return start(db, Map.of());
  }

  private void boot() {
    server = new OrchestratorServer(ServerConfig.fromEnv(env), env, clock).start();
  }

  /** Stops gracefully and starts again on the same data (a new port). */
  public void restart() {
    server.close();
    env.put("PORT", "0");
    boot();
  }

  public OrchestratorServer server() {
    return server;
  }

  public Map<String, String> env() {
    return env;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return server.port();
  }

  public Http anonymous() {
    return Http.at(port());
  }

  public Http master() {
    return Http.at(port()).as(MASTER);
  }

  /** A new API key with these scopes; returns its plaintext. */
  public String apiKey(String... scopes) {
    Http.Response created = master().post("/auth/api-keys", Map.of("name", "test", "scopes", List.of(scopes)));
    assertEquals(201, created.status(), created::toString);
    return created.data().get("key").asText();
  }

  public Http client(String... scopes) {
    return anonymous().as(apiKey(scopes));
  }

  public static String key() {
    return UUID.randomUUID().toString();
  }

  /** Creates a user through the API; returns its id. */
  public static String user(Http http, String externalId) {
    Http.Response created = http.post("/users", Map.of("externalUserId", externalId));
    assertEquals(201, created.status(), created::toString);
    return created.data().get("id").asText();
  }

  /** Creates an order of {@code amount} from buyer to seller and takes it through reserve, escrow and fund. */
  public static String fundedOrder(Http http, String buyer, String seller, String amount, String title) {
    String order = http.post("/orders", Map.of("buyer_id", buyer, "seller_id", seller, "amount", amount, "title",
        title)).data().get("id").asText();
    for (String step : java.util.List.of("reserve", "escrow", "escrow/fund")) {
      Http.Response done = http.post("/orders/" + order + "/" + step);
      assertEquals(201, done.status(), () -> step + ": " + done);
    }
    return order;
  }

  /** Deposits through the sandbox and waits for the watcher to credit it. */
  public static void deposit(Http http, String userId, String amount) {
    JsonNode before = http.get("/users/" + userId + "/balance").json();
    Http.Response paid = http.post("/sandbox/deposits", Map.of("userId", userId, "amount", amount));
    assertEquals(201, paid.status(), paid::toString);
    java.math.BigDecimal expected = new java.math.BigDecimal(before.get("available").asText())
        .add(new java.math.BigDecimal(amount));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode now = http.get("/users/" + userId + "/balance").json();
      if (new java.math.BigDecimal(now.get("available").asText()).compareTo(expected) >= 0) {
        return;
      }
      sleep(20);
    }
    throw new AssertionError("deposit of " + amount + " to " + userId + " was not credited");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A new, empty PostgreSQL schema named {@code prefix} + random hex. */
  static String createSchema(String prefix) throws SQLException {
    String schema = prefix + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
    try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  static void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // an unused schema is harmless; the name is random
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (schema != null) {
      dropSchema(schema);
    }
  }
}

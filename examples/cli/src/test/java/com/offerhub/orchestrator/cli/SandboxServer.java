package com.offerhub.orchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.offerhub.orchestrator.server.OrchestratorServer;
import com.offerhub.orchestrator.server.ServerConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The real example server in process, in sandbox mode, on a free port: H2 under a fresh data dir, or a
 * fresh PostgreSQL schema of {@code OFFERHUB_TEST_PG_URL}. The test drives it over HTTP as the CLI does.
 */
final class SandboxServer implements AutoCloseable {
  static final String MASTER = "cli-test-master-key-0123456789";
  static final String PG_URL = System.getenv().getOrDefault("OFFERHUB_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, String> env;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OrchestratorServer server;

  private SandboxServer(Map<String, String> env) {
    this.env = env;
  }

  /** A server on H2 under a fresh data dir. */
  static SandboxServer h2(Map<String, String> overrides) {
    return start(null, overrides);
  }

  /** A server on {@code schema} of the test PostgreSQL database. */
  static SandboxServer postgres(String schema, Map<String, String> overrides) {
    return start(schema, overrides);
  }

  private static SandboxServer start(String schema, Map<String, String> overrides) {
    try {
      Map<String, String> env = new HashMap<>();
      env.put("PORT", "0");
      env.put("OFFERHUB_DATA_DIR", Files.createTempDirectory("offerhub-cli-test").toString());
      env.put("OFFERHUB_MASTER_KEY", MASTER);
      env.put("RATE_LIMIT_PER_MINUTE", "0");
      env.put("SANDBOX_LEDGER_INTERVAL_MS", "20");
      env.put("SHUTDOWN_GRACE_MS", "2000");
      if (schema != null) {
        env.put("DATABASE_URL", schemaUrl(schema));
        env.put("DATABASE_USER", "postgres");
      }
      env.putAll(overrides);
      SandboxServer sandbox = new SandboxServer(env);
      sandbox.boot();
      return sandbox;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void boot() {
    server = new OrchestratorServer(ServerConfig.fromEnv(env), env, java.time.Clock.systemUTC()).start();
  }

  /** Stops the server and starts it again on the same data and the same port. */
  void restartOnSamePort() {
    int port = port();
    server.close();
    env.put("PORT", String.valueOf(port));
    boot();
  }

  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  int port() {
    return server.port();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code --url} and {@code --key} for the CLI, with {@code key}. */
  List<String> as(String key) {
    return List.of("--url", url(), "--key", key);
  }

  JsonNode call(String method, String path, String key, Object body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/api/v1" + path))
          .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
          .header("Content-Type", "application/json");
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = JSON.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + json);
      }
      return json;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new API key with these scopes (its plaintext). */
  String apiKey(String... scopes) {
    return call("POST", "/auth/api-keys", MASTER, Map.of("name", "test", "scopes", List.of(scopes)))
        .path("data").path("key").asText();
  }

  /** A new user (its id). */
  String user(String key, String externalId) {
    return call("POST", "/users", key, Map.of("externalUserId", externalId)).path("data").path("id").asText();
  }

  /** A sandbox deposit, waited for until the watcher has credited it. */
  void deposit(String key, String userId, String amount) throws InterruptedException {
    BigDecimal before = new BigDecimal(call("GET", "/users/" + userId + "/balance", key, null).path("available")
        .asText());
    call("POST", "/sandbox/deposits", key, Map.of("userId", userId, "amount", amount));
    BigDecimal expected = before.add(new BigDecimal(amount));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      BigDecimal now = new BigDecimal(call("GET", "/users/" + userId + "/balance", key, null).path("available")
          .asText());
      if (now.compareTo(expected) >= 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the deposit of " + amount + " to " + userId + " was not credited");
  }

  @Override
  public void close() {
    stop();
  }

  static String schemaUrl(String schema) {
    return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A new, empty PostgreSQL schema named {@code prefix} + random hex. */
  static String createSchema(String prefix) throws SQLException {
    String schema = prefix + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
    sql(PG_URL, "CREATE SCHEMA " + schema);
    return schema;
  }

  static void dropSchema(String schema) {
    try {
      sql(PG_URL, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // a left-over schema is harmless: its name is random
    }
  }

  /** Runs one statement; returns the update count. */
  static int sql(String url, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
      s.execute(statement);
      return s.getUpdateCount();
    }
  }

  static void assertExit(int expected, CliRun run) {
    assertEquals(expected, run.exitCode(), run::toString);
  }
}

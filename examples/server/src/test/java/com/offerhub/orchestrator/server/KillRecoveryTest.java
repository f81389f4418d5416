package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server as its own process, killed with SIGKILL while releases are in flight, then started
 * again on the same data: clients retry with their Idempotency-Keys and every order ends released
 * exactly once, in the books and on the (persisted, simulated) chain.
 */
class KillRecoveryTest {
  private static final int ORDERS = 6;

  @ParameterizedTest
  @EnumSource(ServerHarness.Db.class)
  void killDuringReleasesThenRestartEndsEveryOrderOnce(ServerHarness.Db db) throws Throwable {
    Path dir = Files.createTempDirectory("offerhub-kill-test");
    Map<String, String> env = new HashMap<>();
    env.put("OFFERHUB_DATA_DIR", dir.toString());
    env.put("OFFERHUB_MASTER_KEY", ServerHarness.MASTER);
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    env.put("SANDBOX_LEDGER_INTERVAL_MS", "150");
    env.put("SANDBOX_TX_TIMEOUT_MS", "2000");
    env.put("SYNC_WAIT_MS", "3000");
    env.put("SAGA_LEASE_MS", "6000");
    String schema = null;
    if (db == ServerHarness.Db.POSTGRES) {
      schema = ServerHarness.createSchema("oh_kill_");
      env.put("DATABASE_URL", ServerHarness.PG_URL + "?currentSchema=" + schema);
      env.put("DATABASE_USER", "postgres");
    }
    Path logs = Path.of("target", "kill-recovery", db.name().toLowerCase() + "-" + System.currentTimeMillis());
    List<ChildJvm> servers = new ArrayList<>();
    try {
      servers.add(launch("server-1", env, logs));
      Http master = Http.at(servers.get(0).port()).as(ServerHarness.MASTER);
      String key = master.post("/auth/api-keys", Map.of("name", "k", "scopes", List.of("read", "write")))
          .data().get("key").asText();
      Http api = master.as(key);
      String buyer = ServerHarness.user(api, "kill-buyer");
      String seller = ServerHarness.user(api, "kill-seller");
      ServerHarness.deposit(api, buyer, "100.00");
      List<String> orders = new ArrayList<>();
      Map<String, String> keys = new HashMap<>();
      for (int i = 0; i < ORDERS; i++) {
        String order = ServerHarness.fundedOrder(api, buyer, seller, "10.00", "o" + i);
        orders.add(order);
        keys.put(order, ServerHarness.key());
      }
      ExecutorService clients = Executors.newFixedThreadPool(ORDERS);
      List<ApiContract.DriftError> drifts = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (String order : orders) {
        clients.execute(() -> {
          try {
            api.idempotent(keys.get(order)).post("/orders/" + order + "/resolution/release");
          } catch (ApiContract.DriftError e) {
            drifts.add(e);
          } catch (AssertionError e) {
            // the connection dies with the server
          }
        });
      }
      Thread.sleep(400);
      assertEquals(137, servers.get(0).kill(), "SIGKILL");
      clients.shutdown();
      clients.awaitTermination(30, TimeUnit.SECONDS);
      if (!drifts.isEmpty()) {
        throw drifts.get(0);
      }

      servers.add(launch("server-2", env, logs));
      Http again = Http.at(servers.get(1).port()).as(key);
      for (String order : orders) {
        Http.Response retried = again.idempotent(keys.get(order)).post("/orders/" + order + "/resolution/release");
        assertTrue(retried.status() == 200 || "INVALID_STATE".equals(retried.code()), retried::toString);
      }
      for (String order : orders) {
        assertEquals("CLOSED", awaitStatus(again, order, "CLOSED"), order);
      }
      assertEquals("60.00", again.get("/users/" + seller + "/balance").json().get("available").asText());
      assertEquals("40.00", again.get("/users/" + buyer + "/balance").json().get("available").asText());
      assertEquals("0.00", again.get("/users/" + buyer + "/balance").json().get("reserved").asText());
      BigDecimal onChain = new BigDecimal(again.get("/users/" + seller + "/wallet").data().get("balance").get("usdc")
          .asText());
      assertEquals(0, onChain.compareTo(new BigDecimal("60")), "the chain paid the seller once per order");
    } catch (Throwable failure) {
      servers.forEach(ChildJvm::printLog);
      throw failure;
    } finally {
      servers.forEach(ChildJvm::close);
      if (schema != null) {
        ServerHarness.dropSchema(schema);
      }
    }
  }

  /** The order's status once it is {@code wanted}, or the last one seen when 30 s pass first. */
  static String awaitStatus(Http api, String order, String wanted) {
    String status = null;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      status = api.get("/orders/" + order).data().get("status").asText();
      if (status.equals(wanted)) {
        break;
      }
      ServerHarness.sleep(50);
    }
    return status;
  }

  /** Starts {@code ServerMain} in a JVM of its own on a free port and waits for /health. */
  static ChildJvm launch(String name, Map<String, String> env, Path logs) throws IOException, InterruptedException {
    return ChildJvm.start(name, ServerMain.class, env, logs, ApiContract.BASE + "/health", Duration.ofSeconds(60));
  }
}

package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 50 identical requests with one Idempotency-Key at once: one effect, every answer a success or IN_PROGRESS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentIdempotencyTest {
  private final Map<ServerHarness.Db, ServerHarness> servers = new java.util.EnumMap<>(ServerHarness.Db.class);

  @BeforeAll
  void start() {
    for (ServerHarness.Db db : ServerHarness.Db.values()) {
      servers.put(db, ServerHarness.start(db));
    }
  }

  @AfterAll
  void stop() {
    servers.values().forEach(ServerHarness::close);
  }

  private static List<Http.Response> fire(int count, Callable<Http.Response> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<Http.Response>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(call));
      }
      List<Http.Response> out = new ArrayList<>();
      for (Future<Http.Response> future : futures) {
        out.add(future.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertOneEffect(List<Http.Response> responses) {
    int ok = 0;
    for (Http.Response response : responses) {
      assertTrue(response.status() == 200 || response.status() == 201 || (response.status() == 409
          && "IDEMPOTENCY_KEY_IN_PROGRESS".equals(response.code())), response::toString);
      if (response.status() < 300) {
        ok++;
      }
    }
    assertTrue(ok >= 1, "at least the first request succeeded");
  }

  @ParameterizedTest
  @EnumSource(ServerHarness.Db.class)
  void fiftyParallelCreditsWithOneKeyCreditOnce(ServerHarness.Db db) throws Exception {
    ServerHarness harness = servers.get(db);
    Http api = harness.client("read", "write", "support");
    String user = ServerHarness.user(api, "parallel-credit");
    String key = ServerHarness.key();
    long before = harness.server().engine().events().lastSequence();
    List<Http.Response> responses = fire(50, () -> api.idempotent(key).post("/users/" + user + "/balance/credit",
        Map.of("amount", "7.00", "reason", "test")));
    assertOneEffect(responses);
    assertEquals("7.00", api.get("/users/" + user + "/balance").json().get("available").asText());
    assertEquals(before + 1, harness.server().engine().events().lastSequence(), "one balance.credited event");
    Http.Response retry = api.idempotent(key).post("/users/" + user + "/balance/credit", Map.of("amount", "7.00",
        "reason", "test"));
    assertEquals(200, retry.status());
    assertEquals("true", retry.header("Idempotency-Replay"));
  }

  @ParameterizedTest
  @EnumSource(ServerHarness.Db.class)
  void fiftyParallelReleasesWithOneKeyPayTheSellerOnce(ServerHarness.Db db) throws Exception {
    ServerHarness harness = servers.get(db);
    Http api = harness.client("read", "write", "support");
    String buyer = ServerHarness.user(api, "parallel-buyer");
    String seller = ServerHarness.user(api, "parallel-seller");
    ServerHarness.deposit(api, buyer, "30.00");
    String order = ServerHarness.fundedOrder(api, buyer, seller, "30.00", "t");
    String key = ServerHarness.key();
    List<Http.Response> responses = fire(50, () -> api.idempotent(key).post("/orders/" + order
        + "/resolution/release"));
    assertOneEffect(responses);
    assertEquals("CLOSED", api.get("/orders/" + order).data().get("status").asText());
    assertEquals("30.00", api.get("/users/" + seller + "/balance").json().get("available").asText());
    assertEquals("30.0000000", api.get("/users/" + seller + "/wallet").data().get("balance").get("usdc").asText(),
        "the chain paid the seller once");
  }
}

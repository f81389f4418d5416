package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Graceful stop finishes what is in flight; a restart keeps balances, keys, idempotency records and events. */
class DurabilityTest {
  @ParameterizedTest
  @EnumSource(ServerHarness.Db.class)
  void aGracefulStopFinishesInFlightRequestsAndARestartKeepsEverything(ServerHarness.Db db) throws Exception {
    try (ServerHarness harness = ServerHarness.start(db, Map.of("SANDBOX_LEDGER_INTERVAL_MS", "300"))) {
      String key = harness.apiKey("read", "write", "support");
      Http api = harness.anonymous().as(key);
      String buyer = ServerHarness.user(api, "durable-buyer");
      String seller = ServerHarness.user(api, "durable-seller");
      ServerHarness.deposit(api, buyer, "50.00");
      String credit = ServerHarness.key();
      assertEquals(200, api.idempotent(credit).post("/users/" + seller + "/balance/credit", Map.of("amount",
          "3.00", "reason", "test")).status());
      String order = ServerHarness.fundedOrder(api, buyer, seller, "20.00", "t");
      long events = harness.server().engine().events().lastSequence();

      CompletableFuture<Http.Response> release = CompletableFuture.supplyAsync(() -> api.post("/orders/" + order
          + "/resolution/release"));
      ServerHarness.sleep(150);
      harness.restart();
      Http.Response finished = release.get();
      assertEquals(200, finished.status(), "the in-flight release was allowed to finish: " + finished);
      assertEquals("CLOSED", finished.data().get("status").asText());

      Http again = harness.anonymous().as(key);
      assertEquals(200, again.get("/auth/me").status(), "API keys survive");
      assertEquals("23.00", again.get("/users/" + seller + "/balance").json().get("available").asText());
      assertEquals("30.00", again.get("/users/" + buyer + "/balance").json().get("available").asText());
      Http.Response replay = again.idempotent(credit).post("/users/" + seller + "/balance/credit", Map.of("amount",
          "3.00", "reason", "test"));
      assertEquals(200, replay.status(), replay::toString);
      assertEquals("true", replay.header("Idempotency-Replay"), "the engine's record survived the restart");
      assertEquals("23.00", again.get("/users/" + seller + "/balance").json().get("available").asText());
      assertEquals("IDEMPOTENCY_KEY_REUSED", again.idempotent(credit).post("/users/" + seller + "/balance/credit",
          Map.of("amount", "4.00", "reason", "test")).code());
      long after = harness.server().engine().events().lastSequence();
      assertTrue(after > events, "the release's events were written");
      try (SseClient stream = new SseClient(harness.port(), key, null, "0")) {
        assertTrue(stream.await((int) after, Duration.ofSeconds(10)), "every event is replayable after restart");
        for (int i = 0; i < after; i++) {
          assertEquals(String.valueOf(i + 1), stream.frames.get(i).id());
        }
      }
    }
  }
}

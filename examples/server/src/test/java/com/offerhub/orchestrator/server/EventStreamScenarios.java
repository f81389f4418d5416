package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /events} over real HTTP: replay by sequence, reconnects under load, filters, slow clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventStreamScenarios {
  protected abstract ServerHarness.Db db();

  private ServerHarness harness;
  private String key;
  private Http api;

  @BeforeAll
  void start() {
    harness = ServerHarness.start(db(), Map.of("SSE_HEARTBEAT_MS", "200"));
    key = harness.apiKey("read", "write", "support");
    api = harness.anonymous().as(key);
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  private long last() {
    return harness.server().engine().events().lastSequence();
  }

  @Test
  void withoutCredentialsTheStreamIsRefusedAsJson() {
    Http.Response refused = harness.anonymous().invalidRequest().get("/events");
    assertEquals(401, refused.status());
    assertEquals("UNAUTHORIZED", refused.code());
  }

  @Test
  void reconnectingWithLastEventIdUnderConcurrentWritesLosesAndRepeatsNothing() throws Exception {
    String user = ServerHarness.user(api, "sse-load");
    long start = last();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writers = Executors.newFixedThreadPool(4);
    for (int w = 0; w < 4; w++) {
      writers.execute(() -> {
        while (writing.get()) {
          api.post("/users/" + user + "/balance/credit", Map.of("amount", "0.01", "reason", "test"));
        }
      });
    }
    List<Long> received = new ArrayList<>();
    long cursor = start;
    for (int round = 0; round < 6; round++) {
      try (SseClient client = new SseClient(harness.port(), key, null, String.valueOf(cursor))) {
        client.await(20, Duration.ofSeconds(10));
        for (SseClient.Frame frame : client.frames) {
          if (frame.id() != null) {
            received.add(Long.parseLong(frame.id()));
          }
        }
        cursor = received.isEmpty() ? cursor : received.get(received.size() - 1);
      }
    }
    writing.set(false);
    writers.shutdown();
    assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
    long end = last();
    try (SseClient client = new SseClient(harness.port(), key, null, String.valueOf(cursor))) {
      assertTrue(client.await((int) (end - cursor), Duration.ofSeconds(20)), "caught up with the writers");
      client.frames.forEach(f -> received.add(Long.parseLong(f.id())));
    }
    assertTrue(received.size() >= 100, "enough traffic to mean something: " + received.size());
    for (int i = 0; i < received.size(); i++) {
      assertEquals(start + 1 + i, received.get(i), "gap-free, duplicate-free at position " + i);
    }
    assertEquals(end, received.get(received.size() - 1));
  }

  @Test
  void framesCarryTheSequenceAndFiltersApply() {
    String user = ServerHarness.user(api, "sse-filter");
    long from = last();
    api.post("/users/" + user + "/balance/credit", Map.of("amount", "1.00", "reason", "test"));
    String other = ServerHarness.user(api, "sse-filter-2");
    try (SseClient all = new SseClient(harness.port(), key, null, String.valueOf(from));
        SseClient credits = new SseClient(harness.port(), key, "types=balance.credited", String.valueOf(from));
        SseClient users = new SseClient(harness.port(), key, "resourceTypes=User&types=user.created,user.*",
            String.valueOf(from))) {
      assertTrue(all.await(2, Duration.ofSeconds(10)));
      SseClient.Frame frame = all.frames.get(0);
      assertEquals(String.valueOf(from + 1), frame.id());
      JsonNode data = json(frame.data());
      assertEquals(from + 1, data.get("sequence").asLong());
      assertEquals(frame.event(), data.get("eventType").asText());
      assertTrue(data.get("eventId").asText().startsWith("evt_"));
      assertTrue(credits.await(1, Duration.ofSeconds(10)));
      assertTrue(users.await(1, Duration.ofSeconds(10)));
      ServerHarness.sleep(300);
      credits.frames.forEach(f -> assertEquals("balance.credited", f.event()));
      users.frames.forEach(f -> assertEquals("user.created", f.event()));
      assertEquals(other, json(users.frames.get(0).data()).get("aggregateId").asText());
      assertFalse(all.comments.isEmpty(), "heartbeat comments arrive");
    }
  }

  @Test
  void aTimestampCursorFromOlderClientsResumesAfterThatInstant() {
    String user = ServerHarness.user(api, "sse-time");
    api.post("/users/" + user + "/balance/credit", Map.of("amount", "1.00", "reason", "test"));
    long mark = last();
    JsonNode marked = json(readOne(mark - 1));
    Instant at = Instant.parse(marked.get("occurredAt").asText());
    ServerHarness.sleep(5);
    api.post("/users/" + user + "/balance/credit", Map.of("amount", "2.00", "reason", "test"));
    try (SseClient client = new SseClient(harness.port(), key, "since=" + at, null)) {
      assertTrue(client.await(1, Duration.ofSeconds(10)));
      long first = Long.parseLong(client.frames.get(0).id());
      assertTrue(first > mark - 1, "nothing at or before the instant is replayed");
      Instant occurred = Instant.parse(json(client.frames.get(0).data()).get("occurredAt").asText());
      assertTrue(occurred.isAfter(at) || first == mark + 1, "resumes after the instant");
    }
  }

  private String readOne(long after) {
    try (SseClient client = new SseClient(harness.port(), key, null, String.valueOf(after))) {
      assertTrue(client.await(1, Duration.ofSeconds(10)));
      return client.frames.get(0).data();
    }
  }

  @Test
  void aClientThatStopsReadingDoesNotHoldUpTheOthers() throws Exception {
    OrchestratorEngine engine = harness.server().engine();
    String user = ServerHarness.user(api, "sse-slow");
    long from = last();
    try (Socket stalled = new Socket("127.0.0.1", harness.port())) {
      stalled.setReceiveBufferSize(4096);
      OutputStream out = stalled.getOutputStream();
      // this client never reads, so only its request can be checked against the document
      assertEquals(List.of(), ApiContract.requestProblems("GET", ApiContract.BASE + "/events",
          List.of("Authorization", "Bearer " + key, "Last-Event-ID", String.valueOf(from)), null));
      out.write(("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
          + "\r\nLast-Event-ID: " + from + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      int events = 2000;
      try (SseClient fast = new SseClient(harness.port(), key, null, String.valueOf(from))) {
        for (int i = 0; i < events; i++) {
          engine.balances().credit(user, BalanceRequest.of("0.01", "slow-" + i), "manual adjustment");
        }
        assertTrue(fast.await(events, Duration.ofSeconds(30)), "the reading client got everything: "
            + fast.frames.size());
      }
    }
  }

  @Test
  void aCursorOlderThanRetentionGetsAnExplicitStaleCursorEvent() {
    com.offerhub.orchestrator.testkit.MutableClock clock = new com.offerhub.orchestrator.testkit.MutableClock(
        Instant.now());
    try (ServerHarness aged = ServerHarness.start(db(), Map.of("EVENT_RETENTION_HOURS", "1"), clock)) {
      Http client = aged.client("read", "write");
      ServerHarness.user(client, "stale-1");
      clock.advance(Duration.ofHours(2));
      aged.server().engine().runPendingWork();
      long first = aged.server().engine().events().firstRetainedSequence();
      assertTrue(first > 1, "old events were dropped: first retained " + first);
      String fresh = ServerHarness.user(client, "stale-2");
      try (SseClient stream = new SseClient(aged.port(), aged.apiKey("read"), null, "0")) {
        assertTrue(stream.await(2, Duration.ofSeconds(10)));
        SseClient.Frame stale = stream.frames.get(0);
        assertEquals("stream.stale_cursor", stale.event());
        assertEquals(String.valueOf(first - 1), stale.id(), "the cursor moves to what is retained");
        assertEquals(first, json(stale.data()).get("firstAvailableSequence").asLong());
        assertEquals(fresh, json(stream.frames.get(stream.frames.size() - 1).data()).get("aggregateId").asText());
      }
    }
  }

  private static JsonNode json(String text) {
    try {
      return Http.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}

package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics}: Prometheus text for a credential with the support scope (or the master
 * key), 401 without one and 403 with a weaker one; the engine's meters move after commands, the
 * saga and outbox gauges are there, and the SSE lag is recorded once an event reaches a client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ServerHarness harness;

  @BeforeAll
  void start() {
    harness = ServerHarness.start(ServerHarness.Db.H2);
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  private HttpResponse<String> scrape(String credential) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.port()
        + "/metrics")).timeout(Duration.ofSeconds(10)).GET();
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the first series of {@code name} whose labels contain every one of {@code labels}; -1 if none. */
  private static double value(String text, String name, String... labels) {
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(text);
    while (line.find()) {
      String found = line.group(1) == null ? "" : line.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= found.contains(label);
      }
      if (all) {
        return Double.parseDouble(line.group(2));
      }
    }
    return -1;
  }

  private static String errorCode(HttpResponse<String> response) throws IOException {
    JsonNode body = Http.JSON.readTree(response.body());
    return body.path("error").path("code").asText();
  }

  @Test
  void aCredentialWithTheSupportScopeIsRequired() throws Exception {
    HttpResponse<String> anonymous = scrape(null);
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    assertEquals("UNAUTHORIZED", errorCode(anonymous));
    HttpResponse<String> wrong = scrape("not-a-key");
    assertEquals(401, wrong.statusCode(), wrong.body());
    HttpResponse<String> readOnly = scrape(harness.apiKey("read", "write"));
    assertEquals(403, readOnly.statusCode(), readOnly.body());
    assertEquals("INSUFFICIENT_SCOPE", errorCode(readOnly));
    assertEquals(200, scrape(harness.apiKey("support")).statusCode());
    assertEquals(200, scrape(ServerHarness.MASTER).statusCode());
  }

  @Test
  void theEngineMetersMoveAfterCommandsAndTheGaugesAreThere() throws Exception {
    String key = harness.apiKey("support");
    HttpResponse<String> before = scrape(key);
    assertEquals(200, before.statusCode(), before.body());
    assertTrue(before.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        before.headers().map().toString());
    double created = Math.max(0, value(before.body(), "offerhub_commands_seconds_count", "command=\"users.create\"",
        "outcome=\"ok\""));

    Http api = harness.master();
    String user = ServerHarness.user(api, "metered-user");
    Http.Response debit = api.post("/users/" + user + "/balance/debit", Map.of("amount", "5.00", "reason",
        "manual adjustment"));
    assertEquals("INSUFFICIENT_FUNDS", debit.code(), debit::toString);

    String text = scrape(key).body();
    assertEquals(created + 1, value(text, "offerhub_commands_seconds_count", "command=\"users.create\"",
        "outcome=\"ok\""), text);
    assertEquals(1.0, value(text, "offerhub_commands_seconds_count", "command=\"balances.DEBIT_AVAILABLE\"",
        "outcome=\"INSUFFICIENT_FUNDS\""), text);
    assertTrue(value(text, "offerhub_commands_seconds_sum", "command=\"users.create\"") > 0, text);
    assertEquals(0.0, value(text, "offerhub_sagas_pending"), text);
    assertEquals(0.0, value(text, "offerhub_sagas_oldest_age_seconds"), text);
    assertTrue(value(text, "offerhub_outbox_lag_seconds") >= 0, text);
    assertTrue(value(text, "offerhub_outbox_unnumbered") >= 0, text);
    assertTrue(text.contains("offerhub_deposits_watcher_lag_seconds"), text);
    assertTrue(text.contains("# TYPE offerhub_commands_seconds summary")
        || text.contains("# TYPE offerhub_commands_seconds histogram"), text);
  }

  @Test
  void theSseLagIsRecordedWhenAnEventReachesAClient() throws Exception {
    String key = harness.apiKey("support");
    Http api = harness.master();
    try (SseClient client = new SseClient(harness.port(), ServerHarness.MASTER, null, null)) {
      assertTrue(client.awaitConnected(Duration.ofSeconds(10)), "the stream is open before the event");
      ServerHarness.user(api, "sse-metered");
      assertTrue(client.await(1, Duration.ofSeconds(10)), "the event reached the client");
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    double count;
    do {
      count = value(scrape(key).body(), "offerhub_sse_lag_seconds_count");
      if (count >= 1) {
        break;
      }
      ServerHarness.sleep(50);
    } while (System.nanoTime() < deadline);
    assertTrue(count >= 1, "sse lag recorded: " + count);
  }
}

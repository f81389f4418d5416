package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The AirTM front's fault knobs (spec/06 §10): lost answers, stalls, latency and the rate limit. */
class AirtmFaultsTest {

  @Test
  void aPayoutWhoseAnswerWasLostIsFoundByCodeAndARetryIsRefusedAsDuplicate() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.user("s@example.com");
      airtm.balance("100");
      airtm.control("/faults", "{\"endpoint\":\"POST /payouts\",\"mode\":\"FAIL_AFTER_APPLY\",\"count\":1}");
      HttpResponse<String> lost = airtm.post("/payouts", AirtmClient.payoutBody("wd_1", "s@example.com", "25", false));
      assertEquals(500, lost.statusCode());
      assertEquals("415998", AirtmClient.json(lost).get("code").asText());
      JsonNode found = AirtmClient.json(airtm.get("/payouts/by-code/wd_1"));
      assertEquals("CREATED", found.get("status").asText(), "applied despite the 500");
      HttpResponse<String> retry = airtm.post("/payouts", AirtmClient.payoutBody("wd_1", "s@example.com", "25", false));
      assertEquals(400, retry.statusCode());
      assertEquals("415056", AirtmClient.json(retry).get("code").asText());
      JsonNode counters = airtm.controlGet("/counters");
      assertEquals(1, counters.get("payouts").get("wd_1").asInt(), "exactly one payout");
      assertEquals(2, counters.get("payoutRequests").get("wd_1").asInt());
      assertEquals(1, airtm.simulator.airtm().payoutsWithCode("wd_1"));
      assertEquals("75.00", airtm.simulator.airtm().available().toPlainString(), "reserved once");
      assertTrue(airtm.simulator.airtmFaults().spent());
    }
  }

  @Test
  void aFailureBeforeApplyingLeavesNothingBehind() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.control("/faults", "{\"endpoint\":\"POST /payins\",\"mode\":\"FAIL\",\"status\":503,\"count\":2}");
      for (int i = 0; i < 2; i++) {
        assertEquals(503, airtm.post("/payins", AirtmClient.payinBody("t1", "5")).statusCode());
      }
      assertEquals(404, airtm.get("/payins/by-code/t1").statusCode(), "not applied");
      assertEquals(201, airtm.post("/payins", AirtmClient.payinBody("t1", "5")).statusCode(), "the knob is spent");
      assertEquals(1, airtm.simulator.airtm().payinsWithCode("t1"));
      assertEquals(1, airtm.simulator.airtm().payinRequests("t1"), "refused requests never reached the rules");
    }
  }

  @Test
  void aStallAfterApplyingTimesTheClientOutAndTheObjectExists() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.timeout(Duration.ofMillis(400));
      airtm.control("/faults", "{\"endpoint\":\"POST /payins\",\"mode\":\"STALL_AFTER_APPLY\",\"stallMs\":1500}");
      assertThrows(HttpTimeoutException.class, () -> airtm.post("/payins", AirtmClient.payinBody("s1", "5")));
      assertEquals("CREATED", AirtmClient.json(airtm.get("/payins/by-code/s1")).get("status").asText());
      airtm.user("r@example.com");
      airtm.balance("5");
      airtm.control("/faults", "{\"endpoint\":\"POST /payouts\",\"mode\":\"STALL\"}");
      assertThrows(HttpTimeoutException.class,
          () -> airtm.post("/payouts", AirtmClient.payoutBody("s2", "r@example.com", "5", true)));
      assertEquals(404, airtm.get("/payouts/by-code/s2").statusCode(), "a plain stall applies nothing");
    }
  }

  @Test
  void aCommitWhoseAnswerWasLostHappenedAndItsRetryIsRefused() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.user("s@example.com");
      airtm.balance("10");
      String id = airtm.payout("c1", "s@example.com", "10", false).get("id").asText();
      airtm.simulator.airtmFaults().next("POST /payouts/{id}/commit", AirtmFaults.Mode.FAIL_AFTER_APPLY, 1, 502);
      assertEquals(502, airtm.post("/payouts/" + id + "/commit", "").statusCode());
      assertEquals("COMPLETED", AirtmClient.json(airtm.get("/payouts/" + id)).get("status").asText());
      HttpResponse<String> again = airtm.post("/payouts/" + id + "/commit", "");
      assertEquals(422, again.statusCode());
      assertEquals("415027", AirtmClient.json(again).get("code").asText());
      assertEquals("0.00", airtm.simulator.airtm().pending().toPlainString());
    }
  }

  @Test
  void latencyAppliesToTheNamedEndpointOnly() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.control("/faults", "{\"endpoint\":\"GET /me\",\"latencyMs\":300}");
      long start = System.nanoTime();
      assertEquals(200, airtm.get("/me").statusCode());
      assertTrue(System.nanoTime() - start >= 300_000_000L);
      start = System.nanoTime();
      assertEquals(200, airtm.get("/me/balance").statusCode());
      assertTrue(System.nanoTime() - start < 300_000_000L);
      assertEquals(400, airtm.controlRaw("/faults", "{\"endpoint\":\"GET /nothing\",\"mode\":\"FAIL\"}")
          .statusCode(), "knobs name known endpoints");
      airtm.control("/faults/reset", "{}");
      start = System.nanoTime();
      airtm.get("/me");
      assertTrue(System.nanoTime() - start < 300_000_000L);
    }
  }

  @Test
  void theRateLimitIsOffByDefaultAndAnswers429PerKeyWhenOn() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      for (int i = 0; i < 25; i++) {
        assertEquals(200, airtm.get("/me").statusCode(), "off by default");
      }
      airtm.control("/faults", "{\"rateLimit\":true}");
      int limited = 0;
      HttpResponse<String> last = null;
      for (int i = 0; i < 15; i++) {
        HttpResponse<String> response = airtm.get("/me");
        if (response.statusCode() == 429) {
          limited++;
          last = response;
        }
      }
      assertTrue(limited >= 5, "at most 10 a second: " + limited + " refused");
      assertEquals("1", last.headers().firstValue("Retry-After").orElseThrow());
      airtm.authorization(AirtmClient.basic("another-key", "x"));
      assertEquals(401, airtm.get("/me").statusCode(), "another key has its own budget");
      airtm.authorization(AirtmClient.basic(AirtmClient.KEY, AirtmClient.SECRET));
      Thread.sleep(1_100);
      assertEquals(200, airtm.get("/me").statusCode(), "the window moved on");
    }
  }
}

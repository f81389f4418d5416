package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  @Test
  void eachCredentialHasItsWindowAndTheLimitIsAnnounced() {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("RATE_LIMIT_PER_MINUTE", "3"))) {
      String first = harness.apiKey("read");
      String second = harness.apiKey("read");
      Http one = harness.anonymous().as(first);
      for (int i = 1; i <= 3; i++) {
        Http.Response ok = one.get("/auth/me");
        assertEquals(200, ok.status());
        assertEquals("3", ok.header("X-RateLimit-Limit"));
        assertEquals(String.valueOf(3 - i), ok.header("X-RateLimit-Remaining"));
        assertTrue(Long.parseLong(ok.header("X-RateLimit-Reset")) * 1000 > System.currentTimeMillis());
      }
      Http.Response limited = one.get("/auth/me");
      assertEquals(429, limited.status());
      assertEquals("RATE_LIMITED", limited.code());
      assertNotNull(limited.header("Retry-After"));
      assertEquals(3, limited.json().get("error").get("details").get("limit").asInt());
      assertEquals(200, harness.anonymous().as(second).get("/auth/me").status(), "another key has its own window");
      assertEquals(200, harness.anonymous().get("/health").status(), "anonymous callers count per address");
    }
  }

  /** Issue 8 item 17: a disabled limiter announces nothing (a client would read "Limit: 0" as exhausted). */
  @Test
  void item17_disabledLimiterSendsNoRateLimitHeaders() {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("RATE_LIMIT_PER_MINUTE", "0"))) {
      Http api = harness.client("read");
      for (Http.Response response : List.of(harness.anonymous().get("/health"), api.get("/auth/me"),
          harness.anonymous().invalidRequest().get("/auth/me"), api.invalidRequest().get("/nothing/here"))) {
        for (String header : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")) {
          assertNull(response.header(header), header + " on " + response);
        }
        assertNotNull(response.header("X-Request-ID"), "the rest of the pipeline still runs");
      }
      for (int i = 0; i < 150; i++) {
        assertEquals(200, api.get("/auth/me").status(), "never limited");
      }
    }
  }
}

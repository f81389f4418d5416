package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: the per-key rate limit holds across server processes. This test JVM runs one
 * server and a second JVM runs another (ServerMain), both in sandbox mode on the same PostgreSQL
 * schema, each with its own data dir; one key's requests split across them share one window of N.
 */
class TwoProcessRateLimitTest {
  private static final int LIMIT = 6;

  @Test
  void aKeysLimitIsSharedByTwoServerProcessesOnOneDatabase() throws Exception {
    try (ServerHarness here = ServerHarness.start(ServerHarness.Db.POSTGRES,
        Map.of("RATE_LIMIT_PER_MINUTE", String.valueOf(LIMIT)))) {
      Map<String, String> env = new HashMap<>(here.env());
      env.remove("PORT");
      env.put("OFFERHUB_DATA_DIR", Files.createTempDirectory("offerhub-second").toString());
      env.put("SANDBOX_LEDGER_INTERVAL_MS", "250");
      Path logs = Path.of("target", "two-process-rate-limit", Long.toString(System.currentTimeMillis()));
      try (ChildJvm there = ChildJvm.start("second-server", ServerMain.class, env, logs, ApiContract.BASE + "/health",
          Duration.ofSeconds(90))) {
        try {
          run(here, there);
        } catch (Throwable failure) {
          there.printLog();
          throw failure;
        }
      }
    }
  }

  private static void run(ServerHarness here, ChildJvm there) {
    String key = here.apiKey("read");
    List<Http> servers = List.of(here.anonymous().as(key), Http.at(there.port()).as(key));
    // alternate: A, B, A, B, ... the remaining count goes down across both
    for (int i = 1; i <= LIMIT; i++) {
      Http server = servers.get(i % 2);
      Http.Response ok = server.get("/auth/me");
      assertEquals(200, ok.status(), () -> "request " + ok);
      assertEquals(String.valueOf(LIMIT), ok.header("X-RateLimit-Limit"));
      assertEquals(String.valueOf(LIMIT - i), ok.header("X-RateLimit-Remaining"),
          "request " + i + " (on " + (i % 2 == 0 ? "this JVM" : "the second JVM") + ") counted in the shared window");
    }
    for (Http server : servers) {
      Http.Response limited = server.get("/auth/me");
      assertEquals(429, limited.status(), limited::toString);
      assertEquals("RATE_LIMITED", limited.code());
      assertEquals(String.valueOf(LIMIT), limited.header("X-RateLimit-Limit"));
      assertEquals("0", limited.header("X-RateLimit-Remaining"));
      assertNotNull(limited.header("X-RateLimit-Reset"));
      long retryAfter = Long.parseLong(limited.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
      assertEquals(LIMIT, limited.json().get("error").get("details").get("limit").asInt());
    }
    // the limit is the key's: a new key starts its own window on either process
    Http.Response other = Http.at(there.port()).as(here.apiKey("read")).get("/auth/me");
    assertEquals(200, other.status(), "another key is not limited: " + other);
    assertEquals(String.valueOf(LIMIT - 1), other.header("X-RateLimit-Remaining"));
  }
}

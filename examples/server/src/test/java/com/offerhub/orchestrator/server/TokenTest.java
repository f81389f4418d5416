package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Short-lived tokens (spec/02 §5.4): only an API key mints them, and they die at their {@code exp}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenTest {
  private final MutableClock clock = new MutableClock(Instant.now());
  private ServerHarness harness;

  @BeforeAll
  void startServer() {
    harness = ServerHarness.start(ServerHarness.Db.H2, Map.of(), clock);
  }

  @AfterAll
  void stopServer() {
    harness.close();
  }

  private record Key(String id, Http http) {}

  private Key key(String... scopes) {
    Http.Response created = harness.master().post("/auth/api-keys", Map.of("name", "token-test", "scopes",
        List.of(scopes)));
    assertEquals(201, created.status(), created::toString);
    return new Key(created.data().get("id").asText(), harness.anonymous().as(created.data().get("key").asText()));
  }

  private static String mint(Http http, String keyId, int ttl) {
    Http.Response minted = http.post("/auth/api-keys/" + keyId + "/token", Map.of("ttl", ttl));
    assertEquals(201, minted.status(), minted::toString);
    return minted.data().get("token").asText();
  }

  /** Issue 8 item 12: a leaked short-lived token must not be able to renew itself forever. */
  @Test
  void item12_tokenCannotMintToken() {
    Key writer = key("read", "write", "support");
    Key other = key("read");
    Http token = harness.anonymous().as(mint(writer.http(), writer.id(), 300));
    assertEquals(200, token.get("/auth/me").status(), "the token itself works");
    for (String target : List.of(writer.id(), other.id())) {
      Http.Response refused = token.post("/auth/api-keys/" + target + "/token", Map.of("ttl", 300));
      assertEquals(403, refused.status(), refused::toString);
      assertEquals("INSUFFICIENT_SCOPE", refused.code());
      assertEquals("api_key", refused.json().get("error").get("details").get("required_credential").asText());
    }
    mint(writer.http(), writer.id(), 300);
    mint(harness.master(), other.id(), 300);
  }

  /** Issue 8 item 12: the credential cache never keeps a token alive past its {@code exp}. */
  @Test
  void item12_expiredTokenRefusedImmediately() {
    Key reader = key("read", "write");
    Http token = harness.anonymous().as(mint(reader.http(), reader.id(), 60));
    assertEquals(200, token.get("/auth/me").status(), "valid, and now in the credential cache");
    clock.advance(Duration.ofSeconds(59));
    assertEquals(200, token.get("/auth/me").status(), "still valid one second before exp");
    clock.advance(Duration.ofSeconds(1));
    Http.Response expired = token.get("/auth/me");
    assertEquals(401, expired.status(), expired::toString);
    assertEquals("UNAUTHORIZED", expired.code());
    assertEquals(200, reader.http().get("/auth/me").status(), "the key itself is unaffected");
  }

  /** Issue 8 item 12: an event stream opened with a token ends at the token's {@code exp}; nothing after it is sent. */
  @Test
  void item12_eventStreamEndsAtTokenExpiry() {
    Key writer = key("read", "write");
    String token = mint(writer.http(), writer.id(), 60);
    try (SseClient stream = new SseClient(harness.port(), token, "types=user.created", null)) {
      assertTrue(stream.awaitConnected(Duration.ofSeconds(10)));
      ServerHarness.user(writer.http(), "item12-before-exp");
      assertTrue(stream.await(1, Duration.ofSeconds(10)), "the stream delivers while the token is valid");
      clock.advance(Duration.ofSeconds(60));
      ServerHarness.user(writer.http(), "item12-after-exp");
      assertTrue(stream.awaitEnd(Duration.ofSeconds(5)), "the stream ends once the token expired");
      assertEquals(1, stream.frames.size(), () -> "no event after exp: " + stream.frames);
    }
  }

  /** Issue 8 item 12: revoking a key ends its open event streams, and those of tokens minted for it. */
  @Test
  void item12_eventStreamEndsWhenItsKeyIsRevoked() {
    Key revokedKey = key("read");
    Key tokenKey = key("read", "write");
    Key kept = key("read", "write");
    String token = mint(tokenKey.http(), tokenKey.id(), 300);
    try (SseClient byKey = new SseClient(harness.port(), revokedKey.http().credential(), "types=user.created", null);
        SseClient byToken = new SseClient(harness.port(), token, "types=user.created", null);
        SseClient other = new SseClient(harness.port(), kept.http().credential(), "types=user.created", null)) {
      for (SseClient stream : List.of(byKey, byToken, other)) {
        assertTrue(stream.awaitConnected(Duration.ofSeconds(10)));
      }
      ServerHarness.user(kept.http(), "item12-revoke-1");
      for (SseClient stream : List.of(byKey, byToken, other)) {
        assertTrue(stream.await(1, Duration.ofSeconds(10)), "every stream is open and delivering");
      }
      assertEquals(200, harness.master().delete("/auth/api-keys/" + revokedKey.id()).status());
      assertEquals(200, harness.master().delete("/auth/api-keys/" + tokenKey.id()).status());
      assertTrue(byKey.awaitEnd(Duration.ofSeconds(5)), "the revoked key's stream ends");
      assertTrue(byToken.awaitEnd(Duration.ofSeconds(5)), "the stream of a token minted for it ends too");
      ServerHarness.user(kept.http(), "item12-revoke-2");
      assertTrue(other.await(2, Duration.ofSeconds(10)), "another key's stream goes on");
      assertEquals(1, byKey.frames.size());
      assertEquals(1, byToken.frames.size());
    }
  }
}

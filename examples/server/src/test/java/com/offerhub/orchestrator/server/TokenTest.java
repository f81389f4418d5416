package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.offerhub.orchestrator.server.http.Tokens;
import com.offerhub.orchestrator.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Short-lived tokens (spec/02 §5.4): only an API key mints them, and they die at their {@code exp}.
 * Issue 12 item 4: tokens forged with the server's secret but wrong in one way each (algorithm,
 * times, type, payload) are refused with the 401 of any bad credential, while the same forgery done
 * right is accepted, so each refusal is the check's doing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenTest {
  /** 64 bytes: long enough for HS512 too, which the server must refuse all the same. */
  private static final String SECRET = "token-test-secret-".repeat(4).substring(0, 64);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final MutableClock clock = new MutableClock(Instant.now());
  private ServerHarness harness;

  @BeforeAll
  void startServer() {
    harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("OFFERHUB_JWT_SECRET", SECRET), clock);
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

  // ---- issue 12 item 4: tokens through nimbus-jose-jwt, HS256 pinned, times checked ----

  /** The claims the server mints for {@code keyId} now (whole seconds), to be changed by each case. */
  private JWTClaimsSet.Builder claims(String keyId, List<String> scopes) {
    Date now = Date.from(Instant.ofEpochSecond(clock.instant().getEpochSecond()));
    return new JWTClaimsSet.Builder().subject(keyId).claim("scopes", scopes).claim("type", "short-lived")
        .issueTime(now).expirationTime(Date.from(now.toInstant().plusSeconds(300)));
  }

  private static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return Tokens.PREFIX + jwt.serialize();
  }

  private static String hs256(JWTClaimsSet claims) {
    try {
      return sign(JWSAlgorithm.HS256, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWS with this header, its signing input MACed with HMAC-SHA256 and the server's secret. */
  private static String macWithSecret(String headerJson, String payloadB64) {
    String input = B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + payloadB64;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Tokens.PREFIX + input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String payload(JWTClaimsSet claims) {
    return B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void accepted(String token, String keyId, String why) {
    Http.Response me = harness.anonymous().as(token).get("/auth/me");
    assertEquals(200, me.status(), () -> why + ": " + me);
    assertEquals(keyId, me.data().get("apiKeyId").asText(), why);
  }

  private void refused(String token, String why) {
    Http.Response me = harness.anonymous().as(token).get("/auth/me");
    assertEquals(401, me.status(), () -> why + ": " + me);
    assertEquals("UNAUTHORIZED", me.code(), why);
  }

  @Test
  void aMintedTokenWorksOverHttpAndCarriesTheReferenceClaims() throws Exception {
    Key reader = key("read");
    Http.Response minted = harness.master().post("/auth/api-keys/" + reader.id() + "/token", Map.of("ttl", 120));
    assertEquals(201, minted.status(), minted::toString);
    String token = minted.data().get("token").asText();
    assertTrue(token.startsWith("ohk_tok_"), token);
    String[] parts = token.substring(Tokens.PREFIX.length()).split("\\.");
    assertEquals(3, parts.length, "a JWS in compact form");
    JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    assertEquals("HS256", header.get("alg").asText());
    JsonNode body = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertEquals(reader.id(), body.get("sub").asText());
    assertEquals("read", body.get("scopes").get(0).asText());
    assertEquals("short-lived", body.get("type").asText());
    assertEquals(120, body.get("exp").asLong() - body.get("iat").asLong());
    assertEquals(clock.instant().getEpochSecond(), body.get("iat").asLong());
    assertEquals(Instant.ofEpochSecond(body.get("exp").asLong()).toString(),
        Instant.parse(minted.data().get("expiresAt").asText()).toString());
    accepted(token, reader.id(), "the minted token");
    Http.Response write = harness.anonymous().as(token).post("/users", Map.of("externalUserId", "token-reader"));
    assertEquals(403, write.status(), "a read token cannot write: " + write);
    assertEquals("INSUFFICIENT_SCOPE", write.code());
  }

  @Test
  void aForgeryDoneRightIsAcceptedSoEveryRefusalBelowIsTheCheck() {
    Key reader = key("read");
    accepted(hs256(claims(reader.id(), List.of("read")).build()), reader.id(), "HS256 with the secret, valid claims");
    accepted(hs256(claims(reader.id(), List.of("read")).notBeforeTime(Date.from(clock.instant().minusSeconds(1)))
        .build()), reader.id(), "nbf reached");
    accepted(hs256(claims(reader.id(), List.of("read")).issueTime(Date.from(clock.instant().plusSeconds(20))).build()),
        reader.id(), "iat 20 s ahead: within the 30 s allowed for instances' clocks");
  }

  @Test
  void expiredTokenRefused() {
    Key reader = key("read");
    Instant now = clock.instant();
    refused(hs256(claims(reader.id(), List.of("read")).issueTime(Date.from(now.minusSeconds(120)))
        .expirationTime(Date.from(now.minusSeconds(1))).build()), "exp a second ago");
    refused(hs256(claims(reader.id(), List.of("read")).expirationTime(null).build()), "no exp at all");
  }

  @Test
  void notYetValidTokenRefused() {
    Key reader = key("read");
    refused(hs256(claims(reader.id(), List.of("read")).notBeforeTime(Date.from(clock.instant().plusSeconds(120)))
        .build()), "nbf two minutes ahead");
  }

  @Test
  void tokenIssuedInTheFutureRefused() {
    Key reader = key("read");
    Instant now = clock.instant();
    refused(hs256(claims(reader.id(), List.of("read")).issueTime(Date.from(now.plusSeconds(120)))
        .expirationTime(Date.from(now.plusSeconds(400))).build()), "iat two minutes ahead");
    refused(hs256(claims(reader.id(), List.of("read")).issueTime(null).build()), "no iat at all");
  }

  @Test
  void algNoneRefused() {
    Key reader = key("read");
    JWTClaimsSet valid = claims(reader.id(), List.of("read")).build();
    refused(Tokens.PREFIX + new PlainJWT(valid).serialize(), "an unsecured JWT");
    refused(macWithSecret("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload(valid)), "alg none with a signature");
    refused(macWithSecret("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", payload(valid)), "alg NONE");
  }

  @Test
  void rs256WithARealRsaKeyRefused() throws Exception {
    Key reader = key("read");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    RSASSASigner rsa = new RSASSASigner(generator.generateKeyPair().getPrivate());
    refused(sign(JWSAlgorithm.RS256, rsa, claims(reader.id(), List.of("read")).build()), "RS256, an RSA signature");
  }

  @Test
  void anotherAlgorithmInTheHeaderMacedWithTheSecretRefused() throws Exception {
    Key reader = key("read");
    JWTClaimsSet valid = claims(reader.id(), List.of("read")).build();
    // the confusion attack: a verifier that takes the algorithm from the header and the HMAC secret as "the key"
    refused(macWithSecret("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", payload(valid)), "RS256 header, HMAC-SHA256 body");
    refused(sign(JWSAlgorithm.HS512, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), valid),
        "HS512 with the secret: a valid MAC, of an algorithm not allowed");
    refused(sign(JWSAlgorithm.HS384, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), valid), "HS384");
    accepted(macWithSecret("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload(valid)), reader.id(),
        "the same hand-made token with the right header");
  }

  @Test
  void tamperedPayloadRefused() {
    Key reader = key("read");
    String token = mint(harness.master(), reader.id(), 300);
    String[] parts = token.substring(Tokens.PREFIX.length()).split("\\.");
    JWTClaimsSet elevated = claims(reader.id(), List.of("read", "write", "support")).build();
    String forged = Tokens.PREFIX + parts[0] + "." + payload(elevated) + "." + parts[2];
    refused(forged, "scopes elevated, the original signature kept");
    Http.Response write = harness.anonymous().as(forged).post("/users", Map.of("externalUserId", "tampered"));
    assertEquals(401, write.status(), write::toString);
    accepted(token, reader.id(), "the untouched token");
  }

  @Test
  void wrongSecretRefused() throws Exception {
    Key reader = key("read");
    String other = "another-secret-of-enough-length-".repeat(2);
    assertNotEquals(SECRET, other);
    refused(sign(JWSAlgorithm.HS256, new MACSigner(other.getBytes(StandardCharsets.UTF_8)),
        claims(reader.id(), List.of("read")).build()), "HS256 with another secret");
  }

  @Test
  void wrongTypeOrClaimShapesRefused() {
    Key reader = key("read");
    refused(hs256(claims(reader.id(), List.of("read")).claim("type", "long-lived").build()), "type is not short-lived");
    refused(hs256(claims(reader.id(), List.of("read")).claim("type", null).build()), "no type");
    refused(hs256(claims(reader.id(), List.of("read")).claim("scopes", "read").build()), "scopes not a list");
    refused(hs256(claims(reader.id(), List.of("read")).subject(null).build()), "no sub");
  }

  // ---- the secret's length, at start-up ----

  private static Map<String, String> sandboxEnv(java.nio.file.Path dir, Consumer<Map<String, String>> change) {
    Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "OFFERHUB_DATA_DIR", dir.toString(),
        "OFFERHUB_MASTER_KEY", ServerHarness.MASTER));
    change.accept(env);
    return env;
  }

  @Test
  void aSecretShorterThan256BitsIsRefusedByTheConfiguration() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("offerhub-jwt");
    for (String shortSecret : List.of("s".repeat(31), "\u00e9".repeat(15) + "x")) {
      ServerConfig.ConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(
          ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(sandboxEnv(dir,
              env -> env.put("OFFERHUB_JWT_SECRET", shortSecret))));
      assertTrue(refused.problems().stream().anyMatch(p -> p.startsWith("OFFERHUB_JWT_SECRET must be at least 32 bytes")),
          refused::getMessage);
      assertTrue(!refused.getMessage().contains(shortSecret), "the value is never shown");
    }
    for (String longEnough : List.of("s".repeat(32), "\u00e9".repeat(16))) {
      assertEquals(longEnough, ServerConfig.fromEnv(sandboxEnv(dir, env -> env.put("OFFERHUB_JWT_SECRET", longEnough)))
          .jwtSecret(), "32 bytes in UTF-8 (16 two-byte characters count as 32)");
    }
  }

  @Test
  void aShortSandboxSecretFileIsRefusedAtStartAndTheGeneratedOneIsLongEnough() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("offerhub-jwt");
    java.nio.file.Files.writeString(dir.resolve("jwt.secret"), "too-short-secret");
    Map<String, String> env = sandboxEnv(dir, e -> { });
    OrchestratorServer server = new OrchestratorServer(ServerConfig.fromEnv(env), env);
    ServerConfig.ConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(
        ServerConfig.ConfigException.class, server::start);
    assertTrue(refused.getMessage().contains("OFFERHUB_JWT_SECRET must be at least 32 bytes"), refused::getMessage);
    assertTrue(!refused.getMessage().contains("too-short-secret"), "the value is never shown");
    // without the file the sandbox generates its own secret: 32 random bytes as 64 hex characters
    java.nio.file.Files.delete(dir.resolve("jwt.secret"));
    try (OrchestratorServer sandbox = new OrchestratorServer(ServerConfig.fromEnv(env), env).start()) {
      String generated = java.nio.file.Files.readString(dir.resolve("jwt.secret"), StandardCharsets.US_ASCII).trim();
      assertTrue(generated.matches("[0-9a-f]{64}"), "64 hex characters, 64 bytes as the key");
      Http master = Http.at(sandbox.port()).as(ServerHarness.MASTER);
      Http.Response created = master.post("/auth/api-keys", Map.of("name", "sandbox-secret", "scopes", List.of("read")));
      String keyId = created.data().get("id").asText();
      String token = mint(master, keyId, 60);
      assertEquals(200, Http.at(sandbox.port()).as(token).get("/auth/me").status());
    }
  }
}

package com.offerhub.orchestrator.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens (spec/02 §5.4): {@code "ohk_tok_" + JWT}, HS256 over the configured secret,
 * claims {@code sub} (API key id), {@code scopes}, {@code type}, {@code iat}, {@code exp}.
 */
public final class Tokens {
  public static final String PREFIX = "ohk_tok_";
  public static final int MAX_TTL_SECONDS = 3600;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final String HEADER = ENCODER.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
      .getBytes(StandardCharsets.UTF_8));
  private final byte[] secret;
  private final Clock clock;

  public Tokens(String secret, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  public record Minted(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "Minted[token=***, expiresAt=" + expiresAt + "]";
    }
  }

  /** Claims of a valid token. */
  public record Claims(String subject, Set<String> scopes, String marketplaceId, Instant expiresAt) {}

  public Minted mint(String apiKeyId, Set<String> scopes, String marketplaceId, int ttlSeconds) {
    long now = clock.instant().getEpochSecond();
    long exp = now + ttlSeconds;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", apiKeyId);
    claims.put("scopes", new ArrayList<>(scopes));
    if (marketplaceId != null) {
      claims.put("mkt", marketplaceId);
    }
    claims.put("type", "short-lived");
    claims.put("iat", now);
    claims.put("exp", exp);
    String body = HEADER + "." + ENCODER.encodeToString(Json.bytes(claims));
    return new Minted(PREFIX + body + "." + ENCODER.encodeToString(sign(body)), Instant.ofEpochSecond(exp));
  }

  /** The claims of {@code token}, or null when it is malformed, forged or expired. */
  public Claims verify(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 4096) {
      return null;
    }
    String jwt = token.substring(PREFIX.length());
    int first = jwt.indexOf('.');
    int last = jwt.lastIndexOf('.');
    if (first < 0 || first == last) {
      return null;
    }
    String signed = jwt.substring(0, last);
    byte[] signature;
    try {
      signature = DECODER.decode(jwt.substring(last + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!signed.startsWith(HEADER + ".") || !MessageDigest.isEqual(sign(signed), signature)) {
      return null;
    }
    try {
      JsonNode claims = Json.parse(DECODER.decode(jwt.substring(first + 1, last)));
      if (!"short-lived".equals(claims.path("type").asText()) || !claims.path("sub").isTextual()
          || !claims.path("exp").canConvertToLong() || !claims.path("scopes").isArray()) {
        return null;
      }
      Instant exp = Instant.ofEpochSecond(claims.get("exp").asLong());
      if (!clock.instant().isBefore(exp)) {
        return null;
      }
      Set<String> scopes = new LinkedHashSet<>();
      for (JsonNode scope : claims.get("scopes")) {
        scopes.add(scope.asText());
      }
      String mkt = claims.path("mkt").isTextual() ? claims.get("mkt").asText() : null;
      return new Claims(claims.get("sub").asText(), Set.copyOf(scopes), mkt, exp);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private byte[] sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> sorted(Set<String> scopes) {
    List<String> list = new ArrayList<>(scopes);
    java.util.Collections.sort(list);
    return list;
  }
}

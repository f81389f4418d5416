package com.offerhub.orchestrator.airtm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Svix signature scheme AirTM signs its webhooks with (spec/06 §8.2): HMAC-SHA256 over
 * {@code svix-id + "." + svix-timestamp + "." + body} (the exact bytes received), keyed with the
 * base64 part of a {@code whsec_...} secret, sent as a space-separated list of {@code v1,<base64>}
 * entries (several while a secret is rotated), accepted within five minutes of its timestamp.
 * Immutable and thread-safe; {@link #toString()} never shows the key.
 */
public final class SvixSignature {
  /** The replay window of the Svix libraries. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  /** What a verification found; only {@link #VALID} is accepted. */
  public enum Verdict {
    VALID,
    /** {@code svix-id}, {@code svix-timestamp} or {@code svix-signature} missing or empty. */
    MISSING_HEADERS,
    /** The timestamp is not a number of seconds, or lies outside {@link #TOLERANCE} of now. */
    STALE,
    /** No {@code v1} entry matches the body under this secret. */
    MISMATCH
  }

  private final byte[] key;

  private SvixSignature(byte[] key) {
    this.key = key;
  }

  /**
   * The scheme for one webhook secret ({@code whsec_} followed by base64, or the base64 alone).
   *
   * @throws IllegalArgumentException if the secret is not of that form (its text is not repeated)
   */
  public static SvixSignature of(String secret) {
    Objects.requireNonNull(secret, "secret");
    String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a Svix webhook secret is whsec_ followed by base64");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("a Svix webhook secret is whsec_ followed by base64");
    }
    return new SvixSignature(key);
  }

  /** Checks one delivery's headers against its raw body at {@code now}. */
  public Verdict verify(String id, String timestamp, String signatures, byte[] body, Instant now) {
    if (blank(id) || blank(timestamp) || blank(signatures)) {
      return Verdict.MISSING_HEADERS;
    }
    long sent;
    try {
      sent = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Verdict.STALE;
    }
    if (Math.abs(now.getEpochSecond() - sent) > TOLERANCE.toSeconds()) {
      return Verdict.STALE;
    }
    byte[] expected = mac(id, timestamp.trim(), body);
    for (String entry : signatures.trim().split(" +")) {
      if (!entry.startsWith("v1,")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(entry.substring("v1,".length()));
      } catch (IllegalArgumentException malformed) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return Verdict.VALID;
      }
    }
    return Verdict.MISMATCH;
  }

  /** The {@code svix-signature} entry for a delivery, as a sender (or a simulator) writes it. */
  public String sign(String id, long timestamp, byte[] body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(id, Long.toString(timestamp), body));
  }

  private byte[] mac(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  @Override
  public String toString() {
    return "SvixSignature[key=***]";
  }
}

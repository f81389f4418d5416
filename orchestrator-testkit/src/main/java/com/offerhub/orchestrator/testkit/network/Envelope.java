package com.offerhub.orchestrator.testkit.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated network's transaction format (not real XDR): a body of {@code key=value} lines
 * naming the source, sequence number, upper time bound and one operation with its arguments; the
 * hash covers the network passphrase and the body; a signed envelope appends an Ed25519 signature.
 */
final class Envelope {
  final String body;
  final Map<String, String> fields;
  final byte[] signature;

  private Envelope(String body, byte[] signature) {
    this.body = body;
    this.signature = signature;
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        parsed.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    this.fields = parsed;
  }

  static String unsigned(Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
    return Base64.getEncoder().encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static Envelope parseUnsigned(String xdr) {
    return new Envelope(new String(Base64.getDecoder().decode(xdr), StandardCharsets.UTF_8), null);
  }

  static Envelope parseSigned(String envelope) {
    int dot = envelope.indexOf('.');
    if (dot < 0) {
      return parseUnsigned(envelope);
    }
    return new Envelope(new String(Base64.getDecoder().decode(envelope.substring(0, dot)), StandardCharsets.UTF_8),
        Base64.getDecoder().decode(envelope.substring(dot + 1)));
  }

  String signedForm(byte[] sig) {
    return Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "."
        + Base64.getEncoder().encodeToString(sig);
  }

  byte[] hashBytes(String passphrase) {
    try {
      return MessageDigest.getInstance("SHA-256").digest((passphrase + "\n" + body).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String hash(String passphrase) {
    return HexFormat.of().formatHex(hashBytes(passphrase));
  }

  String get(String key) {
    return fields.get(key);
  }

  long getLong(String key) {
    return Long.parseLong(fields.get(key));
  }

  static String text(String value) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  static String untext(String value) {
    return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
  }
}

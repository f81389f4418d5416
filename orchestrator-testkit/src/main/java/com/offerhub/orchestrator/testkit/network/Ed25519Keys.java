package com.offerhub.orchestrator.testkit.network;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 with raw 32-byte keys, as Stellar uses them. BouncyCastle's RFC 8032 implementation is
 * used because the simulated network signs and verifies every transaction and the JDK's is several
 * times slower.
 */
final class Ed25519Keys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.Map<String, byte[]> PUBLIC_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

  private Ed25519Keys() {}

  /** A fresh key pair as {raw public key, raw seed}. */
  static byte[][] generate() {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    RANDOM.nextBytes(seed);
    return new byte[][] {publicKey(seed), seed};
  }

  /** The public key of a seed, remembered (a pure function, so sharing it between networks is safe). */
  static byte[] cachedPublicKey(byte[] seed) {
    if (PUBLIC_KEYS.size() > 100_000) {
      PUBLIC_KEYS.clear();
    }
    return PUBLIC_KEYS.computeIfAbsent(java.util.HexFormat.of().formatHex(seed), k -> publicKey(seed));
  }

  static byte[] publicKey(byte[] seed) {
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    return pub;
  }

  /** Signs; the public key is derived once per seed and remembered, halving the cost of a signature. */
  static byte[] sign(byte[] seed, byte[] message) {
    byte[] pub = cachedPublicKey(seed);
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, pub, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  static boolean verify(byte[] publicKey, byte[] message, byte[] sig) {
    if (sig.length != Ed25519.SIGNATURE_SIZE || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
      return false;
    }
    return Ed25519.verify(sig, 0, publicKey, 0, message, 0, message.length);
  }
}

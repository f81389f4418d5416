package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * Whether a Stellar secret seed ({@code S...}) belongs to an account id ({@code G...}), spec/04 §3.3:
 * a seed that decrypted is not yet proof it is this wallet's (the reference's format binds nothing).
 * Core has no Stellar library, so the JDK's Ed25519 proves it: a message signed with the seed must
 * verify under the account's public key. Stateless and thread-safe.
 */
final class SeedOwnership {
  private static final int ACCOUNT_VERSION = 6 << 3;
  private static final int SEED_VERSION = 18 << 3;
  private static final byte[] CHALLENGE = "offerhub wallet seed ownership".getBytes(StandardCharsets.US_ASCII);

  private SeedOwnership() {}

  static boolean belongsTo(SecretSeed seed, String accountId) {
    char[] chars = seed.reveal();
    byte[] raw = null;
    try {
      raw = decode(SEED_VERSION, chars);
      byte[] account = decode(ACCOUNT_VERSION, accountId == null ? new char[0] : accountId.toCharArray());
      if (raw == null || account == null) {
        return false;
      }
      KeyFactory keys = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = keys.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, raw));
      PublicKey publicKey = keys.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point(account)));
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(privateKey);
      signer.update(CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(CHALLENGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    } finally {
      Arrays.fill(chars, '\0');
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  /** RFC 8032 point encoding: little-endian y, the top bit of the last byte is x's parity. */
  private static EdECPoint point(byte[] encoded) {
    byte[] bigEndian = new byte[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      bigEndian[i] = encoded[encoded.length - 1 - i];
    }
    boolean xOdd = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7f;
    return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
  }

  /**
   * The 32-byte payload of a StrKey (version byte, payload, CRC16-XModem little endian, base32
   * without padding), or null if the text is not one of the expected kind.
   */
  private static byte[] decode(int version, char[] text) {
    if (text.length != 56) {
      return null;
    }
    byte[] data = new byte[35];
    int buffer = 0;
    int bits = 0;
    int out = 0;
    for (char c : text) {
      int value = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (value < 0) {
        return null;
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        data[out++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    try {
      if ((data[0] & 0xff) != version) {
        return null;
      }
      int crc = 0;
      for (int i = 0; i < 33; i++) {
        crc ^= (data[i] & 0xff) << 8;
        for (int bit = 0; bit < 8; bit++) {
          crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        }
      }
      crc &= 0xffff;
      if ((data[33] & 0xff) != (crc & 0xff) || (data[34] & 0xff) != (crc >>> 8)) {
        return null;
      }
      return Arrays.copyOfRange(data, 1, 33);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }
}

package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a wallet seed exactly as the reference implementation stores it (spec/04 §3.3), for tests
 * of migrated data: AES-256-GCM, a 16-byte random IV, no associated data, stored as
 * {@code hex(iv):hex(tag):hex(ciphertext)} in lower case, as Node's {@code aes-256-gcm} lays it out.
 */
public final class ReferenceWalletFormat {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReferenceWalletFormat() {}

  public static String encrypt(byte[] key, SecretSeed seed) {
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    char[] chars = seed.reveal();
    byte[] plain = new String(chars).getBytes(StandardCharsets.UTF_8);
    Arrays.fill(chars, '\0');
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      byte[] sealed = cipher.doFinal(plain);
      int body = sealed.length - 16;
      HexFormat hex = HexFormat.of();
      return hex.formatHex(iv) + ":" + hex.formatHex(sealed, body, sealed.length) + ":"
          + hex.formatHex(sealed, 0, body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("reference-format encryption failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }
}

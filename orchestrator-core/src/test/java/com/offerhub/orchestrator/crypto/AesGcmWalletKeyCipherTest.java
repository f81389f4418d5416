package com.offerhub.orchestrator.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AesGcmWalletKeyCipherTest {
  private static final String SEED = "SBKGFRZ2HSUKKGV5JPNNJYBBGXD4UCYHYJ5Z4A6ABFKZ4FZ7XQHBXK5P";

  /**
   * A secret as the reference implementation stores it, made by Node v20's {@code aes-256-gcm}
   * (createCipheriv with a 16-byte random IV, getAuthTag, hex): {@code hex(iv):hex(tag):hex(ct)}.
   */
  private static final String REFERENCE_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String REFERENCE_SEED = "SCQKDIVDUSS2NJ5IVGVKXLFNV2X3BMNSWO2LLNVXXC43VO54XW7L65CQ";
  private static final String REFERENCE_STORED = "85c5ad04a8050f0ec6066c4a581df0d8:9133ad013e19ca8a15a915536532e974:"
      + "cae977736492928f2bd28b43c6eb4b5af3da520c16439dca6e638d4aae65da49483f7a09ec5dbc9dcba0f83b85ccaed4d5b6ac331b70e060";

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private static AesGcmWalletKeyCipher withLegacy() {
    return AesGcmWalletKeyCipher.builder().key(1, key(1)).current(1).legacyKeyHex(REFERENCE_KEY).build();
  }

  private static String seedOf(SecretSeed seed) {
    return new String(seed.reveal());
  }

  @Test
  void roundTripsWithRandomNonceAndHidesTheSecret() {
    AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.of(key(7));
    String a = cipher.encrypt("wal_1", SecretSeed.of(SEED));
    String b = cipher.encrypt("wal_1", SecretSeed.of(SEED));
    assertNotEquals(a, b);
    assertFalse(a.contains(SEED));
    assertArrayEquals(SEED.toCharArray(), cipher.decrypt("wal_1", a).reveal());
    assertFalse(SecretSeed.of(SEED).toString().contains(SEED.substring(1, 10)), "toString must not reveal the seed");
  }

  @Test
  void walletIdIsBoundAndTamperingIsDetected() {
    AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.of(key(7));
    String sealed = cipher.encrypt("wal_1", SecretSeed.of(SEED));
    assertEquals(Reason.AUTHENTICATION_FAILED, assertThrows(WalletSecretException.class,
        () -> cipher.decrypt("wal_2", sealed)).reason());
    char[] chars = sealed.toCharArray();
    chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
    assertEquals(Reason.AUTHENTICATION_FAILED, assertThrows(WalletSecretException.class,
        () -> cipher.decrypt("wal_1", new String(chars))).reason());
    assertEquals(Reason.AUTHENTICATION_FAILED, assertThrows(WalletSecretException.class,
        () -> AesGcmWalletKeyCipher.of(key(8)).decrypt("wal_1", sealed)).reason());
  }

  @Test
  void rotatesOnlineWithKeyVersions() {
    AesGcmWalletKeyCipher old = AesGcmWalletKeyCipher.of(key(1));
    String sealedOld = old.encrypt("wal_1", SecretSeed.of(SEED));
    AesGcmWalletKeyCipher rotated = AesGcmWalletKeyCipher.builder().key(1, key(1)).key(2, key(2)).current(2).build();
    assertArrayEquals(SEED.toCharArray(), rotated.decrypt("wal_1", sealedOld).reveal());
    assertTrue(rotated.needsRotation(sealedOld));
    String sealedNew = rotated.encrypt("wal_1", SecretSeed.of(SEED));
    assertTrue(sealedNew.startsWith("v2:"));
    assertFalse(rotated.needsRotation(sealedNew));
    assertEquals("v2", rotated.currentKeyVersion());
    assertEquals("v1", rotated.keyVersionOf(sealedOld));
    assertEquals("v2", rotated.keyVersionOf(sealedNew));
    assertEquals(Set.of("v1"), rotated.olderKeyVersions());
    AesGcmWalletKeyCipher onlyNew = AesGcmWalletKeyCipher.builder().key(2, key(2)).current(2).build();
    assertEquals(Reason.UNKNOWN_KEY_VERSION, assertThrows(WalletSecretException.class,
        () -> onlyNew.decrypt("wal_1", sealedOld)).reason(), "a dropped version no longer opens");
    assertArrayEquals(SEED.toCharArray(), onlyNew.decrypt("wal_1", sealedNew).reveal());
  }

  @Test
  void olderVersionsAreTheReadableOnesBelowTheCurrentWithLegacyOldestOfAll() {
    AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.builder().key(1, key(1)).key(2, key(2)).key(3, key(3))
        .current(2).legacyKey(key(9)).build();
    assertEquals(Set.of("legacy", "v1"), cipher.olderKeyVersions(), "v3 is newer: another instance rolled forward");
    assertEquals(Set.of("legacy", "v1", "v2", "v3"), cipher.readableKeyVersions());
    assertEquals("legacy", cipher.keyVersionOf(REFERENCE_STORED));
    assertEquals("AesGcmWalletKeyCipher[current=v2, readable=[legacy, v1, v2, v3]]", cipher.toString());
  }

  @Test
  void readsTheReferenceFormatMadeByNode() {
    AesGcmWalletKeyCipher cipher = withLegacy();
    try (SecretSeed seed = cipher.decrypt("wal_any", REFERENCE_STORED)) {
      assertEquals(REFERENCE_SEED, seedOf(seed));
    }
    try (SecretSeed seed = cipher.decrypt("wal_any", REFERENCE_STORED.toUpperCase())) {
      assertEquals(REFERENCE_SEED, seedOf(seed), "hex digits in either case");
    }
    assertEquals(178, REFERENCE_STORED.length());
  }

  @Test
  void readsTheReferenceFormatAsTheJdkLaysItOutLikeNode() throws Exception {
    byte[] iv = new byte[16];
    new java.security.SecureRandom().nextBytes(iv);
    javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(HexFormat.of().parseHex(
        REFERENCE_KEY), "AES"), new javax.crypto.spec.GCMParameterSpec(128, iv));
    byte[] sealed = jdk.doFinal(SEED.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(72, sealed.length, "56 bytes of seed + 16 of tag");
    HexFormat hex = HexFormat.of();
    String stored = hex.formatHex(iv) + ":" + hex.formatHex(sealed, 56, 72) + ":" + hex.formatHex(sealed, 0, 56);
    try (SecretSeed seed = withLegacy().decrypt("wal_any", stored)) {
      assertEquals(SEED, seedOf(seed));
    }
  }

  @Test
  void aMalformedReferenceSecretIsRefusedAsMalformed() {
    AesGcmWalletKeyCipher cipher = withLegacy();
    String[] parts = REFERENCE_STORED.split(":");
    List<String> malformed = List.of(
        parts[0] + ":" + parts[1],                                           // two parts
        parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + parts[2],        // four parts
        parts[0].substring(2) + ":" + parts[1] + ":" + parts[2],            // 15-byte IV
        "00" + parts[0] + ":" + parts[1] + ":" + parts[2],                  // 17-byte IV
        parts[0] + ":" + parts[1].substring(2) + ":" + parts[2],            // 15-byte tag
        parts[0] + ":" + parts[1] + ":" + parts[2].substring(1),            // odd hex
        parts[0] + ":" + parts[1] + ":" + parts[2].replace('a', 'g'),       // not hex
        parts[0] + ":" + parts[1] + ":",                                    // no ciphertext
        "",
        "v1:not base64!",
        "v0:AAAA",
        "x" + REFERENCE_STORED);
    for (String text : malformed) {
      WalletSecretException e = assertThrows(WalletSecretException.class, () -> cipher.decrypt("wal_1", text), text);
      assertEquals(Reason.MALFORMED, e.reason(), text);
    }
  }

  @Test
  void aTamperedReferenceSecretOrTheWrongKeyFailsAuthentication() {
    String[] parts = REFERENCE_STORED.split(":");
    char last = parts[2].charAt(parts[2].length() - 1);
    String alteredCiphertext = parts[0] + ":" + parts[1] + ":" + parts[2].substring(0, parts[2].length() - 1)
        + (last == '0' ? '1' : '0');
    String alteredTag = parts[0] + ":" + (parts[1].charAt(0) == '0' ? '1' : '0') + parts[1].substring(1) + ":"
        + parts[2];
    String alteredIv = (parts[0].charAt(0) == '0' ? '1' : '0') + parts[0].substring(1) + ":" + parts[1] + ":"
        + parts[2];
    for (String text : List.of(alteredCiphertext, alteredTag, alteredIv)) {
      assertEquals(Reason.AUTHENTICATION_FAILED, assertThrows(WalletSecretException.class,
          () -> withLegacy().decrypt("wal_1", text)).reason());
    }
    AesGcmWalletKeyCipher wrongKey = AesGcmWalletKeyCipher.builder().key(1, key(1)).current(1).legacyKey(key(5))
        .build();
    assertEquals(Reason.AUTHENTICATION_FAILED, assertThrows(WalletSecretException.class,
        () -> wrongKey.decrypt("wal_1", REFERENCE_STORED)).reason());
    assertEquals(Reason.UNKNOWN_KEY_VERSION, assertThrows(WalletSecretException.class,
        () -> AesGcmWalletKeyCipher.of(key(1)).decrypt("wal_1", REFERENCE_STORED)).reason(),
        "without a legacy key the reference format is not read");
  }

  @Test
  void noFailureMessageOrCauseCarriesTheSeedTheKeyOrTheCipherText() {
    AesGcmWalletKeyCipher cipher = withLegacy();
    String sealed = cipher.encrypt("wal_1", SecretSeed.of(SEED));
    List<Runnable> failures = List.of(
        () -> cipher.decrypt("wal_2", sealed),
        () -> AesGcmWalletKeyCipher.of(key(8)).decrypt("wal_1", sealed),
        () -> cipher.decrypt("wal_1", sealed.substring(0, sealed.length() - 4) + "AAAA"),
        () -> cipher.decrypt("wal_1", sealed.replace("v1:", "v7:")),
        () -> cipher.decrypt("wal_1", sealed + "#"),
        () -> AesGcmWalletKeyCipher.builder().key(1, key(1)).current(1).legacyKey(key(5)).build()
            .decrypt("wal_1", REFERENCE_STORED),
        () -> cipher.decrypt("wal_1", REFERENCE_STORED.substring(0, 170)),
        () -> cipher.keyVersionOf(REFERENCE_STORED + "z"),
        () -> AesGcmWalletKeyCipher.ofHex(REFERENCE_KEY.substring(2) + "zz"),
        () -> AesGcmWalletKeyCipher.builder().keyHex(1, REFERENCE_KEY.substring(1)));
    List<String> secrets = new ArrayList<>(List.of(SEED, REFERENCE_SEED, REFERENCE_KEY, REFERENCE_KEY.substring(2),
        HexFormat.of().formatHex(key(1)), HexFormat.of().formatHex(key(8)), sealed.substring(3, 20),
        REFERENCE_STORED.substring(0, 20), REFERENCE_STORED.substring(66, 90)));
    for (Runnable failure : failures) {
      RuntimeException e = assertThrows(RuntimeException.class, failure::run);
      StringBuilder text = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        text.append(t).append('\n');
        for (Throwable suppressed : t.getSuppressed()) {
          text.append(suppressed).append('\n');
        }
      }
      for (String secret : secrets) {
        assertFalse(text.toString().contains(secret), () -> "'" + text + "' reveals a secret");
      }
    }
    assertFalse(cipher.toString().contains(REFERENCE_KEY));
  }

  @Test
  void refusesBadKeys() {
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.of(new byte[16]));
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.ofHex("zz"));
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.builder().key(1, key(1)).current(2)
        .build());
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.builder().key(1, key(1)).current(1)
        .legacyKeyHex("00"));
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.builder().key(0, key(1)));
  }
}

package com.offerhub.orchestrator.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AesGcmWalletKeyCipherTest {
  private static final String SEED = "SBKGFRZ2HSUKKGV5JPNNJYBBGXD4UCYHYJ5Z4A6ABFKZ4FZ7XQHBXK5P";

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
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
    assertThrows(IllegalStateException.class, () -> cipher.decrypt("wal_2", sealed));
    char[] chars = sealed.toCharArray();
    chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
    assertThrows(IllegalStateException.class, () -> cipher.decrypt("wal_1", new String(chars)));
    assertThrows(IllegalStateException.class, () -> AesGcmWalletKeyCipher.of(key(8)).decrypt("wal_1", sealed));
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
  }

  @Test
  void refusesBadKeys() {
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.of(new byte[16]));
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.ofHex("zz"));
    assertThrows(IllegalArgumentException.class, () -> AesGcmWalletKeyCipher.builder().key(1, key(1)).current(2)
        .build());
  }
}

package com.offerhub.orchestrator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException.Reason;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WalletSecretsTest {
  // Two key pairs made with stellar-sdk 0.44.0 (KeyPair.fromSecretSeed of fixed bytes).
  private static final String SEED_A = "SCQKDIVDUSS2NJ5IVGVKXLFNV2X3BMNSWO2LLNVXXC43VO54XW7L65CQ";
  private static final String ACCOUNT_A = "GBH5BGOM2R6XRE675HWCIQKOZMGZWVBAEMVK2MGZDRDFXYZ4XZS4I64S";
  private static final String SEED_B = "SAIBCEQTCQKRMFYYDENBWHA5DYPSAIJCEMSCKJRHFAUSUKZMFUXC6Z7J";
  private static final String ACCOUNT_B = "GB3XN2DQXEZVJ4VAWJGCH4VDNTCOQDRCGIMMDOLZE365AGBZNIVZXZH7";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private static Wallet wallet(String id, String publicKey, String secret) {
    return new Wallet(id, "usr_" + id, publicKey, secret, null, WalletStatus.ACTIVE, true, T0, T0);
  }

  @Test
  void aSeedBelongsOnlyToItsOwnAccount() {
    assertTrue(SeedOwnership.belongsTo(SecretSeed.of(SEED_A), ACCOUNT_A));
    assertTrue(SeedOwnership.belongsTo(SecretSeed.of(SEED_B), ACCOUNT_B));
    assertFalse(SeedOwnership.belongsTo(SecretSeed.of(SEED_A), ACCOUNT_B));
    assertFalse(SeedOwnership.belongsTo(SecretSeed.of(SEED_B), ACCOUNT_A));
    assertFalse(SeedOwnership.belongsTo(SecretSeed.of(SEED_A), SEED_A), "a seed is not an account id");
    assertFalse(SeedOwnership.belongsTo(SecretSeed.of(ACCOUNT_A), ACCOUNT_A), "an account id is not a seed");
    String badChecksum = SEED_A.substring(0, 55) + (SEED_A.charAt(55) == 'Q' ? 'R' : 'Q');
    assertFalse(SeedOwnership.belongsTo(SecretSeed.of(badChecksum), ACCOUNT_A));
    assertFalse(SeedOwnership.belongsTo(SecretSeed.of("not a seed"), ACCOUNT_A));
    assertFalse(SeedOwnership.belongsTo(SecretSeed.of(SEED_A), "GABC"));
  }

  @Test
  void aLegacySecretMovedToAnotherWalletDecryptsButIsRefused() throws Exception {
    byte[] legacyKey = key(3);
    AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.builder().key(1, key(1)).current(1).legacyKey(legacyKey)
        .build();
    WalletSecrets secrets = new WalletSecrets(cipher);
    String legacyOfB = referenceFormat(legacyKey, SEED_B);
    try (SecretSeed own = secrets.open(wallet("wal_b", ACCOUNT_B, legacyOfB))) {
      assertEquals(SEED_B, new String(own.reveal()));
    }
    try (SecretSeed decrypted = cipher.decrypt("wal_a", legacyOfB)) {
      assertEquals(SEED_B, new String(decrypted.reveal()), "the legacy format binds nothing to the row");
    }
    WalletSecretException refused = assertThrows(WalletSecretException.class,
        () -> secrets.open(wallet("wal_a", ACCOUNT_A, legacyOfB)));
    assertEquals(Reason.WRONG_WALLET, refused.reason());
    assertEquals("wal_a", refused.walletId());
    assertFalse(refused.getMessage().contains(SEED_B));
    assertEquals(Reason.NO_SECRET, assertThrows(WalletSecretException.class,
        () -> secrets.open(wallet("wal_c", ACCOUNT_A, null))).reason());
  }

  @Test
  void aVersionedSecretOpensForItsWalletOnly() {
    AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.of(key(1));
    WalletSecrets secrets = new WalletSecrets(cipher);
    String sealed = cipher.encrypt("wal_a", SecretSeed.of(SEED_A));
    try (SecretSeed seed = secrets.open(wallet("wal_a", ACCOUNT_A, sealed))) {
      assertEquals(SEED_A, new String(seed.reveal()));
    }
    assertEquals(Reason.AUTHENTICATION_FAILED, assertThrows(WalletSecretException.class,
        () -> secrets.open(wallet("wal_b", ACCOUNT_B, sealed))).reason());
    String sealedForWrongKey = cipher.encrypt("wal_b", SecretSeed.of(SEED_A));
    assertEquals(Reason.WRONG_WALLET, assertThrows(WalletSecretException.class,
        () -> secrets.open(wallet("wal_b", ACCOUNT_B, sealedForWrongKey))).reason(),
        "bound to the row's id, yet not the row's key: refused all the same");
  }

  /** The reference's layout, written here independently of the reader under test. */
  private static String referenceFormat(byte[] key, String seed) throws Exception {
    byte[] iv = new byte[16];
    new java.security.SecureRandom().nextBytes(iv);
    javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, iv));
    byte[] sealed = jdk.doFinal(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.util.HexFormat hex = java.util.HexFormat.of();
    return hex.formatHex(iv) + ":" + hex.formatHex(sealed, sealed.length - 16, sealed.length) + ":"
        + hex.formatHex(sealed, 0, sealed.length - 16);
  }
}

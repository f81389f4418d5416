package com.offerhub.orchestrator.crypto;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 96-bit random nonce and the wallet id as associated data (ARCHITECTURE rule 9).
 * Cipher text format: {@code v<version>:<base64(nonce || ciphertext || tag)>}. Several key versions
 * may be known at once for online rotation; new encryptions use the current one. Thread-safe.
 */
public final class AesGcmWalletKeyCipher implements WalletKeyCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final Map<Integer, SecretKeySpec> keys;
  private final int currentVersion;
  private final SecureRandom random = new SecureRandom();

  private AesGcmWalletKeyCipher(Map<Integer, SecretKeySpec> keys, int currentVersion) {
    this.keys = Map.copyOf(keys);
    this.currentVersion = currentVersion;
  }

  /** A cipher with one 32-byte key as version 1. */
  public static AesGcmWalletKeyCipher of(byte[] key) {
    return builder().key(1, key).current(1).build();
  }

  /** A cipher from a key given as 64 hex characters. */
  public static AesGcmWalletKeyCipher ofHex(String hexKey) {
    return of(parseHex(hexKey));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects key versions; {@link #build()} refuses a missing or unknown current version. */
  public static final class Builder {
    private final Map<Integer, SecretKeySpec> keys = new LinkedHashMap<>();
    private int current = -1;

    public Builder key(int version, byte[] key) {
      if (key.length != 32) {
        throw new IllegalArgumentException("wallet encryption key must be 32 bytes, got " + key.length);
      }
      if (version < 1) {
        throw new IllegalArgumentException("key version must be >= 1");
      }
      keys.put(version, new SecretKeySpec(key.clone(), "AES"));
      return this;
    }

    public Builder current(int version) {
      this.current = version;
      return this;
    }

    public AesGcmWalletKeyCipher build() {
      if (!keys.containsKey(current)) {
        throw new IllegalArgumentException("current key version " + current + " is not among " + keys.keySet());
      }
      return new AesGcmWalletKeyCipher(keys, current);
    }
  }

  @Override
  public String encrypt(String walletId, SecretSeed secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    char[] chars = secret.reveal();
    ByteBuffer plain = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] plainBytes = new byte[plain.remaining()];
    plain.get(plainBytes);
    Arrays.fill(chars, '\0');
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentVersion), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(walletId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plainBytes);
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return "v" + currentVersion + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("wallet key encryption failed", e);
    } finally {
      Arrays.fill(plainBytes, (byte) 0);
    }
  }

  @Override
  public SecretSeed decrypt(String walletId, String cipherText) {
    int colon = cipherText.indexOf(':');
    if (!cipherText.startsWith("v") || colon < 2) {
      throw new IllegalStateException("wallet " + walletId + ": unrecognised cipher text format");
    }
    int version;
    try {
      version = Integer.parseInt(cipherText.substring(1, colon));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("wallet " + walletId + ": unrecognised key version", e);
    }
    SecretKeySpec key = keys.get(version);
    if (key == null) {
      throw new IllegalStateException("wallet " + walletId + ": key version " + version + " is not configured");
    }
    byte[] raw = Base64.getDecoder().decode(cipherText.substring(colon + 1));
    byte[] plain = null;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      cipher.updateAAD(walletId.getBytes(StandardCharsets.UTF_8));
      plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
      char[] seed = new char[chars.remaining()];
      chars.get(seed);
      SecretSeed result = new SecretSeed(seed);
      Arrays.fill(seed, '\0');
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("wallet " + walletId + ": secret failed authentication", e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** Whether the cipher text was made with an older key and should be re-encrypted. */
  public boolean needsRotation(String cipherText) {
    return !cipherText.startsWith("v" + currentVersion + ":");
  }

  static byte[] parseHex(String hex) {
    if (hex == null || hex.length() != 64 || !hex.matches("[0-9a-fA-F]+")) {
      throw new IllegalArgumentException("wallet encryption key must be 64 hex characters");
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}

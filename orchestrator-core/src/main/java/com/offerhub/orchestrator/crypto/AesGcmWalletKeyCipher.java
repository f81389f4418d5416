package com.offerhub.orchestrator.crypto;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM wallet key cipher (ARCHITECTURE rule 9, spec/04 §3.3-3.5). Writes
 * {@code v<version>:<base64(nonce(12) || ciphertext || tag(16))>} with the wallet id as associated
 * data. Reads every configured version and, when a legacy key is configured, the reference
 * implementation's format {@code hex(iv(16)):hex(tag(16)):hex(ciphertext)} (no associated data: the
 * caller's public-key check is what binds such a seed to its wallet). Key versions are named
 * {@code "v1"}, {@code "v2"}, ...; the legacy format is {@value #LEGACY} and counts as older than
 * every numbered version. Thread-safe; {@link #toString()} names versions only.
 *
 * <pre>{@code
 * AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.builder()
 *     .keyHex(1, oldKeyHex).keyHex(2, newKeyHex).current(2)   // rotation: v1 still readable
 *     .legacyKeyHex(referenceKeyHex)                          // rows migrated from the reference
 *     .build();
 * }</pre>
 */
public final class AesGcmWalletKeyCipher implements WalletKeyCipher {
  /** The key version name of the reference implementation's format. */
  public static final String LEGACY = "legacy";
  private static final int NONCE_BYTES = 12;
  private static final int LEGACY_IV_BYTES = 16;
  private static final int TAG_BYTES = 16;
  private static final Pattern VERSIONED = Pattern.compile("v([1-9][0-9]{0,8}):([A-Za-z0-9+/]+={0,2})");
  private static final Pattern LEGACY_FORMAT = Pattern.compile("[0-9a-fA-F]{32}:[0-9a-fA-F]{32}:(?:[0-9a-fA-F]{2})+");
  private final Map<Integer, SecretKeySpec> keys;
  private final SecretKeySpec legacyKey;
  private final int currentVersion;
  private final SecureRandom random = new SecureRandom();

  private AesGcmWalletKeyCipher(Map<Integer, SecretKeySpec> keys, SecretKeySpec legacyKey, int currentVersion) {
    this.keys = Map.copyOf(keys);
    this.legacyKey = legacyKey;
    this.currentVersion = currentVersion;
  }

  /** A cipher with one 32-byte key as version 1. */
  public static AesGcmWalletKeyCipher of(byte[] key) {
    return builder().key(1, key).current(1).build();
  }

  /** A cipher from a key given as 64 hex characters, as version 1. */
  public static AesGcmWalletKeyCipher ofHex(String hexKey) {
    return of(parseHex(hexKey, "wallet encryption key"));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects key versions; {@link #build()} refuses a missing or unknown current version. */
  public static final class Builder {
    private final Map<Integer, SecretKeySpec> keys = new TreeMap<>();
    private SecretKeySpec legacy;
    private int current = -1;

    private Builder() {}

    /** Adds a 32-byte key as version {@code version} (1 or more). */
    public Builder key(int version, byte[] key) {
      if (version < 1) {
        throw new IllegalArgumentException("key version must be >= 1");
      }
      keys.put(version, spec(key, "wallet encryption key v" + version));
      return this;
    }

    /** Adds a key given as 64 hex characters as version {@code version}. */
    public Builder keyHex(int version, String hexKey) {
      return key(version, parseHex(hexKey, "wallet encryption key v" + version));
    }

    /** The key that reads the reference implementation's format (never used to encrypt). */
    public Builder legacyKey(byte[] key) {
      this.legacy = spec(key, "legacy wallet encryption key");
      return this;
    }

    public Builder legacyKeyHex(String hexKey) {
      return legacyKey(parseHex(hexKey, "legacy wallet encryption key"));
    }

    /** The version new encryptions use. */
    public Builder current(int version) {
      this.current = version;
      return this;
    }

    public AesGcmWalletKeyCipher build() {
      if (!keys.containsKey(current)) {
        throw new IllegalArgumentException("current key version " + current + " is not among the configured "
            + keys.keySet());
      }
      return new AesGcmWalletKeyCipher(keys, legacy, current);
    }

    private static SecretKeySpec spec(byte[] key, String name) {
      if (key == null || key.length != 32) {
        throw new IllegalArgumentException(name + " must be 32 bytes, got " + (key == null ? 0 : key.length));
      }
      return new SecretKeySpec(key, "AES");
    }
  }

  @Override
  public String encrypt(String walletId, SecretSeed secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain = utf8(secret);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentVersion), new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(walletId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return "v" + currentVersion + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("wallet " + walletId + ": secret encryption failed (" + e.getClass()
          .getSimpleName() + ")");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public SecretSeed decrypt(String walletId, String cipherText) {
    if (cipherText == null) {
      throw new WalletSecretException(walletId, Reason.NO_SECRET, "no stored secret");
    }
    Matcher versioned = VERSIONED.matcher(cipherText);
    if (versioned.matches()) {
      int version = Integer.parseInt(versioned.group(1));
      SecretKeySpec key = keys.get(version);
      if (key == null) {
        throw new WalletSecretException(walletId, Reason.UNKNOWN_KEY_VERSION, "key version v" + version
            + " is not configured");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(versioned.group(2));
      } catch (IllegalArgumentException e) {
        throw malformed(walletId);
      }
      if (raw.length <= NONCE_BYTES + TAG_BYTES) {
        throw malformed(walletId);
      }
      return open(walletId, key, Arrays.copyOf(raw, NONCE_BYTES), raw, NONCE_BYTES, raw.length - NONCE_BYTES, true);
    }
    if (LEGACY_FORMAT.matcher(cipherText).matches()) {
      if (legacyKey == null) {
        throw new WalletSecretException(walletId, Reason.UNKNOWN_KEY_VERSION,
            "secret is in the legacy format and no legacy key is configured");
      }
      String[] parts = cipherText.split(":", -1);
      byte[] iv = hex(parts[0]);
      byte[] tag = hex(parts[1]);
      byte[] body = hex(parts[2]);
      // The JDK takes ciphertext || tag; the reference stores them apart, tag first.
      byte[] sealed = new byte[body.length + TAG_BYTES];
      System.arraycopy(body, 0, sealed, 0, body.length);
      System.arraycopy(tag, 0, sealed, body.length, TAG_BYTES);
      return open(walletId, legacyKey, iv, sealed, 0, sealed.length, false);
    }
    throw malformed(walletId);
  }

  private static SecretSeed open(String walletId, SecretKeySpec key, byte[] iv, byte[] input, int offset, int length,
      boolean bindWallet) {
    byte[] plain = null;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
      if (bindWallet) {
        cipher.updateAAD(walletId.getBytes(StandardCharsets.UTF_8));
      }
      plain = cipher.doFinal(input, offset, length);
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
      char[] seed = new char[chars.remaining()];
      chars.get(seed);
      if (chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
      SecretSeed result = new SecretSeed(seed);
      Arrays.fill(seed, '\0');
      return result;
    } catch (GeneralSecurityException e) {
      // The JDK's message ("Tag mismatch") holds nothing secret, but no cause is kept all the same.
      throw new WalletSecretException(walletId, Reason.AUTHENTICATION_FAILED,
          "secret failed authentication (altered, wrong key or another wallet's)");
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  @Override
  public String currentKeyVersion() {
    return "v" + currentVersion;
  }

  @Override
  public Set<String> olderKeyVersions() {
    Set<String> older = new LinkedHashSet<>();
    if (legacyKey != null) {
      older.add(LEGACY);
    }
    new TreeMap<>(keys).keySet().stream().filter(v -> v < currentVersion).forEach(v -> older.add("v" + v));
    return Set.copyOf(older);
  }

  /** Every version this cipher can decrypt, the current one and {@value #LEGACY} included. */
  public Set<String> readableKeyVersions() {
    Set<String> readable = new LinkedHashSet<>();
    if (legacyKey != null) {
      readable.add(LEGACY);
    }
    keys.keySet().forEach(v -> readable.add("v" + v));
    return Set.copyOf(readable);
  }

  @Override
  public String keyVersionOf(String cipherText) {
    if (cipherText != null) {
      Matcher versioned = VERSIONED.matcher(cipherText);
      if (versioned.matches()) {
        return "v" + Integer.parseInt(versioned.group(1));
      }
      if (LEGACY_FORMAT.matcher(cipherText).matches()) {
        return LEGACY;
      }
    }
    throw new WalletSecretException(null, Reason.MALFORMED, "secret is in no known format");
  }

  /** Whether the cipher text was made with another key version than the current one. */
  public boolean needsRotation(String cipherText) {
    try {
      return !keyVersionOf(cipherText).equals(currentKeyVersion());
    } catch (WalletSecretException e) {
      return true;
    }
  }

  @Override
  public String toString() {
    return "AesGcmWalletKeyCipher[current=" + currentKeyVersion() + ", readable="
        + readableKeyVersions().stream().sorted().toList() + "]";
  }

  private static WalletSecretException malformed(String walletId) {
    return new WalletSecretException(walletId, Reason.MALFORMED, "secret is in no known format");
  }

  private static byte[] utf8(SecretSeed secret) {
    char[] chars = secret.reveal();
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    Arrays.fill(chars, '\0');
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }

  /** Lower- or upper-case hex of even length (already checked by the format pattern). */
  private static byte[] hex(String text) {
    byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((Character.digit(text.charAt(2 * i), 16) << 4) | Character.digit(text.charAt(2 * i + 1), 16));
    }
    return out;
  }

  static byte[] parseHex(String hex, String name) {
    if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
      throw new IllegalArgumentException(name + " must be 64 hex characters");
    }
    return hex(hex);
  }
}

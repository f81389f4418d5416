package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API keys (spec/02 §5.2-5.3): {@code ohk_live_key_<32>_<48 hex>}, stored only as
 * {@code hex(SHA-256(salt + "." + key))} and compared in constant time. Thread-safe.
 */
public final class ApiKeyOperations {
  private static final Set<String> SCOPES = Set.of("read", "write", "support", "*");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final EngineContext engine;
  private final RequestContext ctx;

  ApiKeyOperations(EngineContext engine, RequestContext ctx) {
    this.engine = engine;
    this.ctx = ctx;
  }

  /** A new key and its plaintext, shown once. {@link #toString()} hides the plaintext. */
  public record CreatedApiKey(ApiKey key, String plaintext) implements java.io.Serializable {
    @Override
    public String toString() {
      return "CreatedApiKey[" + key + "]";
    }
  }

  private static final String SEAL_PREFIX = "api-key:";

  /** What the idempotency record stores for a created key: the key's row and its secret, encrypted. */
  private record Sealed(ApiKey key, String sealedKey) implements java.io.Serializable {}

  public CreatedApiKey create(String name, Set<String> scopes, String marketplaceId) {
    Check.text("name", name, 200);
    Check.notNull("scopes", scopes);
    if (scopes.isEmpty() || !SCOPES.containsAll(scopes)) {
      throw OrchestratorException.validation("scopes must be a non-empty subset of " + SCOPES);
    }
    Check.optionalText("marketplaceId", marketplaceId, Check.MAX_ID);
    String id = engine.ids.next("key_");
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    byte[] saltBytes = new byte[16];
    RANDOM.nextBytes(saltBytes);
    String plaintext = "ohk_live_" + id + "_" + HexFormat.of().formatHex(secret);
    String salt = HexFormat.of().formatHex(saltBytes);
    // The idempotency record keeps the new key sealed with the engine's cipher (like wallet secrets),
    // so a replay can hand the same key back while the database never holds it in clear.
    Sealed sealed = engine.tx.command(ctx, "apiKeys.create", name + "|" + scopes + "|" + marketplaceId, scope -> {
      ApiKey key = new ApiKey(id, name, hash(salt, plaintext), salt, scopes, marketplaceId, scope.now, null, null);
      scope.session.apiKeys().insert(key);
      scope.audit("API_KEY_CREATED", "api_key", id, null, Map.of(), Payloads.audit("name", name, "scopes", scopes));
      try (SecretSeed secretKey = SecretSeed.of(plaintext)) {
        return new Sealed(key, engine.cipher.encrypt(SEAL_PREFIX + id, secretKey));
      }
    }).result();
    try (SecretSeed opened = engine.cipher.decrypt(SEAL_PREFIX + sealed.key().id(), sealed.sealedKey())) {
      char[] chars = opened.reveal();
      try {
        return new CreatedApiKey(sealed.key(), new String(chars));
      } finally {
        java.util.Arrays.fill(chars, '\0');
      }
    }
  }

  public List<ApiKey> list(int offset, int limit) {
    Check.offset(offset);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.apiKeys().list(offset, limit));
  }

  /** As {@link #list}, after {@code after} (null: from the newest) rather than an offset. */
  public List<ApiKey> listAfter(Keyset after, int limit) {
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.apiKeys().listAfter(after, limit));
  }

  /** The key with this id, revoked or not (never its secret: only the salted hash is stored). */
  public Optional<ApiKey> find(String keyId) {
    if (keyId == null || keyId.isEmpty() || keyId.length() > Check.MAX_ID) {
      return Optional.empty();
    }
    return engine.tx.read(scope -> scope.session.apiKeys().find(keyId));
  }

  /** Revokes a key; NOT_FOUND when unknown. Revoking twice is harmless. */
  public ApiKey revoke(String keyId) {
    Check.id("keyId", keyId);
    return engine.tx.command(ctx, "apiKeys.revoke", keyId, scope -> {
      ApiKey key = scope.session.apiKeys().find(keyId).orElseThrow(() -> new OrchestratorException(
          ErrorCode.NOT_FOUND, "API key " + keyId + " not found"));
      if (key.isRevoked()) {
        return key;
      }
      ApiKey revoked = key.revoke(scope.now);
      scope.session.apiKeys().update(revoked);
      scope.audit("API_KEY_REVOKED", "api_key", keyId, null, Map.of(), Payloads.audit("revokedAt", scope.now));
      return revoked;
    }).result();
  }

  /**
   * The active key matching a presented secret, or empty. Format errors, unknown ids, revoked keys
   * and hash mismatches all give empty; the hash comparison is constant-time.
   */
  public Optional<ApiKey> verify(String presented) {
    if (presented == null || presented.length() > 200 || !presented.startsWith("ohk_")) {
      return Optional.empty();
    }
    String[] parts = presented.split("_");
    if (parts.length < 5) {
      return Optional.empty();
    }
    String keyId = parts[2] + "_" + parts[3];
    Optional<ApiKey> key = engine.tx.read(scope -> scope.session.apiKeys().find(keyId));
    if (key.isEmpty() || key.get().isRevoked()) {
      return Optional.empty();
    }
    byte[] expected = key.get().hashedKey().getBytes(StandardCharsets.US_ASCII);
    byte[] actual = hash(key.get().salt(), presented).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual) ? key : Optional.empty();
  }

  static String hash(String salt, String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest((salt + "." + key).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

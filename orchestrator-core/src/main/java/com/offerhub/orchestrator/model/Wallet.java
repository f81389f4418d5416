package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An invisible Stellar wallet (spec/01 §3.2). {@code secretEncrypted} is the cipher text produced by
 * the engine's {@code WalletKeyCipher} and {@code keyVersion} the key version it was sealed with
 * (null when the row was written without one, e.g. imported from the reference implementation);
 * the cipher text is excluded from {@link #toString()}.
 */
public record Wallet(String id, String userId, String publicKey, String secretEncrypted, String keyVersion,
    WalletStatus status, boolean primary, Instant createdAt, Instant updatedAt) implements Serializable {
  public Wallet {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Wallet withStatus(WalletStatus newStatus, Instant now) {
    return new Wallet(id, userId, publicKey, secretEncrypted, keyVersion, newStatus, primary, createdAt, now);
  }

  @Override
  public String toString() {
    return "Wallet[id=" + id + ", userId=" + userId + ", publicKey=" + publicKey + ", keyVersion=" + keyVersion
        + ", status=" + status + "]";
  }
}

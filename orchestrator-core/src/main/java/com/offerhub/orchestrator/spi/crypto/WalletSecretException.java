package com.offerhub.orchestrator.spi.crypto;

/**
 * A wallet secret could not be opened. The message names the wallet and the {@link Reason}; it never
 * carries the seed, key material or the cipher text, and no cause that could.
 */
public final class WalletSecretException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Why a secret could not be opened. */
  public enum Reason {
    /** The stored text is in no format this cipher reads. */
    MALFORMED,
    /** The text names a key version that is not configured. */
    UNKNOWN_KEY_VERSION,
    /** Authentication failed: the text was altered, the key is wrong, or it belongs to another wallet. */
    AUTHENTICATION_FAILED,
    /** The seed decrypted but its public key is not the wallet's. */
    WRONG_WALLET,
    /** The wallet has no stored secret. */
    NO_SECRET
  }

  private final String walletId;
  private final Reason reason;

  /** {@code walletId} may be null when no wallet is known (a format check alone). */
  public WalletSecretException(String walletId, Reason reason, String detail) {
    super(walletId == null ? detail : "wallet " + walletId + ": " + detail);
    this.walletId = walletId;
    this.reason = reason;
  }

  /** The wallet concerned, or null. */
  public String walletId() {
    return walletId;
  }

  public Reason reason() {
    return reason;
  }
}

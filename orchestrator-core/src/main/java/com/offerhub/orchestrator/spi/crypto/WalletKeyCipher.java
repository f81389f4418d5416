package com.offerhub.orchestrator.spi.crypto;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.util.Set;

/**
 * Encrypts wallet secret seeds at rest under named key versions, so the key can rotate online: new
 * encryptions use the current version while older ones stay readable until every row has been
 * re-encrypted. The wallet id is bound as associated data where the format allows it, so a cipher
 * text moved to another wallet fails to decrypt. Thread-safe.
 *
 * <p>Failures are {@link WalletSecretException}s whose messages name the wallet and the reason,
 * never the seed, the key or the cipher text.
 */
public interface WalletKeyCipher {
  /** Seals {@code secret} for {@code walletId} with the current key version. */
  String encrypt(String walletId, SecretSeed secret);

  /**
   * Opens a cipher text of any readable key version. The caller checks that the seed belongs to the
   * wallet's public key (a format without associated data cannot).
   *
   * @throws WalletSecretException if the text is malformed, its key version is not configured, or it
   *     fails authentication (tampered, wrong key or another wallet's)
   */
  SecretSeed decrypt(String walletId, String cipherText);

  /** The key version {@link #encrypt} uses, e.g. {@code "v2"}. */
  String currentKeyVersion();

  /**
   * The readable versions older than the current one: cipher texts sealed with them should be
   * re-encrypted. Versions newer than the current one are left alone (an instance already rolled
   * forward wrote them).
   */
  Set<String> olderKeyVersions();

  /**
   * The key version {@code cipherText} was sealed with, read from its format without decrypting.
   *
   * @throws WalletSecretException if the format is not recognised
   */
  String keyVersionOf(String cipherText);
}

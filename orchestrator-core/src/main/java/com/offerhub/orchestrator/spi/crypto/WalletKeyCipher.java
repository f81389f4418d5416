package com.offerhub.orchestrator.spi.crypto;

import com.offerhub.orchestrator.spi.chain.SecretSeed;

/**
 * Encrypts wallet secret seeds at rest. The wallet id is bound as associated data, so a cipher text
 * moved to another wallet fails to decrypt. Thread-safe.
 */
public interface WalletKeyCipher {
  String encrypt(String walletId, SecretSeed secret);

  /** @throws IllegalStateException if the cipher text was tampered with or the key is unknown */
  SecretSeed decrypt(String walletId, String cipherText);
}

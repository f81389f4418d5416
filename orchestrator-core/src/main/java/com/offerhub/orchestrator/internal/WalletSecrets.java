package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException;
import com.offerhub.orchestrator.spi.crypto.WalletSecretException.Reason;

/**
 * The one place that opens wallet secrets (spec/04 §3.4): decrypts with the engine's cipher, then
 * checks that the seed belongs to the wallet's public key (§3.3), whatever format it was stored in.
 * Callers sign and close the seed at once. Thread-safe.
 */
public final class WalletSecrets {
  private final WalletKeyCipher cipher;

  public WalletSecrets(WalletKeyCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * The wallet's seed, proven to be its own.
   *
   * @throws WalletSecretException if it cannot be opened or belongs to another account
   */
  public SecretSeed open(Wallet wallet) {
    if (wallet.secretEncrypted() == null) {
      throw new WalletSecretException(wallet.id(), Reason.NO_SECRET, "no stored secret");
    }
    SecretSeed seed = cipher.decrypt(wallet.id(), wallet.secretEncrypted());
    if (!SeedOwnership.belongsTo(seed, wallet.publicKey())) {
      seed.close();
      throw new WalletSecretException(wallet.id(), Reason.WRONG_WALLET,
          "stored secret does not belong to public key " + wallet.publicKey());
    }
    return seed;
  }
}

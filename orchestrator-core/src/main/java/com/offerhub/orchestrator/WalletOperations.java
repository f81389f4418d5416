package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.WalletActivation;
import com.offerhub.orchestrator.internal.WalletKeyRotation;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Wallet;

/** Users' invisible wallets: deposit address, on-chain balance, activation. Thread-safe. */
public final class WalletOperations {
  private final EngineContext engine;
  private final WalletActivation activation;
  private final WalletKeyRotation rotation;

  WalletOperations(EngineContext engine, WalletActivation activation, WalletKeyRotation rotation) {
    this.engine = engine;
    this.activation = activation;
    this.rotation = rotation;
  }

  /** The user's primary wallet; NOT_FOUND when the user has none. */
  public Wallet get(String userId) {
    Check.id("userId", userId);
    return engine.tx.read(scope -> scope.session.wallets().findPrimary(userId)).orElseThrow(
        () -> new OrchestratorException(ErrorCode.NOT_FOUND, "User " + userId + " has no wallet"));
  }

  /** The address deposits are paid to. */
  public String depositAddress(String userId) {
    return get(userId).publicKey();
  }

  /** The wallet's USDC balance as the chain reports it. */
  public Money onChainBalance(String userId) {
    String address = depositAddress(userId);
    try {
      return engine.chain.usdcBalance(address);
    } catch (RuntimeException e) {
      throw new OrchestratorException(ErrorCode.STELLAR_NETWORK_ERROR, "Could not read the balance of " + address,
          java.util.Map.of(), e);
    }
  }

  /** The wallet's native XLM balance as the chain reports it (zero before the account exists). */
  public Money onChainXlmBalance(String userId) {
    String address = depositAddress(userId);
    try {
      return engine.chain.xlmBalance(address);
    } catch (RuntimeException e) {
      throw new OrchestratorException(ErrorCode.STELLAR_NETWORK_ERROR, "Could not read the XLM balance of "
          + address, java.util.Map.of(), e);
    }
  }

  /** The wallet's recent USDC payments in and out, newest first (spec/02 op 23). */
  public java.util.List<com.offerhub.orchestrator.spi.chain.IncomingPayment> transactions(String userId, int limit) {
    Check.limit(limit);
    String address = depositAddress(userId);
    try {
      return engine.chain.recentPayments(address, limit);
    } catch (RuntimeException e) {
      throw new OrchestratorException(ErrorCode.STELLAR_NETWORK_ERROR, "Could not read the payments of " + address,
          java.util.Map.of(), e);
    }
  }

  /** Retries activation of wallets whose account or trustline is missing; returns how many succeeded. */
  public int activatePending() {
    return activation.activatePending(100);
  }

  /**
   * How many wallets hold a secret of each key version. Rotation: configure the new key as the
   * current version with the old ones still readable; the background jobs (or
   * {@link #reencryptSecrets}) move every wallet to it; drop an old version once
   * {@link KeyRotationProgress#inUse} says no wallet needs it (and, for API keys created with
   * idempotency keys, once the idempotency retention has passed since the switch: their stored
   * replies are sealed with the key current at the time).
   */
  public KeyRotationProgress keyRotation() {
    return new KeyRotationProgress(engine.cipher.currentKeyVersion(), engine.tx.read(scope -> scope.session
        .wallets().countByKeyVersion()));
  }

  /**
   * Re-encrypts at most {@code limit} wallet secrets of older key versions with the current one
   * (one batch of the background job); returns how many rows moved.
   */
  public int reencryptSecrets(int limit) {
    if (limit < 1 || limit > 10_000) {
      throw OrchestratorException.validation("limit must be between 1 and 10000");
    }
    return rotation.runOnce(limit);
  }
}

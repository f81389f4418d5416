package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activates wallets on chain (account + USDC trustline) outside any transaction, then records
 * ACTIVE. Activation is idempotent on the chain side, so a retry after a crash is harmless.
 */
public final class WalletActivation {
  private static final Logger LOG = LoggerFactory.getLogger(WalletActivation.class);
  private final EngineContext engine;

  public WalletActivation(EngineContext engine) {
    this.engine = engine;
  }

  /** Returns true when the wallet is active afterwards; failures are logged, not thrown. */
  public boolean tryActivate(Wallet wallet) {
    if (wallet.status() == WalletStatus.ACTIVE) {
      return true;
    }
    boolean active;
    try (SecretSeed seed = engine.secrets.open(wallet)) {
      active = engine.chain.activate(wallet.publicKey(), seed);
    } catch (RuntimeException e) {
      LOG.warn("activation of wallet {} failed, will retry: {}", wallet.id(), e.toString());
      return false;
    }
    if (active) {
      engine.tx.write(RequestContext.system(), scope -> {
        scope.session.wallets().find(wallet.id()).filter(w -> w.status() != WalletStatus.ACTIVE).ifPresent(w -> {
          scope.session.wallets().update(w.withStatus(WalletStatus.ACTIVE, scope.now));
          scope.audit("WALLET_ACTIVATED", "wallet", w.id(), w.userId(), Payloads.status(w.status()),
              Payloads.status(WalletStatus.ACTIVE));
        });
        return null;
      });
    }
    return active;
  }

  /** Activates up to {@code limit} pending wallets; returns how many became active. */
  public int activatePending(int limit) {
    List<Wallet> pending = engine.tx.read(scope -> scope.session.wallets().listByStatus(
        WalletStatus.PENDING_ACTIVATION, limit));
    int done = 0;
    for (Wallet wallet : pending) {
      if (tryActivate(wallet)) {
        done++;
      }
    }
    return done;
  }
}

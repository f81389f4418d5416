package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves wallet secrets sealed with an older key version (the reference's legacy format included)
 * to the current one, a bounded batch per run (spec/04 §3.5). Each seed is opened and checked
 * against its public key outside any transaction, sealed anew, then written by a conditional update
 * on the old cipher text, so a concurrent change (another instance's job) is never overwritten.
 * Rows that cannot be opened are logged by wallet id and left as they are; the walk goes on past
 * them by id and comes back to them on the next pass. Any number of instances may run it.
 */
public final class WalletKeyRotation {
  private static final Logger LOG = LoggerFactory.getLogger(WalletKeyRotation.class);
  private final EngineContext engine;
  private final AtomicReference<String> after = new AtomicReference<>();

  public WalletKeyRotation(EngineContext engine) {
    this.engine = engine;
  }

  /** One batch of at most {@code limit} rows; returns how many rows now carry the current version. */
  public int runOnce(int limit) {
    String current = engine.cipher.currentKeyVersion();
    Set<String> older = engine.cipher.olderKeyVersions();
    String from = after.get();
    List<Wallet> batch = engine.tx.read(scope -> scope.session.wallets().listForReencryption(older, from, limit));
    after.compareAndSet(from, batch.size() < limit ? null : batch.get(batch.size() - 1).id());
    List<String[]> changes = new ArrayList<>();
    for (Wallet wallet : batch) {
      String sealed = reseal(wallet, current, older);
      if (sealed != null) {
        changes.add(new String[] {wallet.id(), wallet.secretEncrypted(), sealed});
      }
    }
    if (changes.isEmpty()) {
      return 0;
    }
    int moved = engine.tx.write(RequestContext.system(), scope -> {
      int count = 0;
      for (String[] change : changes) {
        if (scope.session.wallets().replaceSecret(change[0], change[1], change[2], current)) {
          count++;
        }
      }
      return count;
    });
    if (moved > 0) {
      LOG.info("re-encrypted {} wallet secrets with key version {}", moved, current);
    }
    return moved;
  }

  /** The new cipher text, the old one when only the version was missing, or null to leave the row. */
  private String reseal(Wallet wallet, String current, Set<String> older) {
    try {
      String version = wallet.keyVersion() != null ? wallet.keyVersion()
          : engine.cipher.keyVersionOf(wallet.secretEncrypted());
      if (version.equals(current)) {
        return wallet.secretEncrypted();
      }
      if (!older.contains(version)) {
        return null;
      }
      try (SecretSeed seed = engine.secrets.open(wallet)) {
        return engine.cipher.encrypt(wallet.id(), seed);
      }
    } catch (RuntimeException e) {
      LOG.warn("wallet {}: secret not re-encrypted, left as stored: {}", wallet.id(), e.getMessage());
      return null;
    }
  }
}

package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The wallets of one {@link MemoryTransaction}, unique by public key. An update keeps the stored
 * secret and key version; only {@link #replaceSecret} changes them.
 */
final class MemoryWallets implements WalletRepository {
  private final TableView<Wallet> rows;

  MemoryWallets(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.wallets);
  }

  @Override
  public void insert(Wallet wallet) {
    rows.insert(wallet);
  }

  @Override
  public Optional<Wallet> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<Wallet> findPrimary(String userId) {
    return rows.scan().filter(w -> w.userId().equals(userId) && w.primary()).findFirst();
  }

  @Override
  public Optional<Wallet> findByPublicKey(String publicKey) {
    return rows.findUnique("publicKey", publicKey);
  }

  @Override
  public Set<String> knownPublicKeys(Collection<String> publicKeys) {
    Set<String> known = new HashSet<>();
    for (String key : publicKeys) {
      if (rows.findUnique("publicKey", key).isPresent()) {
        known.add(key);
      }
    }
    return known;
  }

  @Override
  public void update(Wallet wallet) {
    Wallet stored = rows.lockExisting(wallet.id());
    rows.update(new Wallet(wallet.id(), wallet.userId(), wallet.publicKey(), stored.secretEncrypted(),
        stored.keyVersion(), wallet.status(), wallet.primary(), wallet.createdAt(), wallet.updatedAt()));
  }

  @Override
  public List<Wallet> listByStatus(WalletStatus status, int limit) {
    return Pages.page(rows.scan().filter(w -> w.status() == status),
        Comparator.comparing(Wallet::createdAt).thenComparing(Wallet::id), 0, limit);
  }

  @Override
  public boolean replaceSecret(String id, String expectedSecret, String newSecret, String newKeyVersion) {
    Optional<Wallet> stored = rows.lock(id);
    if (stored.isEmpty() || !Objects.equals(stored.get().secretEncrypted(), expectedSecret)) {
      return false;
    }
    Wallet w = stored.get();
    rows.put(id, new Wallet(w.id(), w.userId(), w.publicKey(), newSecret, newKeyVersion, w.status(), w.primary(),
        w.createdAt(), w.updatedAt()));
    return true;
  }

  @Override
  public List<Wallet> listForReencryption(Set<String> keyVersions, String afterId, int limit) {
    return Pages.page(rows.scan().filter(w -> w.secretEncrypted() != null
        && (w.keyVersion() == null || keyVersions.contains(w.keyVersion()))
        && (afterId == null || w.id().compareTo(afterId) > 0)), Comparator.comparing(Wallet::id), 0, limit);
  }

  @Override
  public Map<String, Long> countByKeyVersion() {
    return rows.scan().filter(w -> w.secretEncrypted() != null).collect(Collectors.groupingBy(
        w -> w.keyVersion() == null ? UNRECORDED_KEY_VERSION : w.keyVersion(), Collectors.counting()));
  }
}

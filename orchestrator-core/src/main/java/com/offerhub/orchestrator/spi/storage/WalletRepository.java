package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Invisible wallets; {@code publicKey} is unique. */
public interface WalletRepository {
  /** The key of {@link #countByKeyVersion()} for rows stored without a key version. */
  String UNRECORDED_KEY_VERSION = "unrecorded";

  void insert(Wallet wallet);

  Optional<Wallet> find(String id);

  /** The primary wallet of a user. */
  Optional<Wallet> findPrimary(String userId);

  Optional<Wallet> findByPublicKey(String publicKey);

  /**
   * Which of {@code publicKeys} belong to a wallet, in one query: the deposit watcher filters a
   * page of a busy network's payments with it before it writes anything (at most a few hundred
   * keys a call).
   */
  Set<String> knownPublicKeys(Collection<String> publicKeys);

  /**
   * Writes status, primary flag and {@code updatedAt}. The secret and its key version are left as
   * stored: they change only through {@link #replaceSecret}, so a write of a row read before a
   * re-encryption never brings the old cipher text back.
   */
  void update(Wallet wallet);

  List<Wallet> listByStatus(WalletStatus status, int limit);

  /**
   * Replaces the wallet's secret only if it is still {@code expectedSecret} (one conditional
   * statement): a re-encryption never overwrites a concurrent change.
   *
   * @return whether the row was changed
   */
  boolean replaceSecret(String id, String expectedSecret, String newSecret, String newKeyVersion);

  /**
   * Wallets holding a secret whose key version is in {@code keyVersions} or was never recorded,
   * with an id after {@code afterId} (null: from the start), by id, at most {@code limit}.
   */
  List<Wallet> listForReencryption(Set<String> keyVersions, String afterId, int limit);

  /**
   * How many wallets hold a secret of each key version ({@link #UNRECORDED_KEY_VERSION} for rows
   * without one); versions with no row are absent.
   */
  Map<String, Long> countByKeyVersion();
}

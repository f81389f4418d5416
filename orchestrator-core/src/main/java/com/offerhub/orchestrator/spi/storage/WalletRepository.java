package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import java.util.List;
import java.util.Optional;

/** Invisible wallets; {@code publicKey} is unique. */
public interface WalletRepository {
  void insert(Wallet wallet);

  Optional<Wallet> find(String id);

  /** The primary wallet of a user. */
  Optional<Wallet> findPrimary(String userId);

  Optional<Wallet> findByPublicKey(String publicKey);

  void update(Wallet wallet);

  List<Wallet> listByStatus(WalletStatus status, int limit);
}

package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.User;
import java.util.List;
import java.util.Optional;

/** Users; {@code externalUserId} is unique. */
public interface UserRepository {
  /** @throws DuplicateKeyException if the id or externalUserId exists */
  void insert(User user);

  Optional<User> find(String id);

  Optional<User> findByExternalId(String externalUserId);

  /** Row-locks the user until the transaction ends. */
  Optional<User> lock(String id);

  void update(User user);

  /** Users ordered by creation time then id, newest first. */
  List<User> list(int offset, int limit);

  /** Users newest first, after {@code after} (null: from the newest), at most {@code limit}. */
  List<User> listAfter(Keyset after, int limit);
}

package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.UserRepository;
import java.util.List;
import java.util.Optional;

/** The users of one {@link MemoryTransaction}, unique by external user id. */
final class MemoryUsers implements UserRepository {
  private final TableView<User> rows;

  MemoryUsers(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.users);
  }

  @Override
  public void insert(User user) {
    rows.insert(user);
  }

  @Override
  public Optional<User> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<User> findByExternalId(String externalUserId) {
    return rows.findUnique("external", externalUserId);
  }

  @Override
  public Optional<User> lock(String id) {
    return rows.lock(id);
  }

  @Override
  public void update(User user) {
    rows.update(user);
  }

  @Override
  public List<User> list(int offset, int limit) {
    return Pages.pageNewestFirst(rows.scan(), User::createdAt, User::id, offset, limit);
  }

  @Override
  public List<User> listAfter(Keyset after, int limit) {
    return Pages.pageAfter(rows.scan(), User::createdAt, User::id, after, limit);
  }
}

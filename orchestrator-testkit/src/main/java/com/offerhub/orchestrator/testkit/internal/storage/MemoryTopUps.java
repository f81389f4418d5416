package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.TopUpRepository;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The top-ups of one {@link MemoryTransaction}, unique by payment provider reference. */
final class MemoryTopUps implements TopUpRepository {
  private final TableView<TopUp> rows;

  MemoryTopUps(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.topUps);
  }

  @Override
  public void insert(TopUp topUp) {
    rows.insert(topUp);
  }

  @Override
  public Optional<TopUp> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<TopUp> findByProviderRef(String providerRef) {
    return rows.findUnique("providerRef", providerRef);
  }

  @Override
  public Optional<TopUp> lock(String id) {
    return rows.lock(id);
  }

  @Override
  public void update(TopUp topUp) {
    rows.update(topUp);
  }

  @Override
  public List<TopUp> listByUser(String userId, int offset, int limit) {
    return Pages.pageNewestFirst(ofUser(userId), TopUp::createdAt, TopUp::id, offset, limit);
  }

  @Override
  public List<TopUp> listByUserAfter(String userId, Keyset after, int limit) {
    return Pages.pageAfter(ofUser(userId), TopUp::createdAt, TopUp::id, after, limit);
  }

  /** The top-ups of the user, or of everyone for null. */
  private Stream<TopUp> ofUser(String userId) {
    return rows.scan().filter(u -> userId == null || u.userId().equals(userId));
  }
}

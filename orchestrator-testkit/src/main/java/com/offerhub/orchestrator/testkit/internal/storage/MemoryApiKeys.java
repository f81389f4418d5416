package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.spi.storage.ApiKeyRepository;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.List;
import java.util.Optional;

/** The API keys of one {@link MemoryTransaction}, unique by hashed key. */
final class MemoryApiKeys implements ApiKeyRepository {
  private final TableView<ApiKey> rows;

  MemoryApiKeys(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.apiKeys);
  }

  @Override
  public void insert(ApiKey key) {
    rows.insert(key);
  }

  @Override
  public Optional<ApiKey> find(String id) {
    return rows.find(id);
  }

  @Override
  public void update(ApiKey key) {
    rows.update(key);
  }

  @Override
  public List<ApiKey> list(int offset, int limit) {
    return Pages.pageNewestFirst(rows.scan(), ApiKey::createdAt, ApiKey::id, offset, limit);
  }

  @Override
  public List<ApiKey> listAfter(Keyset after, int limit) {
    return Pages.pageAfter(rows.scan(), ApiKey::createdAt, ApiKey::id, after, limit);
  }
}

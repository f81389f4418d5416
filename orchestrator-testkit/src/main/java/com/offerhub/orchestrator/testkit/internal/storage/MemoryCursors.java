package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.CursorRepository;
import java.util.Optional;

/** The named scanner positions of one {@link MemoryTransaction}. */
final class MemoryCursors implements CursorRepository {
  private final TableView<MemoryDatabase.Cursor> rows;

  MemoryCursors(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.cursors);
  }

  @Override
  public Optional<String> get(String name) {
    return rows.find(name).map(MemoryDatabase.Cursor::value);
  }

  @Override
  public void put(String name, String value) {
    rows.lockKey(name);
    rows.put(name, new MemoryDatabase.Cursor(name, value));
  }
}

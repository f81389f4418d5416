package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.UnitOfWork;
import com.offerhub.orchestrator.testkit.internal.storage.MemoryDatabase;
import com.offerhub.orchestrator.testkit.internal.storage.MemoryTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage in memory with the semantics the engine relies on from PostgreSQL (see {@link Storage}):
 * a transaction's writes stay private until commit and vanish on rollback; row and unique-key locks
 * are held until the transaction ends, so concurrent commands race as they would on a database;
 * outbox sequences are assigned at commit, gap-free and in commit order. Thread-safe.
 */
public final class InMemoryStorage implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryStorage.class);
  private final MemoryDatabase db = new MemoryDatabase();

  @Override
  public <T> T inTransaction(UnitOfWork<T> work) {
    MemoryTransaction tx = new MemoryTransaction(db, false);
    boolean events;
    T result;
    try {
      result = work.run(tx);
      events = tx.commit();
    } finally {
      tx.rollback();
    }
    if (events) {
      notifyListeners();
    }
    return result;
  }

  @Override
  public <T> T read(UnitOfWork<T> work) {
    MemoryTransaction tx = new MemoryTransaction(db, true);
    try {
      return work.run(tx);
    } finally {
      tx.rollback();
    }
  }

  /** Holds the commit lock while {@code work} runs, so no commit lands between its reads. */
  @Override
  public <T> T readSnapshot(UnitOfWork<T> work) {
    return db.withoutCommits(() -> read(work));
  }

  @Override
  public void onOutboxCommit(Runnable listener) {
    db.outboxListeners().add(listener);
  }

  private void notifyListeners() {
    for (Runnable listener : db.outboxListeners()) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("outbox listener failed: {}", e.toString());
      }
    }
  }
}

package com.offerhub.orchestrator.spi.storage;

/**
 * The unit-of-work boundary. Every engine command runs inside one {@link #inTransaction} call:
 * everything written through the session commits together when the callback returns, or not at all
 * if it throws. Implementations are thread-safe; a session is not and must not escape its callback.
 *
 * <p>Concurrency contract (what the engine relies on, as PostgreSQL under READ COMMITTED gives it):
 * <ul>
 *   <li>{@code lock(id)} methods take a row lock held until the transaction ends; other
 *       transactions locking the same row wait.</li>
 *   <li>Unique inserts that would collide with an uncommitted row of another transaction wait for
 *       it to finish, then either succeed or see the committed duplicate.</li>
 *   <li>Reads see committed data plus the transaction's own writes.</li>
 *   <li>Outbox events get their sequence in commit order, without gaps.</li>
 * </ul>
 */
public interface Storage extends AutoCloseable {
  /** Runs {@code work} in a read-write transaction; commits on return, rolls back on any exception. */
  <T> T inTransaction(UnitOfWork<T> work);

  /** Runs {@code work} for reading only. Writes through the session are refused. */
  <T> T read(UnitOfWork<T> work);

  /**
   * Runs {@code work} for reading only in one consistent snapshot: every read of the callback sees
   * the same committed state, as if no other transaction committed meanwhile (PostgreSQL: a
   * REPEATABLE READ transaction). For reads that compare several tables, such as ledger
   * verification. Writes through the session are refused.
   */
  <T> T readSnapshot(UnitOfWork<T> work);

  /** Registers a callback invoked after each commit that appended outbox events (for live delivery). */
  void onOutboxCommit(Runnable listener);

  @Override
  default void close() {}
}

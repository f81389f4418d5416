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
 *   <li>Outbox events get gap-free sequences that never go backwards for a reader: once a reader
 *       saw sequence N, no event later gets N or less. A storage may number them at commit or
 *       shortly after it (PostgreSQL does, so that no command locks a shared row); then an event
 *       whose transaction read another's committed data comes after that one's events, and
 *       {@link #awaitSequenced} lets a caller read its own events.</li>
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

  /**
   * Registers a callback invoked after new outbox events got their sequences (for live delivery):
   * after the commit that appended them, or after a sequencer numbered them, on this instance or,
   * where the storage can tell, on another one. Callbacks must be quick; spurious calls are allowed.
   */
  void onOutboxCommit(Runnable listener);

  /**
   * Waits until every outbox event committed through this storage object before the call has its
   * sequence, so that a reader sees the events of its own instance's commits. Returns false if
   * that took longer than {@code timeout} (the events are still numbered later). Storages that
   * number events at commit return true at once.
   */
  default boolean awaitSequenced(java.time.Duration timeout) {
    return true;
  }

  @Override
  default void close() {}
}

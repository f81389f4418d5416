package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable on-chain flows. */
public interface SagaRepository {
  void insert(Saga saga);

  Optional<Saga> find(String id);

  /**
   * Row-locks the saga until the transaction ends, or returns empty when another transaction holds
   * the lock (skip-locked semantics), so two runners never drive one saga at once.
   */
  Optional<Saga> tryLock(String id);

  /**
   * Compare-and-set: stores {@code saga} only if the stored row still has {@code saga.version()}
   * (nobody wrote it since this copy was read), and then advances the stored version by one.
   * Returns whether it applied; a concurrent writer of the same row waits for this transaction and
   * then sees the new version.
   */
  boolean update(Saga saga);

  /** Ids of PENDING sagas due at {@code now} (nextAttemptAt at or before it), oldest first. */
  List<String> listDue(Instant now, int limit);

  /** The PENDING saga of a subject, if any. */
  Optional<Saga> findPendingBySubject(String subjectId);

  /**
   * Sagas newest first, ordered by {@code (createdAt DESC, id DESC)}: those in {@code state} (null:
   * any state) strictly after {@code after} (null: from the newest), at most {@code limit}. Answered
   * from an index in time proportional to the page.
   */
  List<Saga> listAfter(SagaState state, Keyset after, int limit);

  /** How many sagas are PENDING, and when the oldest of them was created (from an index). */
  Backlog pendingBacklog();

  /**
   * The PENDING sagas: their number, and the creation time of the oldest ({@code null} when there
   * is none).
   */
  record Backlog(long count, Instant oldestCreatedAt) {
    public Backlog {
      if (count < 0 || (count == 0) != (oldestCreatedAt == null)) {
        throw new IllegalArgumentException("count " + count + " with oldest " + oldestCreatedAt);
      }
    }
  }
}

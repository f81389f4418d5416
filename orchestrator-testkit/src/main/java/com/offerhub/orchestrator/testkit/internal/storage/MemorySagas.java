package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.SagaRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The sagas of one {@link MemoryTransaction}; an update succeeds only on the version it read. */
final class MemorySagas implements SagaRepository {
  private final TableView<Saga> rows;

  MemorySagas(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.sagas);
  }

  @Override
  public void insert(Saga saga) {
    rows.insert(saga);
  }

  @Override
  public Optional<Saga> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<Saga> tryLock(String id) {
    return rows.tryLock(id) ? rows.find(id) : Optional.empty();
  }

  @Override
  public boolean update(Saga saga) {
    Optional<Saga> current = rows.lock(saga.id());
    if (current.isEmpty() || current.get().version() != saga.version()) {
      return false;
    }
    rows.update(saga.nextVersion());
    return true;
  }

  @Override
  public List<String> listDue(Instant now, int limit) {
    return rows.scan().filter(s -> s.state() == SagaState.PENDING && !s.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(Saga::nextAttemptAt).thenComparing(Saga::createdAt)).limit(limit)
        .map(Saga::id).toList();
  }

  @Override
  public List<Saga> listAfter(SagaState state, Keyset after, int limit) {
    return Pages.pageAfter(rows.scan().filter(s -> state == null || s.state() == state), Saga::createdAt, Saga::id,
        after, limit);
  }

  @Override
  public Backlog pendingBacklog() {
    List<Instant> created = rows.scan().filter(s -> s.state() == SagaState.PENDING).map(Saga::createdAt).toList();
    return new Backlog(created.size(), created.stream().min(Comparator.naturalOrder()).orElse(null));
  }

  @Override
  public Optional<Saga> findPendingBySubject(String subjectId) {
    return rows.scan().filter(s -> s.state() == SagaState.PENDING && s.subjectId().equals(subjectId)).findFirst();
  }
}

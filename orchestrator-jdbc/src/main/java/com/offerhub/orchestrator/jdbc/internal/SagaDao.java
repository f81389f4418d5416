package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.SagaRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code oh_sagas} table: steps and data as JSON, updates conditional on the row's
 * {@code version} (optimistic), claims by {@code FOR UPDATE SKIP LOCKED}.
 */
@RegisterRowMapper(SagaDao.Mapper.class)
interface SagaDao extends SagaRepository, SqlObject {
  @SqlUpdate("INSERT INTO oh_sagas (id, kind, subject_id, state, steps, data, failure, next_attempt_at, created_at, "
      + "updated_at, lease_owner, version) VALUES (:id, :kind, :subjectId, :state, :stepsJson, :dataJson, :failure, "
      + ":nextAttemptAt, :createdAt, :updatedAt, :leaseOwner, :version)")
  void insert(@BindMethods Saga saga, @Bind("stepsJson") String steps, @Bind("dataJson") String data);

  @Override
  default void insert(Saga saga) {
    insert(saga, Codec.steps(saga.steps()), Codec.json(saga.data()));
  }

  @Override
  @SqlQuery("SELECT * FROM oh_sagas WHERE id = :id")
  Optional<Saga> find(@Bind("id") String id);

  @Override
  @SqlQuery("SELECT * FROM oh_sagas WHERE id = :id FOR UPDATE SKIP LOCKED")
  Optional<Saga> tryLock(@Bind("id") String id);

  /** Whether the row was still at {@code saga.version()} (it is then one version further). */
  @SqlUpdate("UPDATE oh_sagas SET state = :state, steps = :stepsJson, data = :dataJson, failure = :failure, "
      + "next_attempt_at = :nextAttemptAt, updated_at = :updatedAt, lease_owner = :leaseOwner, version = version + 1 "
      + "WHERE id = :id AND version = :version")
  boolean update(@BindMethods Saga saga, @Bind("stepsJson") String steps, @Bind("dataJson") String data);

  @Override
  default boolean update(Saga saga) {
    return update(saga, Codec.steps(saga.steps()), Codec.json(saga.data()));
  }

  @Override
  @SqlQuery("SELECT id FROM oh_sagas WHERE state = 'PENDING' AND next_attempt_at <= :now "
      + "ORDER BY next_attempt_at, created_at LIMIT :limit")
  List<String> listDue(@Bind("now") Instant now, @Bind("limit") int limit);

  @Override
  @SqlQuery("SELECT * FROM oh_sagas WHERE subject_id = :subjectId AND state = 'PENDING' LIMIT 1")
  Optional<Saga> findPendingBySubject(@Bind("subjectId") String subjectId);

  @Override
  default List<Saga> listAfter(SagaState state, Keyset after, int limit) {
    return Sql.newestFirst(getHandle(), "oh_sagas", state == null ? null : "state = ?",
        state == null ? List.of() : List.of(state.name()), after, limit).map(new Mapper()).list();
  }

  @Override
  default Backlog pendingBacklog() {
    return Sql.query(getHandle(), "SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM oh_sagas "
        + "WHERE state = 'PENDING'").map((rs, ctx) -> new Backlog(rs.getLong("pending"), instant(rs, "oldest"))).one();
  }

  /** A row of {@code oh_sagas}. */
  final class Mapper implements RowMapper<Saga> {
    @Override
    public Saga map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Saga(rs.getString("id"), SagaKind.valueOf(rs.getString("kind")), rs.getString("subject_id"),
          SagaState.valueOf(rs.getString("state")), Codec.steps(rs.getString("steps")),
          Codec.stringMap(rs.getString("data")), rs.getString("failure"), instant(rs, "next_attempt_at"),
          instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("lease_owner"), rs.getLong("version"));
    }
  }
}

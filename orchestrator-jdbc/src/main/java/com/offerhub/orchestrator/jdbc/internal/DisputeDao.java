package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;

import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.ResolutionDecision;
import com.offerhub.orchestrator.spi.storage.DisputeRepository;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oh_disputes} table and its {@code oh_dispute_evidence}, read and written together. */
@RegisterRowMapper(DisputeDao.Mapper.class)
@RegisterArgumentFactory(MoneyArgumentFactory.class)
interface DisputeDao extends DisputeRepository, SqlObject {
  @SqlUpdate("INSERT INTO oh_disputes (id, order_id, opened_by, reason, status, decision, decision_note, assigned_to, "
      + "release_amount, refund_amount, created_at, updated_at) VALUES (:id, :orderId, :openedBy, :reason, :status, "
      + ":decision, :decisionNote, :assignedTo, :releaseAmount, :refundAmount, :createdAt, :updatedAt)")
  void insertDispute(@BindMethods Dispute dispute);

  @SqlBatch("INSERT INTO oh_dispute_evidence (dispute_id, position, item) VALUES (:disputeId, :position, :item)")
  void insertEvidence(@Bind("disputeId") String disputeId, @Bind("position") List<Integer> positions,
      @Bind("item") List<String> items);

  @Override
  default void insert(Dispute dispute) {
    insertDispute(dispute);
    if (!dispute.evidence().isEmpty()) {
      insertEvidence(dispute.id(), IntStream.range(0, dispute.evidence().size()).boxed().toList(),
          dispute.evidence());
    }
  }

  @SqlQuery("SELECT * FROM oh_disputes WHERE id = :id")
  Optional<Dispute> findDispute(@Bind("id") String id);

  @SqlQuery("SELECT * FROM oh_disputes WHERE order_id = :orderId")
  Optional<Dispute> findDisputeByOrder(@Bind("orderId") String orderId);

  @SqlQuery("SELECT * FROM oh_disputes WHERE id = :id FOR UPDATE")
  Optional<Dispute> lockDispute(@Bind("id") String id);

  @SqlQuery("SELECT * FROM oh_disputes ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<Dispute> listDisputes(@Bind("offset") int offset, @Bind("limit") int limit);

  @SqlQuery("SELECT item FROM oh_dispute_evidence WHERE dispute_id = :disputeId ORDER BY position")
  List<String> evidence(@Bind("disputeId") String disputeId);

  @Override
  default Optional<Dispute> find(String id) {
    return findDispute(id).map(this::withEvidence);
  }

  @Override
  default Optional<Dispute> findByOrder(String orderId) {
    return findDisputeByOrder(orderId).map(this::withEvidence);
  }

  @Override
  default Optional<Dispute> lock(String id) {
    return lockDispute(id).map(this::withEvidence);
  }

  @Override
  default List<Dispute> list(int offset, int limit) {
    return listDisputes(offset, limit).stream().map(this::withEvidence).toList();
  }

  @Override
  default List<Dispute> listAfter(Keyset after, int limit) {
    return Sql.newestFirst(getHandle(), "oh_disputes", null, List.of(), after, limit).map(new Mapper()).list()
        .stream().map(this::withEvidence).toList();
  }

  private Dispute withEvidence(Dispute d) {
    return new Dispute(d.id(), d.orderId(), d.openedBy(), d.reason(), evidence(d.id()), d.status(), d.decision(),
        d.decisionNote(), d.assignedTo(), d.releaseAmount(), d.refundAmount(), d.createdAt(), d.updatedAt());
  }

  @Override
  @SqlUpdate("UPDATE oh_disputes SET status = :status, decision = :decision, decision_note = :decisionNote, "
      + "assigned_to = :assignedTo, release_amount = :releaseAmount, refund_amount = :refundAmount, "
      + "updated_at = :updatedAt WHERE id = :id")
  void update(@BindMethods Dispute dispute);

  /** A row of {@code oh_disputes}, without its evidence. */
  final class Mapper implements RowMapper<Dispute> {
    @Override
    public Dispute map(ResultSet rs, StatementContext ctx) throws SQLException {
      String decision = rs.getString("decision");
      return new Dispute(rs.getString("id"), rs.getString("order_id"), DisputeParty.valueOf(rs.getString("opened_by")),
          DisputeReason.valueOf(rs.getString("reason")), List.of(), DisputeStatus.valueOf(rs.getString("status")),
          decision == null ? null : ResolutionDecision.valueOf(decision), rs.getString("decision_note"),
          rs.getString("assigned_to"), money(rs, "release_amount"), money(rs, "refund_amount"),
          instant(rs, "created_at"), instant(rs, "updated_at"));
    }
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;

import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.EscrowStatus;
import com.offerhub.orchestrator.spi.storage.EscrowRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oh_escrows} table. */
@RegisterRowMapper(EscrowDao.Mapper.class)
@RegisterArgumentFactory(MoneyArgumentFactory.class)
interface EscrowDao extends EscrowRepository, SqlObject {
  @Override
  @SqlUpdate("INSERT INTO oh_escrows (id, order_id, contract_id, status, amount, platform_fee_bps, service_fee_bps, "
      + "milestones_required, treasury_user_id, funded_at, released_at, refunded_at, created_at, updated_at) "
      + "VALUES (:id, :orderId, :contractId, :status, :amount, :platformFeeBps, :serviceFeeBps, :milestonesRequired, "
      + ":treasuryUserId, :fundedAt, :releasedAt, :refundedAt, :createdAt, :updatedAt)")
  void insert(@BindMethods Escrow escrow);

  @Override
  @SqlQuery("SELECT * FROM oh_escrows WHERE id = :id")
  Optional<Escrow> find(@Bind("id") String id);

  @Override
  @SqlQuery("SELECT * FROM oh_escrows WHERE order_id = :orderId")
  Optional<Escrow> findByOrder(@Bind("orderId") String orderId);

  @Override
  @SqlQuery("SELECT * FROM oh_escrows WHERE contract_id = :contractId")
  Optional<Escrow> findByContract(@Bind("contractId") String contractId);

  @Override
  @SqlUpdate("UPDATE oh_escrows SET contract_id = :contractId, status = :status, service_fee_bps = :serviceFeeBps, "
      + "funded_at = :fundedAt, released_at = :releasedAt, refunded_at = :refundedAt, updated_at = :updatedAt "
      + "WHERE id = :id")
  void update(@BindMethods Escrow escrow);

  @Override
  @SqlUpdate("DELETE FROM oh_escrows WHERE id = :id")
  void delete(@Bind("id") String id);

  /** A row of {@code oh_escrows}. */
  final class Mapper implements RowMapper<Escrow> {
    @Override
    public Escrow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Escrow(rs.getString("id"), rs.getString("order_id"), rs.getString("contract_id"),
          EscrowStatus.valueOf(rs.getString("status")), money(rs, "amount"), rs.getInt("platform_fee_bps"),
          rs.getInt("service_fee_bps"), rs.getBoolean("milestones_required"), rs.getString("treasury_user_id"),
          instant(rs, "funded_at"), instant(rs, "released_at"), instant(rs, "refunded_at"), instant(rs, "created_at"),
          instant(rs, "updated_at"));
    }
  }
}

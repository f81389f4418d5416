package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.spi.storage.SettlementRepository.Entry;
import com.offerhub.orchestrator.spi.storage.SettlementRepository.Kind;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code oh_fiat_settlements} table: payments to settle and when; a claim moves {@code due_at}
 * to the end of the claimer's lease, so a row's {@code due_at} also says who holds it.
 */
@RegisterRowMapper(SettlementDao.Mapper.class)
interface SettlementDao extends SettlementRepository, SqlObject {
  @Override
  @SqlUpdate("INSERT INTO oh_fiat_settlements (payment_id, kind, due_at, attempts) VALUES (:paymentId, :kind, :dueAt, 0)")
  void add(@Bind("paymentId") String paymentId, @Bind("kind") Kind kind, @Bind("dueAt") Instant dueAt);

  @Override
  @SqlQuery("SELECT * FROM oh_fiat_settlements WHERE due_at <= :now ORDER BY due_at, payment_id LIMIT :limit")
  List<Entry> listDue(@Bind("now") Instant now, @Bind("limit") int limit);

  @Override
  @SqlUpdate("UPDATE oh_fiat_settlements SET due_at = :leaseUntil WHERE payment_id = :paymentId AND due_at <= :now")
  boolean claim(@Bind("paymentId") String paymentId, @Bind("now") Instant now,
      @Bind("leaseUntil") Instant leaseUntil);

  @Override
  @SqlUpdate("UPDATE oh_fiat_settlements SET due_at = :dueAt, attempts = :attempts WHERE payment_id = :paymentId "
      + "AND due_at = :leaseUntil")
  boolean reschedule(@Bind("paymentId") String paymentId, @Bind("leaseUntil") Instant leaseUntil,
      @Bind("dueAt") Instant dueAt, @Bind("attempts") int attempts);

  @Override
  @SqlUpdate("DELETE FROM oh_fiat_settlements WHERE payment_id = :paymentId")
  void remove(@Bind("paymentId") String paymentId);

  /** A row of {@code oh_fiat_settlements}. */
  final class Mapper implements RowMapper<Entry> {
    @Override
    public Entry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Entry(rs.getString("payment_id"), Kind.valueOf(rs.getString("kind")), instant(rs, "due_at"),
          rs.getInt("attempts"));
    }
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;

import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.WithdrawalRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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

/** The {@code oh_withdrawals} table. */
@RegisterRowMapper(WithdrawalDao.Mapper.class)
@RegisterArgumentFactory(MoneyArgumentFactory.class)
interface WithdrawalDao extends WithdrawalRepository, SqlObject {
  @Override
  @SqlUpdate("INSERT INTO oh_withdrawals (id, user_id, amount, currency, status, destination_type, destination_ref, "
      + "provider_ref, transaction_hash, failure_reason, description, created_at, updated_at) VALUES (:id, :userId, "
      + ":amount, :currency, :status, :destinationType, :destinationRef, :providerRef, :transactionHash, "
      + ":failureReason, :description, :createdAt, :updatedAt)")
  void insert(@BindMethods Withdrawal withdrawal);

  @Override
  @SqlQuery("SELECT * FROM oh_withdrawals WHERE id = :id")
  Optional<Withdrawal> find(@Bind("id") String id);

  @Override
  @SqlQuery("SELECT * FROM oh_withdrawals WHERE id = :id FOR UPDATE")
  Optional<Withdrawal> lock(@Bind("id") String id);

  @Override
  @SqlUpdate("UPDATE oh_withdrawals SET status = :status, provider_ref = :providerRef, "
      + "transaction_hash = :transactionHash, failure_reason = :failureReason, updated_at = :updatedAt WHERE id = :id")
  void update(@BindMethods Withdrawal withdrawal);

  @SqlQuery("SELECT * FROM oh_withdrawals ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<Withdrawal> listAll(@Bind("offset") int offset, @Bind("limit") int limit);

  @SqlQuery("SELECT * FROM oh_withdrawals WHERE user_id = :userId ORDER BY created_at DESC, id DESC "
      + "LIMIT :limit OFFSET :offset")
  List<Withdrawal> listOfUser(@Bind("userId") String userId, @Bind("offset") int offset, @Bind("limit") int limit);

  @Override
  default List<Withdrawal> listByUser(String userId, int offset, int limit) {
    return userId == null ? listAll(offset, limit) : listOfUser(userId, offset, limit);
  }

  @Override
  default List<Withdrawal> listByUserAfter(String userId, Keyset after, int limit) {
    return Sql.newestFirst(getHandle(), "oh_withdrawals", userId == null ? null : "user_id = ?",
        userId == null ? List.of() : List.of(userId), after, limit).map(new Mapper()).list();
  }

  /** A row of {@code oh_withdrawals}. */
  final class Mapper implements RowMapper<Withdrawal> {
    @Override
    public Withdrawal map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Withdrawal(rs.getString("id"), rs.getString("user_id"), money(rs, "amount"),
          rs.getString("currency"), WithdrawalStatus.valueOf(rs.getString("status")),
          DestinationType.valueOf(rs.getString("destination_type")), rs.getString("destination_ref"),
          rs.getString("provider_ref"), rs.getString("transaction_hash"), rs.getString("failure_reason"),
          rs.getString("description"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;

import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.spi.storage.DepositRepository;
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

/** The {@code oh_deposits} table: each credited on-chain payment once, by transaction and operation. */
@RegisterRowMapper(DepositDao.Mapper.class)
@RegisterArgumentFactory(MoneyArgumentFactory.class)
interface DepositDao extends DepositRepository, SqlObject {
  /** Whether the deposit is new (a duplicate inserts nothing). */
  @Override
  @SqlUpdate("INSERT INTO oh_deposits (transaction_hash, operation_index, user_id, wallet_address, amount, source, "
      + "credited_at, sender) VALUES (:transactionHash, :operationIndex, :userId, :walletAddress, :amount, :source, "
      + ":creditedAt, :sender) ON CONFLICT DO NOTHING")
  boolean insertIfAbsent(@BindMethods Deposit deposit);

  @Override
  @SqlQuery("SELECT * FROM oh_deposits WHERE transaction_hash = :hash AND operation_index = :index")
  Optional<Deposit> find(@Bind("hash") String hash, @Bind("index") int index);

  /** A row of {@code oh_deposits}. */
  final class Mapper implements RowMapper<Deposit> {
    @Override
    public Deposit map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Deposit(rs.getString("transaction_hash"), rs.getInt("operation_index"), rs.getString("user_id"),
          rs.getString("wallet_address"), money(rs, "amount"), rs.getString("source"), instant(rs, "credited_at"),
          rs.getString("sender"));
    }
  }
}

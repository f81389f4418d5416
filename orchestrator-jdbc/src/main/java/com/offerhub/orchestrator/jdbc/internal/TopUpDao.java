package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;

import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.TopUpStatus;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.TopUpRepository;
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

/** The {@code oh_topups} table. */
@RegisterRowMapper(TopUpDao.Mapper.class)
@RegisterArgumentFactory(MoneyArgumentFactory.class)
interface TopUpDao extends TopUpRepository, SqlObject {
  @Override
  @SqlUpdate("INSERT INTO oh_topups (id, user_id, amount, currency, status, confirmation_uri, provider_ref, "
      + "description, failure_reason, created_at, updated_at) VALUES (:id, :userId, :amount, :currency, :status, "
      + ":confirmationUri, :providerRef, :description, :failureReason, :createdAt, :updatedAt)")
  void insert(@BindMethods TopUp topUp);

  @Override
  @SqlQuery("SELECT * FROM oh_topups WHERE id = :id")
  Optional<TopUp> find(@Bind("id") String id);

  @Override
  @SqlQuery("SELECT * FROM oh_topups WHERE provider_ref = :providerRef")
  Optional<TopUp> findByProviderRef(@Bind("providerRef") String providerRef);

  @Override
  @SqlQuery("SELECT * FROM oh_topups WHERE id = :id FOR UPDATE")
  Optional<TopUp> lock(@Bind("id") String id);

  @Override
  @SqlUpdate("UPDATE oh_topups SET status = :status, confirmation_uri = :confirmationUri, provider_ref = :providerRef, "
      + "failure_reason = :failureReason, updated_at = :updatedAt WHERE id = :id")
  void update(@BindMethods TopUp topUp);

  @SqlQuery("SELECT * FROM oh_topups ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<TopUp> listAll(@Bind("offset") int offset, @Bind("limit") int limit);

  @SqlQuery("SELECT * FROM oh_topups WHERE user_id = :userId ORDER BY created_at DESC, id DESC "
      + "LIMIT :limit OFFSET :offset")
  List<TopUp> listOfUser(@Bind("userId") String userId, @Bind("offset") int offset, @Bind("limit") int limit);

  @Override
  default List<TopUp> listByUser(String userId, int offset, int limit) {
    return userId == null ? listAll(offset, limit) : listOfUser(userId, offset, limit);
  }

  @Override
  default List<TopUp> listByUserAfter(String userId, Keyset after, int limit) {
    return Sql.newestFirst(getHandle(), "oh_topups", userId == null ? null : "user_id = ?",
        userId == null ? List.of() : List.of(userId), after, limit).map(new Mapper()).list();
  }

  /** A row of {@code oh_topups}. */
  final class Mapper implements RowMapper<TopUp> {
    @Override
    public TopUp map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TopUp(rs.getString("id"), rs.getString("user_id"), money(rs, "amount"), rs.getString("currency"),
          TopUpStatus.valueOf(rs.getString("status")), rs.getString("confirmation_uri"), rs.getString("provider_ref"),
          rs.getString("description"), rs.getString("failure_reason"), instant(rs, "created_at"),
          instant(rs, "updated_at"));
    }
  }
}

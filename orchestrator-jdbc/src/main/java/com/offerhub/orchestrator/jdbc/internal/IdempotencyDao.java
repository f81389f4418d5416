package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.spi.storage.IdempotencyRepository;
import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oh_idempotency_keys} table; a stored response is Java-serialised (read back through a filter). */
@RegisterRowMapper(IdempotencyDao.Mapper.class)
interface IdempotencyDao extends IdempotencyRepository, SqlObject {
  @SqlUpdate("DELETE FROM oh_idempotency_keys WHERE scope = :scope AND idem_key = :key AND expires_at < :now")
  void deleteIfExpired(@Bind("scope") String scope, @Bind("key") String key, @Bind("now") Instant now);

  @SqlUpdate("INSERT INTO oh_idempotency_keys (scope, idem_key, fingerprint, response, created_at, expires_at) "
      + "VALUES (:scope, :key, :fingerprint, :responseBytes, :createdAt, :expiresAt) ON CONFLICT DO NOTHING")
  boolean insertIfAbsent(@BindMethods IdempotencyRecord claim, @Bind("responseBytes") byte[] response);

  @SqlQuery("SELECT * FROM oh_idempotency_keys WHERE scope = :scope AND idem_key = :key")
  Optional<IdempotencyRecord> find(@Bind("scope") String scope, @Bind("key") String key);

  /** Empty if the key is now this claim's (an expired holder is replaced), else the record that holds it. */
  @Override
  default Optional<IdempotencyRecord> claim(IdempotencyRecord claim, Instant now) {
    deleteIfExpired(claim.scope(), claim.key(), now);
    if (insertIfAbsent(claim, Codec.serialize(claim.response()))) {
      return Optional.empty();
    }
    return find(claim.scope(), claim.key());
  }

  @SqlUpdate("UPDATE oh_idempotency_keys SET response = :response WHERE scope = :scope AND idem_key = :key")
  void storeResponse(@Bind("scope") String scope, @Bind("key") String key, @Bind("response") byte[] response);

  @Override
  default void complete(String scope, String key, Serializable response) {
    storeResponse(scope, key, Codec.serialize(response));
  }

  @Override
  @SqlUpdate("DELETE FROM oh_idempotency_keys WHERE expires_at < :now")
  int deleteExpired(@Bind("now") Instant now);

  /** A row of {@code oh_idempotency_keys}. */
  final class Mapper implements RowMapper<IdempotencyRecord> {
    @Override
    public IdempotencyRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new IdempotencyRecord(rs.getString("scope"), rs.getString("idem_key"), rs.getString("fingerprint"),
          Codec.deserialize(rs.getBytes("response")), instant(rs, "created_at"), instant(rs, "expires_at"));
    }
  }
}

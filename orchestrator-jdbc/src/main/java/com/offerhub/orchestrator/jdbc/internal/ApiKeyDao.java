package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.spi.storage.ApiKeyRepository;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oh_api_keys} table; a key's scopes are stored sorted and comma-separated. */
@RegisterRowMapper(ApiKeyDao.Mapper.class)
interface ApiKeyDao extends ApiKeyRepository, SqlObject {
  @SqlUpdate("INSERT INTO oh_api_keys (id, name, hashed_key, salt, scopes, marketplace_id, created_at, last_used_at, "
      + "revoked_at) VALUES (:id, :name, :hashedKey, :salt, :scopeList, :marketplaceId, :createdAt, :lastUsedAt, "
      + ":revokedAt)")
  void insert(@BindMethods ApiKey key, @Bind("scopeList") String scopeList);

  @Override
  default void insert(ApiKey key) {
    insert(key, String.join(",", new TreeSet<>(key.scopes())));
  }

  @Override
  @SqlQuery("SELECT * FROM oh_api_keys WHERE id = :id")
  Optional<ApiKey> find(@Bind("id") String id);

  @Override
  @SqlUpdate("UPDATE oh_api_keys SET name = :name, last_used_at = :lastUsedAt, revoked_at = :revokedAt WHERE id = :id")
  void update(@BindMethods ApiKey key);

  @Override
  @SqlQuery("SELECT * FROM oh_api_keys ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<ApiKey> list(@Bind("offset") int offset, @Bind("limit") int limit);

  @Override
  default List<ApiKey> listAfter(Keyset after, int limit) {
    return Sql.newestFirst(getHandle(), "oh_api_keys", null, List.of(), after, limit).map(new Mapper()).list();
  }

  /** A row of {@code oh_api_keys}. */
  final class Mapper implements RowMapper<ApiKey> {
    @Override
    public ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("hashed_key"), rs.getString("salt"),
          new LinkedHashSet<>(Arrays.asList(rs.getString("scopes").split(","))), rs.getString("marketplace_id"),
          instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }
  }
}

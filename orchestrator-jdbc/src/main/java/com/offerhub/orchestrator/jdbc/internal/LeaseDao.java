package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * The {@code oh_leases} table: named leases, taken over by another owner once expired. Acquiring
 * differs by database: {@link Postgres} and {@link H2}.
 */
interface LeaseDao extends LeaseRepository, SqlObject {
  @Override
  @SqlUpdate("DELETE FROM oh_leases WHERE name = :name AND owner = :owner")
  boolean release(@Bind("name") String name, @Bind("owner") String owner);

  @Override
  @SqlQuery("SELECT * FROM oh_leases WHERE name = :name")
  @UseRowMapper(Mapper.class)
  Optional<Lease> find(@Bind("name") String name);

  /** On PostgreSQL: one upsert, conditional on the lease being the owner's or expired. */
  interface Postgres extends LeaseDao {
    @Override
    @SqlUpdate("INSERT INTO oh_leases (name, owner, expires_at) VALUES (:name, :owner, :expiresAt) "
        + "ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at "
        + "WHERE oh_leases.owner = EXCLUDED.owner OR oh_leases.expires_at <= :now")
    boolean tryAcquire(@Bind("name") String name, @Bind("owner") String owner, @Bind("now") Instant now,
        @Bind("expiresAt") Instant expiresAt);
  }

  /**
   * On H2, which has no ON CONFLICT DO UPDATE: the same condition as an update under the row's
   * lock, then an insert of which only one of several racing callers succeeds.
   */
  interface H2 extends LeaseDao {
    @SqlUpdate("UPDATE oh_leases SET owner = :owner, expires_at = :expiresAt WHERE name = :name "
        + "AND (owner = :owner OR expires_at <= :now)")
    boolean takeOver(@Bind("name") String name, @Bind("owner") String owner, @Bind("now") Instant now,
        @Bind("expiresAt") Instant expiresAt);

    @SqlUpdate("INSERT INTO oh_leases (name, owner, expires_at) VALUES (:name, :owner, :expiresAt) "
        + "ON CONFLICT DO NOTHING")
    boolean insertIfAbsent(@Bind("name") String name, @Bind("owner") String owner,
        @Bind("expiresAt") Instant expiresAt);

    @Override
    default boolean tryAcquire(String name, String owner, Instant now, Instant expiresAt) {
      return takeOver(name, owner, now, expiresAt) || insertIfAbsent(name, owner, expiresAt);
    }
  }

  /** A row of {@code oh_leases}. */
  final class Mapper implements RowMapper<Lease> {
    @Override
    public Lease map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Lease(rs.getString("name"), rs.getString("owner"), instant(rs, "expires_at"));
    }
  }
}

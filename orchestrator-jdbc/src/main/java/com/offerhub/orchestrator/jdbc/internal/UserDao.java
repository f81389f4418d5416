package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserStatus;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.UserRepository;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code oh_users} table. On every money command's path, so a plain class on JDBC rather than a
 * SQL Object (see {@link JdbcSession}).
 */
final class UserDao implements UserRepository {
  private static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getString("id"),
      rs.getString("external_user_id"), rs.getString("email"), UserType.valueOf(rs.getString("type")),
      UserStatus.valueOf(rs.getString("status")), rs.getString("airtm_user_id"), rs.getString("airtm_email"),
      instant(rs, "airtm_linked_at"), instant(rs, "created_at"), instant(rs, "updated_at"));

  private final Supplier<Handle> reads;
  private final Supplier<Handle> writes;

  /** {@code writes}: the handle for writes and row locks, which a read-only session refuses. */
  UserDao(Supplier<Handle> reads, Supplier<Handle> writes) {
    this.reads = reads;
    this.writes = writes;
  }

  @Override
  public void insert(User u) {
    Sql.update(writes.get(), "INSERT INTO oh_users (id, external_user_id, email, type, status, airtm_user_id, "
        + "airtm_email, airtm_linked_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", u.id(),
        u.externalUserId(), u.email(), u.type().name(), u.status().name(), u.airtmUserId(), u.airtmEmail(),
        ts(u.airtmLinkedAt()), ts(u.createdAt()), ts(u.updatedAt()));
  }

  @Override
  public Optional<User> find(String id) {
    return Sql.one(reads.get(), USER, "SELECT * FROM oh_users WHERE id = ?", id);
  }

  @Override
  public Optional<User> findByExternalId(String externalUserId) {
    return Sql.one(reads.get(), USER, "SELECT * FROM oh_users WHERE external_user_id = ?", externalUserId);
  }

  @Override
  public Optional<User> lock(String id) {
    return Sql.one(writes.get(), USER, "SELECT * FROM oh_users WHERE id = ? FOR UPDATE", id);
  }

  @Override
  public void update(User u) {
    Sql.update(writes.get(), "UPDATE oh_users SET email = ?, type = ?, status = ?, airtm_user_id = ?, "
        + "airtm_email = ?, airtm_linked_at = ?, updated_at = ? WHERE id = ?", u.email(), u.type().name(),
        u.status().name(), u.airtmUserId(), u.airtmEmail(), ts(u.airtmLinkedAt()), ts(u.updatedAt()), u.id());
  }

  @Override
  public List<User> list(int offset, int limit) {
    return Sql.query(reads.get(), "SELECT * FROM oh_users ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", limit,
        offset).map(USER).list();
  }

  @Override
  public List<User> listAfter(Keyset after, int limit) {
    return Sql.newestFirst(reads.get(), "oh_users", null, List.of(), after, limit).map(USER).list();
  }
}

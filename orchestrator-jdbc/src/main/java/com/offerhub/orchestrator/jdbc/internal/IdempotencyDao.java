package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.spi.storage.IdempotencyRepository;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code oh_idempotency_keys} table; a stored response is encoded by {@link Codec} (JSON for
 * our plain records, else Java serialisation read back through a filter). Every keyed command claims a key here, so a plain class on JDBC (see {@link JdbcSession}).
 * On PostgreSQL a claim is one statement: an insert that takes over an expired holder's row.
 */
final class IdempotencyDao implements IdempotencyRepository {
  private static final RowMapper<IdempotencyRecord> RECORD = (rs, ctx) -> new IdempotencyRecord(
      rs.getString("scope"), rs.getString("idem_key"), rs.getString("fingerprint"),
      Codec.deserialize(rs.getBytes("response")), instant(rs, "created_at"), instant(rs, "expires_at"));
  private static final String INSERT = "INSERT INTO oh_idempotency_keys (scope, idem_key, fingerprint, response, "
      + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) ";

  private final Supplier<Handle> reads;
  private final Supplier<Handle> writes;
  private final WriteBehind waiting;
  private final boolean postgres;

  /**
   * {@code writes}: the handle for writes, which a read-only session refuses; {@code reads} and
   * {@code writes} must first write the responses {@code waiting} holds.
   */
  IdempotencyDao(Supplier<Handle> reads, Supplier<Handle> writes, WriteBehind waiting, boolean postgres) {
    this.reads = reads;
    this.writes = writes;
    this.waiting = waiting;
    this.postgres = postgres;
  }

  /** Empty if the key is now this claim's (an expired holder is replaced), else the record that holds it. */
  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, Instant now) {
    Handle handle = writes.get();
    Object[] args = {claim.scope(), claim.key(), claim.fingerprint(), Codec.serialize(claim.response()),
        ts(claim.createdAt()), ts(claim.expiresAt())};
    int claimed;
    if (postgres) {
      Object[] withNow = java.util.Arrays.copyOf(args, args.length + 1);
      withNow[args.length] = ts(now);
      claimed = Sql.update(handle, INSERT + "ON CONFLICT (scope, idem_key) DO UPDATE SET fingerprint = "
          + "EXCLUDED.fingerprint, response = EXCLUDED.response, created_at = EXCLUDED.created_at, expires_at = "
          + "EXCLUDED.expires_at WHERE oh_idempotency_keys.expires_at < ?", withNow);
    } else {
      Sql.update(handle, "DELETE FROM oh_idempotency_keys WHERE scope = ? AND idem_key = ? AND expires_at < ?",
          claim.scope(), claim.key(), ts(now));
      claimed = Sql.update(handle, INSERT + "ON CONFLICT DO NOTHING", args);
    }
    return claimed == 1 ? Optional.empty() : find(claim.scope(), claim.key());
  }

  /** Held until the transaction's last statement (see {@link WriteBehind}). */
  @Override
  public void complete(String scope, String key, Serializable response) {
    writes.get();
    waiting.response(scope, key, Codec.serialize(response));
  }

  private Optional<IdempotencyRecord> find(String scope, String key) {
    return Sql.one(reads.get(), RECORD, "SELECT * FROM oh_idempotency_keys WHERE scope = ? AND idem_key = ?", scope,
        key);
  }

  @Override
  public int deleteExpired(Instant now) {
    return Sql.update(writes.get(), "DELETE FROM oh_idempotency_keys WHERE expires_at < ?", ts(now));
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code oh_balances} table: one row per user, changed only by conditional single-statement
 * updates. On every money command's path, so a plain class on JDBC rather than a SQL Object (see
 * {@link JdbcSession}).
 */
final class BalanceDao implements BalanceRepository {
  private static final RowMapper<Balance> BALANCE = (rs, ctx) -> new Balance(rs.getString("user_id"),
      money(rs, "available"), money(rs, "reserved"), rs.getString("currency"), instant(rs, "updated_at"));

  private final Supplier<Handle> reads;
  private final Supplier<Handle> writes;
  private final boolean postgres;

  /** {@code writes}: the handle for writes and row locks, which a read-only session refuses. */
  BalanceDao(Supplier<Handle> reads, Supplier<Handle> writes, boolean postgres) {
    this.reads = reads;
    this.writes = writes;
    this.postgres = postgres;
  }

  @Override
  public void create(String userId, Instant now) {
    Sql.update(writes.get(), "INSERT INTO oh_balances (user_id, available, reserved, currency, updated_at) "
        + "VALUES (?, 0, 0, 'USD', ?) ON CONFLICT DO NOTHING", userId, ts(now));
  }

  @Override
  public Optional<Balance> find(String userId) {
    return Sql.one(reads.get(), BALANCE, "SELECT * FROM oh_balances WHERE user_id = ?", userId);
  }

  @Override
  public Optional<Balance> adjust(String userId, Money availableDelta, Money reservedDelta, Instant now) {
    long a = availableDelta.stroops();
    long r = reservedDelta.stroops();
    // Bounds computed here so that no SQL expression can overflow: the new available and reserved
    // are at least 0 and their total at most Long.MAX_VALUE (then each of them is too).
    BigInteger maxTotal = BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.valueOf(a))
        .subtract(BigInteger.valueOf(r));
    if (maxTotal.signum() < 0) {
      return Optional.empty();
    }
    long totalBefore = maxTotal.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    String update = "UPDATE oh_balances SET available = available + ?, reserved = reserved + ?, updated_at = ? "
        + "WHERE user_id = ? AND available >= ? AND reserved >= ? AND available <= ? - reserved";
    Object[] args = {a, r, ts(now), userId, a < 0 ? -a : 0L, r < 0 ? -r : 0L, totalBefore};
    if (postgres) {
      // the new balance comes back with the update: no read after it
      return Sql.one(writes.get(), BALANCE, update + " RETURNING *", args);
    }
    return Sql.update(writes.get(), update, args) == 1 ? find(userId) : Optional.empty();
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    long[] bounds = bounds(availableDelta, reservedDelta);
    if (bounds == null) {
      return Optional.empty();
    }
    String update = "UPDATE oh_balances SET available = available + ?, reserved = reserved + ?, updated_at = ? "
        + "WHERE user_id = ? AND available >= ? AND reserved >= ? AND available <= ? - reserved";
    Object[] args = {bounds[0], bounds[1], ts(now), userId, bounds[2], bounds[3], bounds[4]};
    if (postgres) {
      // the new balance comes back with the update: no read after it
      return Sql.one(writes.get(), BALANCE, update + " RETURNING *", args);
    }
    return Sql.update(writes.get(), update, args) == 1 ? find(userId) : Optional.empty();
  }

  /**
   * PostgreSQL: every user's change in one {@code UPDATE ... FROM (VALUES ...) RETURNING}, each row
   * under the same conditions as {@link #adjust}; a refused row is neither changed nor returned.
   */
  @Override
  public Map<String, Balance> adjustAll(List<Adjustment> adjustments, Instant now) {
    if (!postgres) {
      return BalanceRepository.super.adjustAll(adjustments, now);
    }
    List<Object> args = new ArrayList<>();
    args.add(ts(now));
    int rows = 0;
    for (Adjustment adjustment : adjustments) {
      long[] bounds = bounds(adjustment.availableDelta(), adjustment.reservedDelta());
      if (bounds != null) {
        args.add(adjustment.userId());
        for (long bound : bounds) {
          args.add(bound);
        }
        rows++;
      }
    }
    Map<String, Balance> after = new LinkedHashMap<>();
    if (rows > 0) {
      Sql.list(writes.get(), BALANCE, ADJUST_ALL.text(rows), args.toArray()).forEach(b -> after.put(b.userId(), b));
    }
    return after;
  }

  private static final Sql.Texts ADJUST_ALL = new Sql.Texts(n -> "UPDATE oh_balances b SET available = b.available "
      + "+ v.da, reserved = b.reserved + v.dr, updated_at = ? FROM (VALUES " + String.join(", ", Collections.nCopies(n,
          "(CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), "
          + "CAST(? AS BIGINT))")) + ") AS v(user_id, da, dr, min_available, min_reserved, max_total) WHERE "
      + "b.user_id = v.user_id AND b.available >= v.min_available AND b.reserved >= v.min_reserved AND "
      + "b.available <= v.max_total - b.reserved RETURNING b.*");

  /**
   * The deltas and the bounds that keep a change from overflowing in SQL: {available delta, reserved
   * delta, least available, least reserved, most total before}, so that the new available and
   * reserved are at least 0 and their total at most {@link Long#MAX_VALUE} (then each of them is
   * too); null when no balance can take the change.
   */
  private static long[] bounds(Money availableDelta, Money reservedDelta) {
    long a = availableDelta.stroops();
    long r = reservedDelta.stroops();
    BigInteger maxTotal = BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.valueOf(a))
        .subtract(BigInteger.valueOf(r));
    if (maxTotal.signum() < 0) {
      return null;
    }
    long totalBefore = maxTotal.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    return new long[] {a, r, a < 0 ? -a : 0L, r < 0 ? -r : 0L, totalBefore};
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.spi.storage.PermitRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * The {@code oh_rate_permits} table: a limiter's {@code limit} slots, each holding when it was last
 * taken; a permit is the slot taken longest ago, if that was a window ago or more. The
 * {@code oh_rate_windows} table: fixed-window counters, counted differently by database:
 * {@link Postgres} and {@link H2}.
 */
interface PermitDao extends PermitRepository, SqlObject {
  /**
   * Takes the slot taken longest ago if its time has left the window; concurrent takers of one
   * slot queue on its row lock and all but the first then fail the re-checked condition.
   */
  @Override
  default boolean tryTake(String limiter, int limit, Duration window, Instant now) {
    if (takeOldest(limiter, limit, now.minus(window), now)) {
      return true;
    }
    if (slots(limiter, limit) < limit) {
      addSlots(limiter, IntStream.range(0, limit).boxed().toList(), Instant.EPOCH);
      return takeOldest(limiter, limit, now.minus(window), now);
    }
    return false;
  }

  @SqlUpdate("UPDATE oh_rate_permits SET taken_at = :now WHERE limiter = :limiter AND taken_at <= :freeBefore "
      + "AND slot = (SELECT slot FROM oh_rate_permits WHERE limiter = :limiter AND slot < :limit "
      + "ORDER BY taken_at, slot LIMIT 1)")
  boolean takeOldest(@Bind("limiter") String limiter, @Bind("limit") int limit,
      @Bind("freeBefore") Instant freeBefore, @Bind("now") Instant now);

  @SqlQuery("SELECT COUNT(*) FROM oh_rate_permits WHERE limiter = :limiter AND slot < :limit")
  int slots(@Bind("limiter") String limiter, @Bind("limit") int limit);

  @SqlBatch("INSERT INTO oh_rate_permits (limiter, slot, taken_at) VALUES (:limiter, :slot, :takenAt) "
      + "ON CONFLICT DO NOTHING")
  void addSlots(@Bind("limiter") String limiter, @Bind("slot") Iterable<Integer> slots,
      @Bind("takenAt") Instant takenAt);

  @Override
  default Instant nextFree(String limiter, int limit, Duration window) {
    if (slots(limiter, limit) < limit) {
      return Instant.EPOCH.plus(window);
    }
    return oldest(limiter, limit).plus(window);
  }

  @SqlQuery("SELECT MIN(taken_at) FROM oh_rate_permits WHERE limiter = :limiter AND slot < :limit")
  Instant oldest(@Bind("limiter") String limiter, @Bind("limit") int limit);

  @Override
  @SqlUpdate("DELETE FROM oh_rate_windows WHERE window_start <= :startedBefore")
  int deleteWindowsBefore(@Bind("startedBefore") Instant startedBefore);

  /**
   * On PostgreSQL: a hit is one upsert, which returns the counter as it left it. The same statement
   * turns {@code synchronous_commit} off for its transaction (set_config local to it): the commit
   * then does not wait for the WAL to reach the disk, which was most of a hit's cost (about 3 ms of
   * 3.5 on a local database). A crash may lose the last hits counted, a loss a rate limit can take.
   */
  interface Postgres extends PermitDao {
    @Override
    default WindowCount countHit(String counter, Duration window, Instant now) {
      return upsertHit(counter, now, now.minus(window));
    }

    // Every SET expression reads the row as it was before the update, so both see the old window.
    @SqlQuery("INSERT INTO oh_rate_windows AS w (counter, window_start, hits) SELECT :counter, :now, 1 "
        + "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_wal_wait "
        + "ON CONFLICT (counter) DO UPDATE SET "
        + "hits = CASE WHEN w.window_start <= :ended THEN 1 ELSE w.hits + 1 END, "
        + "window_start = CASE WHEN w.window_start <= :ended THEN EXCLUDED.window_start ELSE w.window_start END "
        + "RETURNING hits, window_start")
    @UseRowMapper(WindowMapper.class)
    WindowCount upsertHit(@Bind("counter") String counter, @Bind("now") Instant now, @Bind("ended") Instant ended);
  }

  /**
   * On H2, which has no ON CONFLICT DO UPDATE: an update under the row's lock, else an insert of
   * which one of several racing callers succeeds (the others update after it), then a read of the
   * row, still locked by this transaction. H2 is embedded in one process: the extra statements
   * cost no round trip.
   */
  interface H2 extends PermitDao {
    @Override
    default WindowCount countHit(String counter, Duration window, Instant now) {
      Instant ended = now.minus(window);
      if (!hit(counter, now, ended) && !insertFirst(counter, now) && !hit(counter, now, ended)) {
        throw new IllegalStateException("the window counter " + counter + " was neither inserted nor updated");
      }
      return read(counter);
    }

    @SqlUpdate("UPDATE oh_rate_windows SET hits = CASE WHEN window_start <= :ended THEN 1 ELSE hits + 1 END, "
        + "window_start = CASE WHEN window_start <= :ended THEN :now ELSE window_start END WHERE counter = :counter")
    boolean hit(@Bind("counter") String counter, @Bind("now") Instant now, @Bind("ended") Instant ended);

    @SqlUpdate("INSERT INTO oh_rate_windows (counter, window_start, hits) VALUES (:counter, :now, 1) "
        + "ON CONFLICT DO NOTHING")
    boolean insertFirst(@Bind("counter") String counter, @Bind("now") Instant now);

    @SqlQuery("SELECT hits, window_start FROM oh_rate_windows WHERE counter = :counter")
    @UseRowMapper(WindowMapper.class)
    WindowCount read(@Bind("counter") String counter);
  }

  /** {@code hits, window_start} of an {@code oh_rate_windows} row. */
  final class WindowMapper implements RowMapper<WindowCount> {
    @Override
    public WindowCount map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new WindowCount(rs.getLong("hits"), instant(rs, "window_start"));
    }
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import com.offerhub.orchestrator.spi.storage.PermitRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code oh_rate_permits} table: a limiter's {@code limit} slots, each holding when it was last
 * taken; a permit is the slot taken longest ago, if that was a window ago or more.
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
}

package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.DomainEvent;
import java.time.Instant;
import java.util.List;

/** Events written in the transaction of the change they describe. */
public interface OutboxRepository {
  /**
   * Appends an event (its sequence is ignored). At commit the storage assigns sequences that are
   * gap-free and increase in commit order; a reader that saw sequence N never later sees a new
   * event with a sequence at or below N.
   */
  void append(DomainEvent event);

  /** Committed events with a sequence greater than {@code afterSequence}, ascending. */
  List<DomainEvent> readAfter(long afterSequence, int limit);

  /** Highest committed sequence, 0 when none. */
  long lastSequence();

  /** Lowest retained sequence, or {@code lastSequence() + 1} when none are retained. */
  long firstRetainedSequence();

  /**
   * Retention by sequence: deletes the events from the lowest retained sequence up to, not
   * including, the first one that occurred at or after {@code cutoff} (all of them when none did).
   * Sequences follow commit order, not {@code occurredAt}: an older event sequenced after a
   * younger one is kept with it, so the retained events are always a contiguous range ending at
   * {@link #lastSequence()} and a reader above {@link #firstRetainedSequence()} never misses one.
   *
   * @return how many events were deleted
   */
  int deleteBefore(Instant cutoff);

  /**
   * Events of committed transactions that have no sequence yet, so readers cannot see them: their
   * number and the {@code occurredAt} of the oldest. A storage that numbers events at commit always
   * answers none; one that numbers them after commit (PostgreSQL's sequencer) answers what its
   * sequencer has still to number, from an index. For monitoring: a backlog that keeps growing
   * means events are not reaching subscribers.
   */
  Backlog unnumbered();

  /** Committed events without a sequence: their number and the oldest one's time ({@code null} when none). */
  record Backlog(long count, Instant oldestOccurredAt) {
    public static final Backlog NONE = new Backlog(0, null);

    public Backlog {
      if (count < 0 || (count == 0) != (oldestOccurredAt == null)) {
        throw new IllegalArgumentException("count " + count + " with oldest " + oldestOccurredAt);
      }
    }
  }
}

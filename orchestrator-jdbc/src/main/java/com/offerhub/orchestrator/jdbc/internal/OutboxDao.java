package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.spi.storage.OutboxRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The outbox: {@code oh_outbox_events} holds the events, each under its transaction's key and its
 * position there; {@code oh_outbox_numbers} gives numbered ones their sequence, and
 * {@code oh_outbox_sequence} the last sequence and key. An appended event waits in the session's
 * {@link WriteBehind}; at the end of the transaction PostgreSQL writes it under a key drawn then,
 * for the {@link OutboxSequencer} to number after commit ({@link #pendingInsert}), and H2 numbers it
 * at once under the counter row ({@link #numberAtCommit}).
 */
final class OutboxDao implements OutboxRepository {
  private static final RowMapper<DomainEvent> EVENT = (rs, ctx) -> new DomainEvent(rs.getLong("sequence"),
      rs.getString("event_id"), rs.getString("event_type"), instant(rs, "occurred_at"), rs.getString("aggregate_id"),
      rs.getString("aggregate_type"), Codec.objectMap(rs.getString("payload")), Codec.stringMap(rs.getString("metadata")));

  private final Supplier<Handle> reads;
  private final Supplier<Handle> writes;
  private final WriteBehind waiting;

  /** {@code writes}: the handle for writes, which a read-only session refuses. */
  OutboxDao(Supplier<Handle> reads, Supplier<Handle> writes, WriteBehind waiting) {
    this.reads = reads;
    this.writes = writes;
    this.waiting = waiting;
  }

  /** Held until the transaction's last statement, where it gets its number or its pending key. */
  @Override
  public void append(DomainEvent event) {
    writes.get();
    waiting.event(event);
  }

  @Override
  public List<DomainEvent> readAfter(long afterSequence, int limit) {
    return Sql.query(reads.get(), "SELECT n.sequence, e.* FROM oh_outbox_numbers n JOIN oh_outbox_events e ON "
        + "e.pending_key = n.pending_key AND e.position = n.position WHERE n.sequence > ? ORDER BY n.sequence LIMIT ?",
        afterSequence, limit).map(EVENT).list();
  }

  @Override
  public long lastSequence() {
    return Sql.query(reads.get(), "SELECT last_sequence FROM oh_outbox_sequence WHERE id = 1").mapTo(Long.class)
        .one();
  }

  @Override
  public long firstRetainedSequence() {
    Optional<Long> first = Sql.query(reads.get(), "SELECT MIN(sequence) FROM oh_outbox_numbers").mapTo(Long.class)
        .findOne();
    return first.orElse(null) == null ? lastSequence() + 1 : first.get();
  }

  @Override
  public int deleteBefore(Instant cutoff) {
    // Every sequence up to last_sequence is committed, so the prefix below the first kept
    // event (or below last_sequence + 1) holds no event a concurrent commit could still add.
    Handle h = writes.get();
    long bound = Sql.query(h, "SELECT COALESCE((SELECT MIN(n.sequence) FROM oh_outbox_numbers n JOIN "
        + "oh_outbox_events e ON e.pending_key = n.pending_key AND e.position = n.position WHERE e.occurred_at >= ?), "
        + "(SELECT last_sequence + 1 FROM oh_outbox_sequence WHERE id = 1))", ts(cutoff)).mapTo(Long.class).one();
    Sql.update(h, "DELETE FROM oh_outbox_events WHERE (pending_key, position) IN (SELECT pending_key, position "
        + "FROM oh_outbox_numbers WHERE sequence < ?)", bound);
    return Sql.update(h, "DELETE FROM oh_outbox_numbers WHERE sequence < ?", bound);
  }

  /**
   * Events under keys after the last one numbered: PostgreSQL's committed events the sequencer has
   * not reached (a range of the primary key); always none on H2, which numbers at commit.
   */
  @Override
  public Backlog unnumbered() {
    return Sql.query(reads.get(), "SELECT COUNT(*) AS waiting, MIN(occurred_at) AS oldest FROM oh_outbox_events "
        + "WHERE pending_key > (SELECT last_key FROM oh_outbox_sequence WHERE id = 1)")
        .map((rs, ctx) -> new Backlog(rs.getLong("waiting"), instant(rs, "oldest"))).one();
  }

  /**
   * H2: numbers {@code events} after the last sequence under the counter row's lock, so numbers
   * follow commit order (H2 is embedded in one process; the lock is held only to its commit). The
   * transaction's key is its first sequence: unique, and above every key before it.
   */
  static void numberAtCommit(Handle handle, List<DomainEvent> events) {
    long last = Sql.query(handle, "SELECT last_sequence FROM oh_outbox_sequence WHERE id = 1 FOR UPDATE")
        .mapTo(Long.class).one();
    long key = last + 1;
    List<Object[]> rows = new ArrayList<>();
    List<Object[]> numbers = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      DomainEvent event = events.get(i);
      rows.add(new Object[] {key, i, event.eventId(), event.eventType(), ts(event.occurredAt()),
          event.aggregateId(), event.aggregateType(), Codec.json(event.payload()), Codec.json(event.metadata())});
      numbers.add(new Object[] {key + i, key, i});
    }
    Sql.batch(handle, "INSERT INTO oh_outbox_events (pending_key, position, writer_xid, event_id, event_type, "
        + "occurred_at, aggregate_id, aggregate_type, payload, metadata) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?)", rows);
    Sql.batch(handle, "INSERT INTO oh_outbox_numbers (sequence, pending_key, position) VALUES (?, ?, ?)", numbers);
    Sql.update(handle, "UPDATE oh_outbox_sequence SET last_sequence = ?, last_key = ? WHERE id = 1",
        last + events.size(), key);
  }

  /**
   * PostgreSQL: the pending events' insert, a part of the transaction's last statement. One key for
   * the transaction, drawn in a subquery over another that takes the transaction id first (a
   * subquery with volatile results is scanned before the query above it is projected), so every key
   * is drawn by a transaction that already has its id.
   */
  static WriteBehind.Part pendingInsert(List<DomainEvent> events) {
    List<Object> args = new ArrayList<>(events.size() * 7);
    for (DomainEvent event : events) {
      args.add(event.eventId());
      args.add(event.eventType());
      args.add(ts(event.occurredAt()));
      args.add(event.aggregateId());
      args.add(event.aggregateType());
      args.add(Codec.json(event.payload()));
      args.add(Codec.json(event.metadata()));
    }
    return new WriteBehind.Part(PENDING_INSERT.text(events.size()), args, "1", events.size());
  }

  /** The pending insert's text for {@code n} events (the position is the row's index). */
  private static final Sql.Texts PENDING_INSERT = new Sql.Texts(n -> {
    StringBuilder sql = new StringBuilder("INSERT INTO oh_outbox_events (writer_xid, pending_key, position, "
        + "event_id, event_type, occurred_at, aggregate_id, aggregate_type, payload, metadata) SELECT w.xid, w.k, "
        + "v.* FROM (SELECT x.xid, nextval('oh_outbox_pending_key') AS k FROM (SELECT txid_current() AS xid "
        + "OFFSET 0) x OFFSET 0) w CROSS JOIN (VALUES ");
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : ", ").append("(").append(i).append(", CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
          + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
          + "CAST(? AS VARCHAR))");
    }
    return sql.append(") AS v").toString();
  });
}

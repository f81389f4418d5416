package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import com.offerhub.orchestrator.spi.storage.AuditRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code oh_audit_log} table, newest first by {@code (occurred_at, seq)}; the before and after
 * payloads are JSON, and queries take optional filters, so their text is built per call. Every
 * command appends here, so a plain class on JDBC rather than a SQL Object (see {@link JdbcSession}).
 */
final class AuditDao implements AuditRepository {
  private static final RowMapper<AuditEntry> AUDIT = (rs, ctx) -> new AuditEntry(rs.getString("id"),
      instant(rs, "occurred_at"), rs.getString("marketplace_id"), rs.getString("user_id"), rs.getString("action"),
      rs.getString("resource_type"), rs.getString("resource_id"), Codec.stringMap(rs.getString("payload_before")),
      Codec.stringMap(rs.getString("payload_after")), rs.getString("actor_type"), rs.getString("actor_id"),
      rs.getString("result"), rs.getString("error"), rs.getString("idempotency_key"));

  private final Supplier<Handle> reads;
  private final Supplier<Handle> writes;
  private final WriteBehind waiting;

  /**
   * {@code writes}: the handle for writes, which a read-only session refuses; {@code reads} must
   * first write the entries {@code waiting} holds.
   */
  AuditDao(Supplier<Handle> reads, Supplier<Handle> writes, WriteBehind waiting) {
    this.reads = reads;
    this.writes = writes;
    this.waiting = waiting;
  }

  /** Held until the transaction's last statement (see {@link WriteBehind}). */
  @Override
  public void append(AuditEntry a) {
    writes.get();
    waiting.audit(a);
  }

  @Override
  public List<AuditEntry> query(AuditQuery q) {
    StringBuilder sql = new StringBuilder("SELECT * FROM oh_audit_log WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filters(sql, args, q);
    sql.append(" ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?");
    args.add(q.limit());
    args.add(q.offset());
    return Sql.query(reads.get(), sql.toString(), args.toArray()).map(AUDIT).list();
  }

  @Override
  public List<AuditEntry> queryAfter(AuditQuery q, String afterEntryId) {
    StringBuilder sql = new StringBuilder("SELECT * FROM oh_audit_log WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (afterEntryId != null) {
      // the position of the entry, then a row comparison the (occurred_at, seq) order can range over
      Optional<Object[]> at = Sql.query(reads.get(), "SELECT occurred_at, seq FROM oh_audit_log WHERE id = ?",
          afterEntryId).map((rs, c) -> new Object[] {ts(instant(rs, "occurred_at")), rs.getLong("seq")}).findOne();
      if (at.isEmpty()) {
        return List.of();
      }
      sql.append(" AND (occurred_at, seq) < (?, ?)");
      args.add(at.get()[0]);
      args.add(at.get()[1]);
    }
    filters(sql, args, q);
    sql.append(" ORDER BY occurred_at DESC, seq DESC LIMIT ?");
    args.add(q.limit());
    return Sql.query(reads.get(), sql.toString(), args.toArray()).map(AUDIT).list();
  }

  @Override
  public Optional<AuditEntry> find(String entryId) {
    return Sql.query(reads.get(), "SELECT * FROM oh_audit_log WHERE id = ?", entryId).map(AUDIT).findOne();
  }

  private static void filters(StringBuilder sql, List<Object> args, AuditQuery q) {
    filter(sql, args, "resource_type = ?", q.resourceType());
    filter(sql, args, "resource_id = ?", q.resourceId());
    filter(sql, args, "user_id = ?", q.userId());
    filter(sql, args, "action = ?", q.action());
    filter(sql, args, "occurred_at >= ?", ts(q.from()));
    filter(sql, args, "occurred_at < ?", ts(q.to()));
  }

  private static void filter(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(" AND ").append(clause);
      args.add(value);
    }
  }
}

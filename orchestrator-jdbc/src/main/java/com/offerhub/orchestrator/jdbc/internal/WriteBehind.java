package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Posting;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The rows a transaction appends and does not read back: ledger postings, audit entries, stored
 * idempotency responses and outbox events. They wait here and are written together right before
 * commit: on PostgreSQL in one statement (data-modifying {@code WITH} parts whose row counts are
 * checked), on H2 in one statement per table (per posting for the ledger). A read of the ledger,
 * the audit log or the idempotency keys in the same transaction first writes what that table has
 * waiting, so the transaction still reads its own rows.
 */
final class WriteBehind {
  private static final String AUDIT_INSERT = "INSERT INTO oh_audit_log (id, occurred_at, marketplace_id, user_id, "
      + "action, resource_type, resource_id, payload_before, payload_after, actor_type, actor_id, result, error, "
      + "idempotency_key) VALUES ";
  private static final String AUDIT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String RESPONSE_UPDATE = "UPDATE oh_idempotency_keys SET response = ? WHERE scope = ? "
      + "AND idem_key = ?";
  private static final Sql.Texts AUDIT_ROWS = new Sql.Texts(n -> AUDIT_INSERT
      + String.join(", ", Collections.nCopies(n, AUDIT_ROW)));
  private static final Sql.Texts POSTING_ROWS = new Sql.Texts(n -> "INSERT INTO oh_ledger_postings (id, kind, "
      + "reference, posted_at) VALUES " + String.join(", ", Collections.nCopies(n, "(?, ?, ?, ?)")));
  private static final Sql.Texts ENTRY_ROWS = new Sql.Texts(n -> "INSERT INTO oh_ledger_entries (posting_seq, "
      + "position, account, amount) SELECT w0.seq, v.pos, v.account, v.amount FROM (VALUES " + String.join(", ",
          Collections.nCopies(n, "(CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS VARCHAR), CAST(? AS BIGINT))"))
      + ") AS v(posting_id, pos, account, amount) JOIN w0 ON w0.id = v.posting_id");
  private static final Sql.Texts ENTRY_INSERT = new Sql.Texts(n -> "INSERT INTO oh_ledger_entries (posting_seq, "
      + "position, account, amount) VALUES " + String.join(", ", Collections.nCopies(n, "(?, ?, ?, ?)")));
  /** The final statement's text for each combination of its parts' texts, built once. */
  private static final Map<List<String>, String> TOGETHER = new ConcurrentHashMap<>();
  private static final int TOGETHER_KEPT = 1000;

  private final List<Posting> postings = new ArrayList<>();
  private final List<AuditEntry> audits = new ArrayList<>();
  private final List<Object[]> responses = new ArrayList<>();
  private final List<DomainEvent> events = new ArrayList<>();

  /** One data-modifying part of the final statement: its text, arguments, what it returns, and its row count. */
  record Part(String sql, List<Object> args, String returning, int rows) {}

  void posting(Posting posting) {
    postings.add(posting);
  }

  void audit(AuditEntry entry) {
    audits.add(entry);
  }

  void response(String scope, String key, byte[] response) {
    responses.add(new Object[] {response, scope, key});
  }

  void event(DomainEvent event) {
    events.add(event);
  }

  /** The waiting events, in the order they were appended; they are the caller's to write from now on. */
  List<DomainEvent> takeEvents() {
    List<DomainEvent> taken = List.copyOf(events);
    events.clear();
    return taken;
  }

  /** Writes the waiting postings now, each in two statements (a ledger read follows, or H2 commits). */
  void flushLedger(Handle handle) {
    for (Posting p : postings) {
      long seq; // from the generated keys, not read back
      try (PreparedStatement insert = handle.getConnection().prepareStatement("INSERT INTO oh_ledger_postings "
          + "(id, kind, reference, posted_at) VALUES (?, ?, ?, ?)", new String[] {"seq"})) {
        insert.setString(1, p.id());
        insert.setString(2, p.kind());
        insert.setString(3, p.reference());
        insert.setTimestamp(4, ts(p.postedAt()));
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          seq = keys.getLong(1);
        }
      } catch (SQLException e) {
        throw new UnableToExecuteStatementException(e, null);
      }
      List<Object> args = new ArrayList<>();
      for (int i = 0; i < p.entries().size(); i++) {
        LedgerEntry e = p.entries().get(i);
        args.addAll(List.of(seq, i, e.account(), e.amount().stroops()));
      }
      Sql.update(handle, ENTRY_INSERT.text(p.entries().size()), args.toArray());
    }
    postings.clear();
  }

  /** Writes the waiting audit entries now, in one statement (an audit read follows, or H2 commits). */
  void flushAudit(Handle handle) {
    if (!audits.isEmpty()) {
      Part part = auditPart();
      audits.clear();
      Sql.update(handle, part.sql(), part.args().toArray());
    }
  }

  /** Writes the waiting idempotency responses now (an idempotency read follows, or H2 commits). */
  void flushResponses(Handle handle) {
    if (!responses.isEmpty()) {
      List<Object[]> rows = new ArrayList<>(responses);
      responses.clear();
      Sql.batch(handle, RESPONSE_UPDATE, rows);
    }
  }

  /**
   * PostgreSQL, right before commit: everything waiting in one statement, with {@code eventsPart}
   * (the pending events' insert, or null). Every part's row count must be the one it was given.
   */
  void flushTogether(Handle handle, Part eventsPart) {
    List<Part> parts = new ArrayList<>();
    if (!postings.isEmpty()) {
      ledgerParts(parts);
    }
    if (!audits.isEmpty()) {
      parts.add(auditPart());
    }
    for (Object[] response : responses) {
      parts.add(new Part(RESPONSE_UPDATE, Arrays.asList(response), "1", -1));
    }
    if (eventsPart != null) {
      parts.add(eventsPart);
    }
    postings.clear();
    audits.clear();
    responses.clear();
    if (parts.isEmpty()) {
      return;
    }
    List<Object> args = new ArrayList<>();
    List<String> texts = new ArrayList<>(parts.size() * 2);
    for (Part part : parts) {
      texts.add(part.sql());
      texts.add(part.returning());
      args.addAll(part.args());
    }
    String sql = TOGETHER.get(texts);
    if (sql == null) {
      sql = together(parts);
      if (TOGETHER.size() < TOGETHER_KEPT) {
        TOGETHER.put(texts, sql);
      }
    }
    try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
      Sql.bind(statement, args.toArray());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        for (int i = 0; i < parts.size(); i++) {
          int expected = parts.get(i).rows();
          if (expected >= 0 && rs.getLong(i + 1) != expected) {
            throw new IllegalStateException("wrote " + rs.getLong(i + 1) + " rows of " + expected + " in part " + i);
          }
        }
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** {@code WITH w0 AS (part 0 RETURNING …), w1 AS (…) … SELECT (SELECT count(*) FROM w0), …}. */
  private static String together(List<Part> parts) {
    StringBuilder sql = new StringBuilder("WITH ");
    StringBuilder counts = new StringBuilder(" SELECT ");
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      sql.append(i == 0 ? "" : ", ").append("w").append(i).append(" AS (").append(part.sql())
          .append(" RETURNING ").append(part.returning()).append(")");
      counts.append(i == 0 ? "" : ", ").append("(SELECT count(*) FROM w").append(i).append(")");
    }
    return sql.append(counts).toString();
  }

  /**
   * The postings, returning their sequences, then their entries, which read those sequences from
   * the postings' part (it must be the first part: {@code w0}); rows of one statement's parts are
   * not visible to each other through the table.
   */
  private void ledgerParts(List<Part> parts) {
    List<Object> postingArgs = new ArrayList<>();
    List<Object> entryArgs = new ArrayList<>();
    int entries = 0;
    for (Posting p : postings) {
      postingArgs.addAll(Arrays.asList(p.id(), p.kind(), p.reference(), ts(p.postedAt())));
      for (int i = 0; i < p.entries().size(); i++) {
        LedgerEntry e = p.entries().get(i);
        entryArgs.addAll(List.of(p.id(), i, e.account(), e.amount().stroops()));
        entries++;
      }
    }
    parts.add(new Part(POSTING_ROWS.text(postings.size()), postingArgs, "seq, id", postings.size()));
    parts.add(new Part(ENTRY_ROWS.text(entries), entryArgs, "1", entries));
  }

  private Part auditPart() {
    List<Object> args = new ArrayList<>();
    for (AuditEntry a : audits) {
      args.addAll(Arrays.asList(a.id(), ts(a.occurredAt()), a.marketplaceId(), a.userId(), a.action(),
          a.resourceType(), a.resourceId(), Codec.json(a.before()), Codec.json(a.after()), a.actorType(),
          a.actorId(), a.result(), a.error(), a.idempotencyKey()));
    }
    return new Part(AUDIT_ROWS.text(audits.size()), args, "1", audits.size());
  }
}

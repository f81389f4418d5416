package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Posting;
import com.offerhub.orchestrator.spi.storage.LedgerRepository;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The double-entry ledger: {@code oh_ledger_postings} (numbered by {@code seq}) and their
 * {@code oh_ledger_entries} (amounts exact, in stroops; balances summed as NUMERIC so no total
 * overflows). On every money command's path, so a plain class on JDBC rather than a SQL Object
 * (see {@link JdbcSession}).
 */
final class LedgerDao implements LedgerRepository {
  private static final RowMapper<PostingRow> POSTING = (rs, ctx) -> new PostingRow(rs.getLong("seq"),
      rs.getString("id"), rs.getString("kind"), rs.getString("reference"), instant(rs, "posted_at"));
  private static final String POSTINGS = "SELECT seq, id, kind, reference, posted_at FROM oh_ledger_postings ";

  private final Supplier<Handle> reads;
  private final Supplier<Handle> writes;
  private final WriteBehind waiting;

  /**
   * {@code writes}: the handle for writes, which a read-only session refuses; {@code reads} must
   * first write the postings {@code waiting} holds.
   */
  LedgerDao(Supplier<Handle> reads, Supplier<Handle> writes, WriteBehind waiting) {
    this.reads = reads;
    this.writes = writes;
    this.waiting = waiting;
  }

  /** Held until the transaction's last statement (see {@link WriteBehind}). */
  @Override
  public void append(Posting p) {
    writes.get();
    waiting.posting(p);
  }

  @Override
  public BigInteger balanceOf(String account) {
    return Sql.query(reads.get(), "SELECT COALESCE(SUM(CAST(amount AS NUMERIC(38, 0))), 0) FROM oh_ledger_entries "
        + "WHERE account = ?", account).mapTo(BigDecimal.class).one().toBigIntegerExact();
  }

  @Override
  public Map<String, BigInteger> balances() {
    Map<String, BigInteger> out = new LinkedHashMap<>();
    Sql.query(reads.get(), "SELECT account, SUM(CAST(amount AS NUMERIC(38, 0))) AS total FROM oh_ledger_entries "
        + "GROUP BY account ORDER BY account").map((rs, c) -> Map.entry(rs.getString("account"),
            rs.getBigDecimal("total").toBigIntegerExact())).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public List<Posting> list(int offset, int limit) {
    List<Posting> out = new ArrayList<>();
    for (PostingRow row : Sql.query(reads.get(), POSTINGS + "ORDER BY seq LIMIT ? OFFSET ?", limit, offset)
        .map(POSTING).list()) {
      out.add(row.posting(Sql.query(reads.get(), "SELECT account, amount FROM oh_ledger_entries WHERE posting_seq = ? "
          + "ORDER BY position", row.seq()).map((rs, c) -> entry(rs)).list()));
    }
    return out;
  }

  @Override
  public List<Posting> listAfter(String afterPostingId, int limit) {
    List<PostingRow> postings = afterPostingId == null
        ? Sql.query(reads.get(), POSTINGS + "WHERE seq > 0 ORDER BY seq LIMIT ?", limit).map(POSTING).list()
        : Sql.query(reads.get(), POSTINGS + "WHERE seq > (SELECT seq FROM oh_ledger_postings WHERE id = ?) "
            + "ORDER BY seq LIMIT ?", afterPostingId, limit).map(POSTING).list();
    if (postings.isEmpty()) {
      return List.of();
    }
    // every posting between the page's first and last sequence is on the page: one read for all entries
    Map<Long, List<LedgerEntry>> entries = new HashMap<>();
    Sql.query(reads.get(), "SELECT posting_seq, account, amount FROM oh_ledger_entries WHERE posting_seq BETWEEN ? "
        + "AND ? ORDER BY posting_seq, position", postings.get(0).seq(), postings.get(postings.size() - 1).seq())
        .map((rs, c) -> Map.entry(rs.getLong("posting_seq"), entry(rs))).list()
        .forEach(row -> entries.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue()));
    List<Posting> out = new ArrayList<>();
    for (PostingRow row : postings) {
      out.add(row.posting(entries.getOrDefault(row.seq(), List.of())));
    }
    return out;
  }

  private static LedgerEntry entry(ResultSet rs) throws SQLException {
    return new LedgerEntry(rs.getString("account"), Money.ofStroops(rs.getLong("amount")));
  }

  /** A row of {@code oh_ledger_postings}. */
  private record PostingRow(long seq, String id, String kind, String reference, Instant postedAt) {
    Posting posting(List<LedgerEntry> entries) {
      return new Posting(id, kind, reference, entries, postedAt);
    }
  }
}

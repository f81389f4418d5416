package com.offerhub.orchestrator.jdbc.internal;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * What the DAOs share: column readers for their row mappers, and the few statements whose text is
 * built at run time (optional filters, keyset pages, multi-row inserts), bound by position.
 */
final class Sql {
  private Sql() {}

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  static Money money(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Money.ofStroops(value);
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  /**
   * Statement texts that depend only on a row count, each built once: a command's statements come
   * out as the same string instances every time, so building, hashing and the driver's statement
   * cache lookup cost next to nothing.
   */
  static final class Texts {
    private static final int KEPT = 64;
    private final IntFunction<String> build;
    private final AtomicReferenceArray<String> kept = new AtomicReferenceArray<>(KEPT);

    Texts(IntFunction<String> build) {
      this.build = build;
    }

    String text(int n) {
      if (n >= KEPT) {
        return build.apply(n);
      }
      String text = kept.get(n);
      if (text == null) {
        text = build.apply(n);
        kept.set(n, text);
      }
      return text;
    }
  }

  /** {@code n} comma-separated parameter marks. */
  static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  static Query query(Handle handle, String sql, Object... args) {
    Query q = handle.createQuery(sql);
    for (int i = 0; i < args.length; i++) {
      q.bind(i, args[i]);
    }
    return q;
  }

  /**
   * Rows of a query straight on JDBC, mapped by {@code mapper} (whose statement context is null):
   * for the reads on every command's path, where Jdbi's statement machinery would cost more than
   * the mapping.
   */
  static <T> List<T> list(Handle handle, RowMapper<T> mapper, String sql, Object... args) {
    try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
      bind(statement, args);
      try (ResultSet rs = statement.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs, null));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** The row of a query that finds at most one (more is a bug, refused), straight on JDBC as {@link #list}. */
  static <T> Optional<T> one(Handle handle, RowMapper<T> mapper, String sql, Object... args) {
    List<T> rows = list(handle, mapper, sql, args);
    if (rows.size() > 1) {
      throw new IllegalStateException("expected at most one row, found " + rows.size() + ": " + sql);
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** A write straight on JDBC, for statements built at run time: no parsing or templating on the way. */
  static int update(Handle handle, String sql, Object... args) {
    try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
      bind(statement, args);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Binds {@code args} to the statement's parameters, in order. */
  static void bind(PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
  }

  /** One statement for several rows (a JDBC batch: one round trip), each of {@code rows} its arguments. */
  static void batch(Handle handle, String sql, List<Object[]> rows) {
    try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(statement, row);
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /**
   * A newest-first keyset page of {@code table} ({@code created_at DESC, id DESC}) after
   * {@code after} (null: from the newest), rows matching {@code where} (null: all). Served by the
   * table's {@code (…, created_at, id)} index, it reads about {@code limit} rows however deep the
   * page is.
   */
  static Query newestFirst(Handle handle, String table, String where, List<Object> whereArgs, Keyset after,
      int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table).append(" WHERE ")
        .append(where == null ? "1 = 1" : where);
    List<Object> args = new ArrayList<>(whereArgs);
    if (after != null) {
      // a row comparison: the index range starts right after the position
      sql.append(" AND (created_at, id) < (?, ?)");
      args.add(ts(after.createdAt()));
      args.add(after.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(limit);
    return query(handle, sql.toString(), args.toArray());
  }
}

package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.Keyset;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Paging over scanned rows, shared by the in-memory repositories. Memory sorts what it scans; the
 * JDBC storage answers the same pages from indexes.
 */
final class Pages {
  private Pages() {}

  /** The order {@code (createdAt DESC, id DESC)} of every newest-first list. */
  static <V> Comparator<V> newestFirst(Function<V, Instant> createdAt, Function<V, String> id) {
    return Comparator.comparing(createdAt).thenComparing(id).reversed();
  }

  /** The rows in {@code order}, from position {@code offset}, at most {@code limit}. */
  static <V> List<V> page(Stream<V> rows, Comparator<V> order, int offset, int limit) {
    return rows.sorted(order).skip(offset).limit(limit).toList();
  }

  /** An offset page of rows ordered newest first. */
  static <V> List<V> pageNewestFirst(Stream<V> rows, Function<V, Instant> createdAt, Function<V, String> id, int offset,
      int limit) {
    return page(rows, newestFirst(createdAt, id), offset, limit);
  }

  /** A newest-first page after {@code after} (null: from the newest), in the order {@link #newestFirst}. */
  static <V> List<V> pageAfter(Stream<V> rows, Function<V, Instant> createdAt, Function<V, String> id,
      Keyset after, int limit) {
    Stream<V> tail = after == null ? rows : rows.filter(v -> createdAt.apply(v).isBefore(after.createdAt())
        || createdAt.apply(v).equals(after.createdAt()) && id.apply(v).compareTo(after.id()) < 0);
    return tail.sorted(newestFirst(createdAt, id)).limit(limit).toList();
  }

  /**
   * The rows that follow the one with id {@code afterId} in {@code rows}: all of them for a null id,
   * none when no row has it.
   */
  static <V> Stream<V> after(List<V> rows, Function<V, String> id, String afterId) {
    if (afterId == null) {
      return rows.stream();
    }
    for (int i = 0; i < rows.size(); i++) {
      if (id.apply(rows.get(i)).equals(afterId)) {
        return rows.stream().skip(i + 1);
      }
    }
    return Stream.empty();
  }
}

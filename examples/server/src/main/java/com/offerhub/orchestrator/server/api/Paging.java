package com.offerhub.orchestrator.server.api;

import com.offerhub.orchestrator.server.http.Reply;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Cursor pages (spec/02 §8): the cursor is the id of the last item of the previous page; the next
 * page holds the items after it, read from that item's position ({@link #keyset}: the engine's
 * keyset lists; {@link #afterId}: lists positioned by id, the audit log), so a page costs the same
 * however deep it is. Items are read in batches, so a filter the engine does not index still
 * yields full pages. An unknown cursor gives an empty page ({@link #keyset}); the audit route gives
 * the first page instead, as the spec says.
 */
final class Paging {
  private static final int BATCH = 100;
  private static final int MAX_SCAN = 100_000;

  private Paging() {}

  /** A newest-first list read after a position (null: from the newest). */
  interface KeysetSource<T> {
    List<T> fetch(Keyset after, int limit);
  }

  /**
   * A page of a keyset list: {@code byId} finds the cursor's item (empty: unknown cursor, empty
   * page), {@code key} gives an item's position.
   */
  static <T> Reply keyset(KeysetSource<T> source, Function<String, Optional<T>> byId, Function<T, Keyset> key,
      Predicate<T> filter, Function<T, String> id, String cursor, int limit, Function<T, Object> view) {
    Keyset after = null;
    if (cursor != null) {
      Optional<T> last = byId.apply(cursor);
      if (last.isEmpty()) {
        return Reply.list(List.of(), false, null);
      }
      after = key.apply(last.get());
    }
    return walk(source::fetch, after, key, filter, id, limit, view);
  }

  /**
   * A page of a list read after an item's id ({@code afterId}: the cursor, already known to exist,
   * or null for the first page).
   */
  static <T> Reply afterId(BiFunction<String, Integer, List<T>> source, Predicate<T> filter, Function<T, String> id,
      String afterId, int limit, Function<T, Object> view) {
    return walk(source, afterId, id, filter, id, limit, view);
  }

  /** Reads batches from {@code start} until {@code limit} items pass the filter (one more: there are more). */
  private static <T, P> Reply walk(BiFunction<P, Integer, List<T>> source, P start, Function<T, P> position,
      Predicate<T> filter, Function<T, String> id, int limit, Function<T, Object> view) {
    P after = start;
    List<T> picked = new ArrayList<>();
    boolean more = false;
    for (int scanned = 0; scanned < MAX_SCAN && !more; scanned += BATCH) {
      List<T> batch = source.apply(after, BATCH);
      for (T item : batch) {
        after = position.apply(item);
        if (!filter.test(item)) {
          continue;
        }
        if (picked.size() == limit) {
          more = true;
          break;
        }
        picked.add(item);
      }
      if (batch.size() < BATCH) {
        break;
      }
    }
    List<Object> views = new ArrayList<>();
    for (T item : picked) {
      views.add(view.apply(item));
    }
    return Reply.list(views, more, more ? id.apply(picked.get(picked.size() - 1)) : null);
  }
}

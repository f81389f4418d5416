package com.offerhub.orchestrator.server.api;

import com.offerhub.orchestrator.server.http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Cursor pages (spec/02 §8) over the engine's newest-first offset lists: the cursor is the id of
 * the last item of the previous page; the next page holds the items after it. Items are scanned in
 * batches, so a filter the engine does not index still yields full pages. An unknown cursor gives
 * an empty page, or the first page where the spec says so ({@link #pageOrFirst}).
 */
final class Paging {
  private static final int BATCH = 100;
  private static final int MAX_SCAN = 100_000;

  private Paging() {}

  interface Source<T> {
    List<T> fetch(int offset, int limit);
  }

  static <T> Reply page(Source<T> source, Predicate<T> filter, Function<T, String> id, String cursor, int limit,
      Function<T, Object> view) {
    return scan(source, filter, id, cursor, limit, view, false);
  }

  /** Like {@link #page}, but an unknown cursor gives the first page (audit logs, spec/02 §8). */
  static <T> Reply pageOrFirst(Source<T> source, Predicate<T> filter, Function<T, String> id, String cursor,
      int limit, Function<T, Object> view) {
    return scan(source, filter, id, cursor, limit, view, true);
  }

  private static <T> Reply scan(Source<T> source, Predicate<T> filter, Function<T, String> id, String cursor,
      int limit, Function<T, Object> view, boolean firstIfUnknown) {
    List<T> picked = new ArrayList<>();
    boolean started = cursor == null;
    boolean more = false;
    outer:
    for (int offset = 0; offset < MAX_SCAN; offset += BATCH) {
      List<T> batch = source.fetch(offset, BATCH);
      for (T item : batch) {
        if (!started) {
          started = id.apply(item).equals(cursor);
          continue;
        }
        if (!filter.test(item)) {
          continue;
        }
        if (picked.size() == limit) {
          more = true;
          break outer;
        }
        picked.add(item);
      }
      if (batch.size() < BATCH) {
        break;
      }
    }
    if (!started && firstIfUnknown) {
      return scan(source, filter, id, null, limit, view, false);
    }
    List<Object> views = new ArrayList<>();
    for (T item : picked) {
      views.add(view.apply(item));
    }
    String next = more && !picked.isEmpty() ? id.apply(picked.get(picked.size() - 1)) : null;
    return Reply.list(views, more, next);
  }
}

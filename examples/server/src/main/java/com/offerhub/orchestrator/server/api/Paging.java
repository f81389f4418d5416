package com.offerhub.orchestrator.server.api;

import com.offerhub.orchestrator.server.http.Reply;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Cursor pages (spec/02 §8): the cursor is the id of the last item of the previous page; the next
 * page holds the items after it. {@link #keyset} reads the engine's keyset lists from that item's
 * position, so a page costs the same however deep it is; {@link #page} and {@link #pageOrFirst}
 * scan an offset list from its start (audit logs, until they get keyset pages too). Items are read
 * in batches, so a filter the engine does not index still yields full pages. An unknown cursor
 * gives an empty page, or the first page where the spec says so ({@link #pageOrFirst}).
 */
final class Paging {
  private static final int BATCH = 100;
  private static final int MAX_SCAN = 100_000;

  private Paging() {}

  interface Source<T> {
    List<T> fetch(int offset, int limit);
  }

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
    List<T> picked = new ArrayList<>();
    boolean more = false;
    for (int scanned = 0; scanned < MAX_SCAN && !more; scanned += BATCH) {
      List<T> batch = source.fetch(after, BATCH);
      for (T item : batch) {
        after = key.apply(item);
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

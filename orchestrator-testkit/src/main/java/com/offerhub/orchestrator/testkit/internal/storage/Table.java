package com.offerhub.orchestrator.testkit.internal.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Committed rows of one table, keyed by id, with unique indexes. Changed only at commit, under the
 * storage's commit lock; read concurrently. Thread-safe.
 */
public final class Table<V> {
  final String name;
  private final Function<V, String> id;
  private final Map<String, Function<V, String>> uniques;
  private final ConcurrentHashMap<String, V> rows = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentHashMap<String, String>> indexes = new LinkedHashMap<>();

  public Table(String name, Function<V, String> id, Map<String, Function<V, String>> uniques) {
    this.name = name;
    this.id = id;
    this.uniques = uniques;
    uniques.keySet().forEach(index -> indexes.put(index, new ConcurrentHashMap<>()));
  }

  String idOf(V row) {
    return id.apply(row);
  }

  /** Unique index values of a row; null values are not indexed. */
  Map<String, String> uniqueValues(V row) {
    Map<String, String> values = new LinkedHashMap<>();
    uniques.forEach((index, extractor) -> {
      String value = extractor.apply(row);
      if (value != null) {
        values.put(index, value);
      }
    });
    return values;
  }

  Optional<V> get(String key) {
    return Optional.ofNullable(rows.get(key));
  }

  Optional<String> idByUnique(String index, String value) {
    return Optional.ofNullable(indexes.get(index).get(value));
  }

  Collection<V> all() {
    return rows.values();
  }

  /** Applies one committed write (a null row deletes). */
  void apply(String key, V row) {
    V old = rows.get(key);
    if (old != null) {
      uniqueValues(old).forEach((index, value) -> indexes.get(index).remove(value, key));
    }
    if (row == null) {
      rows.remove(key);
    } else {
      rows.put(key, row);
      uniqueValues(row).forEach((index, value) -> indexes.get(index).put(value, key));
    }
  }

  List<V> snapshot() {
    return new ArrayList<>(rows.values());
  }
}

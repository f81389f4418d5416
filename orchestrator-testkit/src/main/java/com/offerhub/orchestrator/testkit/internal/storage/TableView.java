package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.DuplicateKeyException;
import com.offerhub.orchestrator.spi.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One table as one {@link MemoryTransaction} sees it: the committed rows overlaid with the
 * transaction's own writes, and the row and unique-key locks it takes (named {@code table:id} and
 * {@code table:index:value}). The repositories are written on top of it. Single-threaded.
 */
final class TableView<V> {
  private final MemoryTransaction tx;
  private final Table<V> table;

  TableView(MemoryTransaction tx, Table<V> table) {
    this.tx = tx;
    this.table = table;
  }

  /** Refuses to go on in a read-only session or after the transaction ended. */
  void writable() {
    tx.writable();
  }

  String idOf(V row) {
    return table.idOf(row);
  }

  /** The row with this id as this transaction sees it. */
  Optional<V> find(String id) {
    tx.check();
    if (id == null) {
      return Optional.empty();
    }
    Map<String, Object> own = tx.writesTo(table);
    if (own != null && own.containsKey(id)) {
      Object row = own.get(id);
      return row == MemoryTransaction.DELETED ? Optional.empty() : Optional.of(cast(row));
    }
    return table.get(id);
  }

  /** The row whose unique {@code index} has this value, as this transaction sees it. */
  Optional<V> findUnique(String index, String value) {
    tx.check();
    if (value == null) {
      return Optional.empty();
    }
    for (V row : own()) {
      if (value.equals(table.uniqueValues(row).get(index))) {
        return Optional.of(row);
      }
    }
    return table.idByUnique(index, value).flatMap(this::find)
        .filter(row -> value.equals(table.uniqueValues(row).get(index)));
  }

  /** Committed rows merged with this transaction's writes. */
  Stream<V> scan() {
    tx.check();
    Map<String, Object> own = tx.writesTo(table);
    Map<String, Object> written = own == null ? Map.of() : own;
    Stream<V> committed = table.all().stream().filter(row -> !written.containsKey(table.idOf(row)));
    return Stream.concat(committed, own().stream());
  }

  /** The committed rows only, ignoring this transaction's writes. */
  List<V> committed() {
    return table.snapshot();
  }

  /** Locks the row (waiting for its holder) and reads it; empty for a null id, which locks nothing. */
  Optional<V> lock(String id) {
    tx.writable();
    if (id == null) {
      return Optional.empty();
    }
    tx.lock(lockName(id));
    return find(id);
  }

  /** Like {@link #lock}, for a row that must exist. */
  V lockExisting(String id) {
    return lock(id).orElseThrow(() -> new StorageException(table.name + " " + id + " does not exist", false));
  }

  /** Takes the lock on {@code key} (a row id or another name within the table), waiting for its holder. */
  void lockKey(String key) {
    tx.writable();
    tx.lock(lockName(key));
  }

  /** Takes the row's lock only if it is free; returns whether this transaction holds it. */
  boolean tryLock(String id) {
    tx.writable();
    return tx.tryLock(lockName(id));
  }

  /** Inserts a new row, refusing a taken id or unique value with a {@link DuplicateKeyException}. */
  void insert(V row) {
    tx.writable();
    String id = table.idOf(row);
    tx.lock(lockName(id));
    Map<String, String> uniques = table.uniqueValues(row);
    uniques.forEach((index, value) -> tx.lock(uniqueLockName(index, value)));
    if (find(id).isPresent()) {
      throw new DuplicateKeyException(table.name + " " + id + " already exists");
    }
    uniques.forEach((index, value) -> {
      if (findUnique(index, value).isPresent()) {
        throw duplicate(index, value);
      }
    });
    put(id, row);
  }

  /** Replaces an existing row, locking it and any unique value it newly takes. */
  void update(V row) {
    String id = table.idOf(row);
    Map<String, String> before = table.uniqueValues(lockExisting(id));
    table.uniqueValues(row).forEach((index, value) -> {
      if (!value.equals(before.get(index))) {
        tx.lock(uniqueLockName(index, value));
        if (findUnique(index, value).filter(other -> !table.idOf(other).equals(id)).isPresent()) {
          throw duplicate(index, value);
        }
      }
    });
    put(id, row);
  }

  /** Writes the row under {@code id} with no check or lock (the caller holds what it needs). */
  void put(String id, V row) {
    tx.write(table, id, row);
  }

  /** Deletes the row under {@code id} with no check or lock (the caller holds what it needs). */
  void delete(String id) {
    tx.write(table, id, MemoryTransaction.DELETED);
  }

  private List<V> own() {
    Map<String, Object> rows = tx.writesTo(table);
    if (rows == null) {
      return List.of();
    }
    List<V> out = new ArrayList<>();
    rows.values().forEach(row -> {
      if (row != MemoryTransaction.DELETED) {
        out.add(cast(row));
      }
    });
    return out;
  }

  private String lockName(String key) {
    return table.name + ":" + key;
  }

  private String uniqueLockName(String index, String value) {
    return table.name + ":" + index + ":" + value;
  }

  private DuplicateKeyException duplicate(String index, String value) {
    return new DuplicateKeyException(table.name + "." + index + " " + value + " already exists");
  }

  @SuppressWarnings("unchecked")
  private static <V> V cast(Object row) {
    return (V) row;
  }
}

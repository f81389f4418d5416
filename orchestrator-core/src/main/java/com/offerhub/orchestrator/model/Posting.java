package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A double-entry posting: entries that sum to zero, written in the same transaction as the
 * business change they record. {@code kind} is the operation (e.g. {@code RESERVE}), {@code
 * reference} the order, withdrawal or transaction it belongs to.
 */
public record Posting(String id, String kind, String reference, List<LedgerEntry> entries, Instant postedAt)
    implements Serializable {
  public Posting {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(postedAt, "postedAt");
    entries = List.copyOf(entries);
    long sum = 0;
    for (LedgerEntry entry : entries) {
      sum = Math.addExact(sum, entry.amount().stroops());
    }
    if (sum != 0 || entries.size() < 2) {
      throw new IllegalArgumentException("posting " + kind + " does not balance: " + entries);
    }
  }
}

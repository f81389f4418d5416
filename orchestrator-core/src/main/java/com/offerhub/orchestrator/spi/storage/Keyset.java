package com.offerhub.orchestrator.spi.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in a newest-first list ordered by {@code (createdAt DESC, id DESC)}: the next page holds
 * the rows strictly after it in that order. A storage answers such a page from an index in time
 * proportional to the page, however deep it is (an offset would scan every row before it).
 */
public record Keyset(Instant createdAt, String id) {
  public Keyset {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(id, "id");
  }
}

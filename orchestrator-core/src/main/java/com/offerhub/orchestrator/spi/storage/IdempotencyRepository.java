package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.IdempotencyRecord;
import java.time.Instant;
import java.util.Optional;

/** Idempotency records, unique per (scope, key). */
public interface IdempotencyRepository {
  /**
   * Claims {@code candidate.scope()} + {@code candidate.key()} by inserting the candidate. If a
   * concurrent transaction holds an uncommitted claim on the same key, waits for it. Returns empty
   * when this transaction now owns the key; otherwise the existing, committed record (an existing
   * record that expired before {@code now} is replaced by the candidate and empty is returned).
   */
  Optional<IdempotencyRecord> claim(IdempotencyRecord candidate, Instant now);

  /** Stores the response of a key this transaction claimed. */
  void complete(String scope, String key, java.io.Serializable response);

  int deleteExpired(Instant now);
}

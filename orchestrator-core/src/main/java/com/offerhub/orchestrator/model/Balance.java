package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A user's balance projection (spec/01 §3.3); maintained only by ledger postings. */
public record Balance(String userId, Money available, Money reserved, String currency, Instant updatedAt)
    implements Serializable {
  public Balance {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(available, "available");
    Objects.requireNonNull(reserved, "reserved");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public static Balance zero(String userId, Instant now) {
    return new Balance(userId, Money.ZERO, Money.ZERO, "USD", now);
  }

  public Money total() {
    return available.plus(reserved);
  }
}

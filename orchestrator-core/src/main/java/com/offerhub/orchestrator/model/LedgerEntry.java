package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.util.Objects;

/** One leg of a posting: a signed amount on an account (see {@link LedgerAccounts}). */
public record LedgerEntry(String account, Money amount) implements Serializable {
  public LedgerEntry {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
  }
}

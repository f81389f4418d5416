package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A Soroban authorization entry. {@code address} null means source-account credentials (the
 * operation's source authorises by signing the transaction); otherwise address credentials whose
 * signature the front checked ({@code signatureVerified}) over the nonce, the expiration ledger and
 * the invocation tree.
 */
public record AuthEntry(String address, long nonce, long signatureExpirationLedger, boolean signatureVerified,
    Invocation rootInvocation) implements Serializable {
  public AuthEntry {
    Objects.requireNonNull(rootInvocation, "rootInvocation");
  }

  /** Source-account credentials for {@code invocation}. */
  public static AuthEntry sourceAccount(Invocation invocation) {
    return new AuthEntry(null, 0, 0, false, invocation);
  }

  public boolean isSourceAccount() {
    return address == null;
  }

  /** A contract function call being authorised, with the calls it makes on the authoriser's behalf. */
  public record Invocation(String contract, String function, List<ScVal> args, List<Invocation> subInvocations)
      implements Serializable {
    public Invocation {
      Objects.requireNonNull(contract, "contract");
      Objects.requireNonNull(function, "function");
      args = List.copyOf(args);
      subInvocations = List.copyOf(subInvocations);
    }
  }
}

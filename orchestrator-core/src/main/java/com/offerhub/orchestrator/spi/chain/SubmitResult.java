package com.offerhub.orchestrator.spi.chain;

/** Result of a submission; {@code error} names the network's reason for a rejection. */
public record SubmitResult(SubmitOutcome outcome, String hash, long ledger, String error) {
  public SubmitResult {
    java.util.Objects.requireNonNull(outcome, "outcome");
    java.util.Objects.requireNonNull(hash, "hash");
  }

  public static SubmitResult confirmed(String hash, long ledger) {
    return new SubmitResult(SubmitOutcome.CONFIRMED, hash, ledger, null);
  }

  public static SubmitResult rejected(String hash, String error) {
    return new SubmitResult(SubmitOutcome.REJECTED, hash, 0, error);
  }

  public static SubmitResult pending(String hash) {
    return new SubmitResult(SubmitOutcome.PENDING, hash, 0, null);
  }
}

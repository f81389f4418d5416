package com.offerhub.orchestrator.spi.chain;

/**
 * Result of a submission; {@code error} names the network's reason for a rejection.
 *
 * @param ledger the ledger the transaction was included in (CONFIRMED), else 0
 * @param sentAtLedger the network's latest ledger when the adapter sent the transaction, 0 when the
 *     network did not say; with {@code ledger} it gives the step's latency in ledgers
 */
public record SubmitResult(SubmitOutcome outcome, String hash, long ledger, String error, long sentAtLedger) {
  public SubmitResult {
    java.util.Objects.requireNonNull(outcome, "outcome");
    java.util.Objects.requireNonNull(hash, "hash");
  }

  /** A result whose send ledger is not known. */
  public SubmitResult(SubmitOutcome outcome, String hash, long ledger, String error) {
    this(outcome, hash, ledger, error, 0);
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

  /** This result, sent when the network's latest ledger was {@code latest}. */
  public SubmitResult sentAt(long latest) {
    return new SubmitResult(outcome, hash, ledger, error, latest);
  }
}

package com.offerhub.orchestrator.spi.observe;

import com.offerhub.orchestrator.model.SagaKind;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One on-chain step of a saga confirmed.
 *
 * <p>The ledger a step was submitted at is known when the chain adapter reports it
 * ({@code SubmitResult.sentAtLedger}: the simulated network and Soroban RPC do, a Horizon submission
 * does not) and this runner submitted the step; {@link #ledgers()} is empty otherwise, and
 * {@code sinceSubmission} (wall-clock time measured by the runner that submitted the step) is what
 * is known.
 *
 * @param kind the saga's kind
 * @param step the step's action without its milestone index ({@code deploy}, {@code fund},
 *     {@code complete}, {@code approve}, {@code release}, {@code dispute}, {@code resolve},
 *     {@code payment})
 * @param ledger the ledger the transaction was included in, 0 when the chain did not say
 * @param submittedLedger the network's latest ledger when the transaction was submitted, 0 when
 *     not known
 * @param sinceSubmission from this runner's first submission of the transaction to its
 *     confirmation; null when another runner (or an earlier run) submitted it
 */
public record StepConfirmation(SagaKind kind, String step, long ledger, long submittedLedger,
    Duration sinceSubmission) {
  public StepConfirmation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(step, "step");
  }

  /** Ledgers between submission and inclusion, when both are known. */
  public OptionalLong ledgers() {
    return ledger > 0 && submittedLedger > 0 && ledger >= submittedLedger ? OptionalLong.of(ledger - submittedLedger)
        : OptionalLong.empty();
  }
}

package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One on-chain transaction of a saga. {@code signerUserId} names whose wallet signs. Once a step
 * has a {@code txHash}, no second transaction is built for it until that hash is known to have
 * failed or expired ({@code validUntil} passed without inclusion).
 */
public record SagaStep(int index, String action, String signerUserId, StepState state, String unsignedXdr,
    String signedEnvelope, String txHash, Instant validUntil, String error, int attempts) implements Serializable {
  public SagaStep {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(signerUserId, "signerUserId");
    Objects.requireNonNull(state, "state");
  }

  public static SagaStep planned(int index, String action, String signerUserId) {
    return new SagaStep(index, action, signerUserId, StepState.PLANNED, null, null, null, null, null, 0);
  }

  public SagaStep unsigned(String xdr) {
    return new SagaStep(index, action, signerUserId, StepState.UNSIGNED, xdr, null, null, null, null, attempts);
  }

  public SagaStep signed(String envelope, String hash, Instant until) {
    return new SagaStep(index, action, signerUserId, StepState.SIGNED, unsignedXdr, envelope, hash, until, null,
        attempts + 1);
  }

  public SagaStep submitted() {
    return new SagaStep(index, action, signerUserId, StepState.SUBMITTED, unsignedXdr, signedEnvelope, txHash,
        validUntil, error, attempts);
  }

  public SagaStep confirmed() {
    return new SagaStep(index, action, signerUserId, StepState.CONFIRMED, unsignedXdr, signedEnvelope, txHash,
        validUntil, null, attempts);
  }

  /** CONFIRMED without a transaction of this saga: the chain already shows the step's effect. */
  public SagaStep alreadyOnChain() {
    return new SagaStep(index, action, signerUserId, StepState.CONFIRMED, null, null, null, null,
        "already on chain", attempts);
  }

  public SagaStep failed(String reason) {
    return new SagaStep(index, action, signerUserId, StepState.FAILED, unsignedXdr, signedEnvelope, txHash,
        validUntil, reason, attempts);
  }

  /**
   * The step with one more attempt counted though nothing was signed: the service refused to build
   * its transaction, and the refusal counts toward the step's limit as a rejected transaction would.
   */
  public SagaStep refusedAtBuild() {
    return new SagaStep(index, action, signerUserId, state, unsignedXdr, signedEnvelope, txHash, validUntil, error,
        attempts + 1);
  }

  /** Back to PLANNED so a fresh transaction is built, keeping the attempt count. */
  public SagaStep replan(String reason) {
    return new SagaStep(index, action, signerUserId, StepState.PLANNED, null, null, null, null, reason, attempts);
  }
}

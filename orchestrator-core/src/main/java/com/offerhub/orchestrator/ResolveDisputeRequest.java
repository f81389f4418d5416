package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.ResolutionDecision;

/**
 * Input of {@link DisputeOperations#resolve}. For SPLIT both amounts are required, each greater
 * than zero, summing exactly to the order amount; FULL_RELEASE and FULL_REFUND ignore them.
 */
public record ResolveDisputeRequest(ResolutionDecision decision, String decisionNote, String releaseAmount,
    String refundAmount) {
  public static ResolveDisputeRequest of(ResolutionDecision decision) {
    return new ResolveDisputeRequest(decision, null, null, null);
  }

  public static ResolveDisputeRequest split(String releaseAmount, String refundAmount) {
    return new ResolveDisputeRequest(ResolutionDecision.SPLIT, null, releaseAmount, refundAmount);
  }
}

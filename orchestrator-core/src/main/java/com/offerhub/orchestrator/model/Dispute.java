package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A dispute on an order (spec/01 §3.7). {@code decision} is set when a resolution starts, so a
 * second resolve is refused while the first settles on chain; {@code status} becomes RESOLVED when
 * the settlement is confirmed.
 */
public record Dispute(String id, String orderId, DisputeParty openedBy, DisputeReason reason, List<String> evidence,
    DisputeStatus status, ResolutionDecision decision, String decisionNote, String assignedTo, Money releaseAmount,
    Money refundAmount, Instant createdAt, Instant updatedAt) implements Serializable {
  public Dispute {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(openedBy, "openedBy");
    Objects.requireNonNull(reason, "reason");
    evidence = List.copyOf(evidence);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Dispute assign(String assignee, Instant now) {
    Transitions.require("dispute", id, status, DisputeStatus.UNDER_REVIEW);
    return new Dispute(id, orderId, openedBy, reason, evidence, DisputeStatus.UNDER_REVIEW, decision, decisionNote,
        assignee, releaseAmount, refundAmount, createdAt, now);
  }

  public Dispute decide(ResolutionDecision newDecision, String note, Money release, Money refund, Instant now) {
    return new Dispute(id, orderId, openedBy, reason, evidence, status, newDecision, note, assignedTo, release, refund,
        createdAt, now);
  }

  public Dispute resolved(Instant now) {
    Transitions.require("dispute", id, status, DisputeStatus.RESOLVED);
    return new Dispute(id, orderId, openedBy, reason, evidence, DisputeStatus.RESOLVED, decision, decisionNote,
        assignedTo, releaseAmount, refundAmount, createdAt, now);
  }
}

package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A milestone of an order, addressed by its client-chosen {@code ref} (spec/01 §3.5). */
public record Milestone(String ref, String title, Money amount, MilestoneStatus status, Instant completedAt)
    implements Serializable {
  public Milestone {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(status, "status");
  }

  public Milestone complete(Instant now) {
    Transitions.require("milestone", ref, status, MilestoneStatus.COMPLETED);
    return new Milestone(ref, title, amount, MilestoneStatus.COMPLETED, now);
  }
}

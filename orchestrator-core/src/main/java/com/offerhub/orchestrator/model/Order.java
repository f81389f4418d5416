package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order between a buyer and a seller (spec/01 §3.4). {@code metadata} is an opaque JSON text the
 * engine stores and returns verbatim.
 */
public record Order(String id, String clientOrderRef, String buyerId, String sellerId, Money amount, String currency,
    OrderStatus status, String title, String description, String metadata, List<Milestone> milestones,
    Instant createdAt, Instant updatedAt) implements Serializable {
  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(buyerId, "buyerId");
    Objects.requireNonNull(sellerId, "sellerId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(title, "title");
    milestones = List.copyOf(milestones);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Returns this order in {@code target}, or throws {@code INVALID_STATE} if the move is illegal. */
  public Order moveTo(OrderStatus target, Instant now) {
    Transitions.require("order", id, status, target);
    return new Order(id, clientOrderRef, buyerId, sellerId, amount, currency, target, title, description, metadata,
        milestones, createdAt, now);
  }

  public Order withMilestones(List<Milestone> newMilestones, Instant now) {
    return new Order(id, clientOrderRef, buyerId, sellerId, amount, currency, status, title, description, metadata,
        newMilestones, createdAt, now);
  }
}

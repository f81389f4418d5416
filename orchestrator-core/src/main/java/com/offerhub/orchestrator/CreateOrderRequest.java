package com.offerhub.orchestrator;

import java.util.List;

/**
 * Input of {@link OrderOperations#create}. {@code amount} and milestone amounts are decimal strings;
 * milestone amounts must sum exactly to the order amount. {@code metadata} is opaque JSON text.
 */
public record CreateOrderRequest(String buyerId, String sellerId, String amount, String currency, String title,
    String description, String metadata, String clientOrderRef, List<MilestoneInput> milestones) {
  public CreateOrderRequest {
    milestones = milestones == null ? List.of() : List.copyOf(milestones);
  }

  public static CreateOrderRequest of(String buyerId, String sellerId, String amount, String title) {
    return new CreateOrderRequest(buyerId, sellerId, amount, null, title, null, null, null, List.of());
  }

  public CreateOrderRequest withMilestones(List<MilestoneInput> newMilestones) {
    return new CreateOrderRequest(buyerId, sellerId, amount, currency, title, description, metadata, clientOrderRef,
        newMilestones);
  }

  public CreateOrderRequest withClientOrderRef(String ref) {
    return new CreateOrderRequest(buyerId, sellerId, amount, currency, title, description, metadata, ref, milestones);
  }

  /** A milestone of a new order. */
  public record MilestoneInput(String ref, String title, String amount) {}
}

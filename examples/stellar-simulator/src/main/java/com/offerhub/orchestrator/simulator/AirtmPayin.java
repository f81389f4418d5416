package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One pay-in of the simulated AirTM: fixed terms and a status that moves
 * {@code CREATED → PROCESSING → CONFIRMED}, or to {@code CANCELED} / {@code FAILED}. Mutable;
 * guarded by the lock of the {@link AirtmEnterprise} that holds it.
 */
final class AirtmPayin {
  enum Status { CREATED, PROCESSING, CONFIRMED, CANCELED, FAILED }

  final String id = UUID.randomUUID().toString();
  final long sequence;
  final AirtmRequests.NewPayin terms;
  final BigDecimal airtmFee;
  final List<String> itemIds;
  final Instant createdAt;
  Status status = Status.CREATED;
  Instant updatedAt;
  String userId;
  String userEmail;
  String failureReason;

  AirtmPayin(long sequence, AirtmRequests.NewPayin terms, BigDecimal airtmFee, Instant now) {
    this.sequence = sequence;
    this.terms = terms;
    this.airtmFee = airtmFee;
    this.itemIds = terms.items().stream().map(item -> UUID.randomUUID().toString()).toList();
    this.createdAt = now;
    this.updatedAt = now;
  }

  BigDecimal netAmount() {
    return terms.amount().subtract(airtmFee);
  }

  /** AirTM's {@code PayinResponse}. */
  ObjectNode toJson() {
    ObjectNode node = Http.object();
    node.put("id", id);
    node.put("code", terms.code());
    node.put("status", status.name());
    node.put("amount", terms.amount());
    node.put("netAmount", netAmount());
    node.put("airtmFee", airtmFee);
    node.put("description", terms.description());
    ArrayNode items = node.putArray("items");
    for (int i = 0; i < terms.items().size(); i++) {
      AirtmRequests.Item item = terms.items().get(i);
      ObjectNode json = items.addObject();
      json.put("description", item.description());
      json.put("amount", item.amount());
      json.put("quantity", item.quantity());
      json.put("id", itemIds.get(i));
      json.put("payinId", id);
    }
    if (userId != null) {
      node.put("airtmUserId", userId);
      node.put("airtmUserEmail", userEmail);
    }
    if (failureReason != null) {
      node.put("failureReason", failureReason);
    }
    node.put("createdAt", createdAt.toString());
    node.put("updatedAt", updatedAt.toString());
    node.put("confirmationUri", terms.confirmationUri());
    node.put("cancelUri", terms.cancelUri());
    return node;
  }
}

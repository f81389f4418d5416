package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One payout of the simulated AirTM: {@code CREATED → COMMITTED → COMPLETED}, or
 * {@code COMMITTED → PENDING} while the recipient is not ready, {@code FAILED}, {@code CANCELED};
 * with its history for {@code GET /payouts/{id}/events}. Mutable; guarded by the lock of the
 * {@link AirtmEnterprise} that holds it.
 */
final class AirtmPayout {
  enum Status {
    CREATED, COMMITTED, PENDING, COMPLETED, FAILED, CANCELED;

    boolean isFinal() {
      return this == COMPLETED || this == FAILED || this == CANCELED;
    }
  }

  /** One entry of the history: the status reached, when, and the reason of a failure. */
  record Event(String id, Status status, String reasonCode, Instant at) {
  }

  final String id = UUID.randomUUID().toString();
  final AirtmRequests.NewPayout terms;
  final String userId;
  final Instant createdAt;
  final List<Event> history = new ArrayList<>();
  Status status;
  Instant updatedAt;
  String reasonCode;
  String reasonDescription;

  AirtmPayout(AirtmRequests.NewPayout terms, String userId, Instant now) {
    this.terms = terms;
    this.userId = userId;
    this.createdAt = now;
    move(Status.CREATED, now);
  }

  /** What leaves the enterprise balance: the gross amount less the enterprise's fee. */
  BigDecimal debit() {
    return terms.amount().subtract(terms.enterpriseFee());
  }

  void move(Status next, Instant now) {
    status = next;
    updatedAt = now;
    history.add(new Event(UUID.randomUUID().toString(), next, next == Status.FAILED ? reasonCode : null, now));
  }

  /** AirTM's {@code PayoutResponse}; no AirTM fee is charged, so {@code netAmount = amount}. */
  ObjectNode toJson() {
    ObjectNode node = Http.object();
    node.put("id", id);
    if (terms.code() != null) {
      node.put("code", terms.code());
    }
    node.put("airtmUserId", userId);
    node.put("airtmUserEmail", terms.email());
    node.put("requireIdVerified", terms.requireIdVerified());
    node.put("notes", terms.notes());
    if (terms.internalNote() != null) {
      node.put("internalNote", terms.internalNote());
    }
    node.put("status", status.name());
    node.put("grossAmount", terms.amount());
    node.put("amount", debit());
    node.put("netAmount", debit());
    node.put("airtmFee", BigDecimal.ZERO.setScale(2));
    node.put("enterpriseFee", terms.enterpriseFee());
    if (reasonCode != null) {
      node.put("reasonCode", reasonCode);
    }
    if (reasonDescription != null) {
      node.put("reasonDescription", reasonDescription);
    }
    node.put("createdAt", createdAt.toString());
    node.put("updatedAt", updatedAt.toString());
    return node;
  }

  /**
   * The history as {@code OperationEvent[]}; AirTM's schema for it is not in the spec, so the
   * fields ({@code id, operationId, status, reasonCode?, createdAt}) are the simulator's choice.
   */
  ArrayNode eventsJson() {
    ArrayNode array = Http.JSON.createArrayNode();
    for (Event event : history) {
      ObjectNode json = array.addObject();
      json.put("id", event.id());
      json.put("operationId", id);
      json.put("status", event.status().name());
      if (event.reasonCode() != null) {
        json.put("reasonCode", event.reasonCode());
      }
      json.put("createdAt", event.at().toString());
    }
    return array;
  }
}

package com.offerhub.orchestrator.server.api;

import static com.offerhub.orchestrator.server.http.Times.iso;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.BalanceOperationResult;
import com.offerhub.orchestrator.BalanceSync;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.Milestone;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.server.http.Json;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of spec/02 §10, built as ordered maps (nulls are written as null). */
public final class Views {
  private Views() {}

  static String money(Money value) {
    return value == null ? null : value.format();
  }

  public static Map<String, Object> user(User user, Balance balance) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", user.id());
    v.put("externalUserId", user.externalUserId());
    v.put("email", user.email());
    v.put("type", user.type().name());
    v.put("status", user.status().name());
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("available", money(balance.available()));
    b.put("reserved", money(balance.reserved()));
    b.put("currency", balance.currency());
    v.put("balance", b);
    v.put("airtmLinked", user.airtmUserId() != null);
    v.put("airtmUserId", user.airtmUserId());
    v.put("airtmLinkedAt", iso(user.airtmLinkedAt()));
    v.put("createdAt", iso(user.createdAt()));
    v.put("updatedAt", iso(user.updatedAt()));
    return v;
  }

  public static Map<String, Object> balance(Balance balance) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("userId", balance.userId());
    v.put("user_id", balance.userId());
    v.put("available", money(balance.available()));
    v.put("reserved", money(balance.reserved()));
    v.put("total", money(balance.available().plus(balance.reserved())));
    v.put("currency", balance.currency());
    v.put("updatedAt", iso(balance.updatedAt()));
    v.put("updated_at", iso(balance.updatedAt()));
    return v;
  }

  public static Map<String, Object> balanceOperation(BalanceOperationResult result) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("success", true);
    v.put("operation", result.operation());
    v.put("amount", money(result.amount()));
    v.put("balance", balance(result.balance()));
    v.put("previousBalance", pair(result.previousBalance()));
    v.put("newBalance", pair(result.balance()));
    v.put("auditLogId", null);
    v.putAll(balance(result.balance()));
    return v;
  }

  private static Map<String, Object> pair(Balance balance) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("available", money(balance.available()));
    v.put("reserved", money(balance.reserved()));
    return v;
  }

  public static Map<String, Object> sync(BalanceSync sync) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("synced", sync.synced());
    v.put("localBalance", money(sync.localBalance()));
    v.put("providerBalance", sync.providerBalance() == null ? "unknown" : money(sync.providerBalance()));
    v.put("discrepancy", sync.discrepancy() == null ? "unknown" : money(sync.discrepancy()));
    v.put("action", sync.action());
    return v;
  }

  public static Map<String, Object> wallet(Wallet wallet, Money usdc, Money xlm) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("publicKey", wallet.publicKey());
    v.put("type", "INVISIBLE");
    v.put("provider", "STELLAR");
    v.put("isActive", wallet.status() == WalletStatus.ACTIVE);
    v.put("status", wallet.status().name());
    v.put("isPrimary", wallet.primary());
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("usdc", usdc == null ? "0.0000000" : usdc.formatChain());
    b.put("xlm", xlm == null ? "0.0000000" : xlm.formatChain());
    v.put("balance", b);
    v.put("createdAt", iso(wallet.createdAt()));
    return v;
  }

  public static Map<String, Object> walletTransaction(IncomingPayment payment, String asset) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", payment.transactionHash() + ":" + payment.operationIndex());
    v.put("type", "payment");
    v.put("from", payment.from());
    v.put("to", payment.to());
    v.put("amount", payment.amount().formatChain());
    v.put("asset", asset);
    v.put("createdAt", iso(payment.closedAt()));
    v.put("hash", payment.transactionHash());
    v.put("successful", true);
    return v;
  }

  public static Map<String, Object> order(OrderSnapshot snapshot) {
    Order order = snapshot.order();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", order.id());
    v.put("clientOrderRef", order.clientOrderRef());
    v.put("buyerId", order.buyerId());
    v.put("sellerId", order.sellerId());
    v.put("amount", money(order.amount()));
    v.put("currency", order.currency());
    v.put("status", order.status().name());
    v.put("title", order.title());
    v.put("description", order.description());
    v.put("metadata", metadata(order.metadata()));
    v.put("createdAt", iso(order.createdAt()));
    v.put("updatedAt", iso(order.updatedAt()));
    v.put("escrow", snapshot.escrow() == null ? null : escrow(snapshot.escrow(), order.currency()));
    v.put("dispute", snapshot.dispute() == null ? null : dispute(snapshot.dispute(), null));
    v.put("milestones", milestones(order));
    return v;
  }

  private static JsonNode metadata(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      return Json.mapper().getNodeFactory().textNode(json);
    }
  }

  public static List<Map<String, Object>> milestones(Order order) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Milestone milestone : order.milestones()) {
      out.add(milestone(order, milestone));
    }
    return out;
  }

  public static Map<String, Object> milestone(Order order, Milestone milestone) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", order.id() + ":" + milestone.ref());
    v.put("orderId", order.id());
    v.put("milestoneRef", milestone.ref());
    v.put("ref", milestone.ref());
    v.put("title", milestone.title());
    v.put("description", milestone.title());
    v.put("amount", money(milestone.amount()));
    v.put("status", milestone.status().name());
    v.put("completedAt", iso(milestone.completedAt()));
    v.put("createdAt", iso(order.createdAt()));
    v.put("updatedAt", iso(milestone.completedAt() == null ? order.createdAt() : milestone.completedAt()));
    return v;
  }

  public static Map<String, Object> escrow(Escrow escrow, String currency) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", escrow.id());
    v.put("orderId", escrow.orderId());
    v.put("trustlessContractId", escrow.contractId());
    v.put("contractId", escrow.contractId());
    v.put("status", escrow.status().name());
    v.put("amount", money(escrow.amount()));
    v.put("currency", currency);
    v.put("terms", null);
    v.put("fundedAt", iso(escrow.fundedAt()));
    v.put("releasedAt", iso(escrow.releasedAt()));
    v.put("refundedAt", iso(escrow.refundedAt()));
    v.put("createdAt", iso(escrow.createdAt()));
    v.put("updatedAt", iso(escrow.updatedAt()));
    return v;
  }

  /** DisputeView; {@code order} null gives the DisputeSummary. */
  public static Map<String, Object> dispute(Dispute dispute, OrderSnapshot order) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", dispute.id());
    v.put("orderId", dispute.orderId());
    v.put("openedBy", dispute.openedBy().name());
    v.put("reason", dispute.reason().name());
    v.put("evidence", dispute.evidence());
    v.put("status", dispute.status().name());
    v.put("resolutionDecision", dispute.decision() == null ? null : dispute.decision().name());
    v.put("decisionNote", dispute.decisionNote());
    v.put("assignedTo", dispute.assignedTo());
    v.put("releaseAmount", money(dispute.releaseAmount()));
    v.put("refundAmount", money(dispute.refundAmount()));
    v.put("createdAt", iso(dispute.createdAt()));
    v.put("updatedAt", iso(dispute.updatedAt()));
    if (order != null) {
      v.put("order", order(order));
    }
    return v;
  }

  public static Map<String, Object> topUp(TopUp topUp) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", topUp.id());
    v.put("userId", topUp.userId());
    v.put("amount", money(topUp.amount()));
    v.put("currency", topUp.currency());
    v.put("status", topUp.status().name());
    v.put("airtmPayinId", topUp.providerRef());
    v.put("confirmationUri", topUp.confirmationUri());
    v.put("description", topUp.description());
    v.put("failureReason", topUp.failureReason());
    v.put("createdAt", iso(topUp.createdAt()));
    v.put("updatedAt", iso(topUp.updatedAt()));
    return v;
  }

  public static Map<String, Object> withdrawal(Withdrawal withdrawal) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", withdrawal.id());
    v.put("userId", withdrawal.userId());
    v.put("amount", money(withdrawal.amount()));
    v.put("fee", null);
    v.put("currency", withdrawal.currency());
    v.put("status", withdrawal.status().name());
    v.put("destinationType", withdrawal.destinationType().name().toLowerCase(Locale.ROOT));
    v.put("destinationRef", withdrawal.destinationRef());
    v.put("airtmPayoutId", withdrawal.providerRef());
    v.put("transactionHash", withdrawal.transactionHash());
    v.put("failureReason", withdrawal.failureReason());
    v.put("description", withdrawal.description());
    v.put("createdAt", iso(withdrawal.createdAt()));
    v.put("updatedAt", iso(withdrawal.updatedAt()));
    return v;
  }

  public static Map<String, Object> apiKey(ApiKey key) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", key.id());
    v.put("name", key.name());
    v.put("scopes", key.scopes().stream().sorted().toList());
    v.put("marketplaceId", key.marketplaceId());
    v.put("maskedKey", "ohk_live_" + key.id() + "_****");
    v.put("lastUsedAt", iso(key.lastUsedAt()));
    v.put("revokedAt", iso(key.revokedAt()));
    v.put("createdAt", iso(key.createdAt()));
    return v;
  }

  public static Map<String, Object> audit(AuditEntry entry) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", entry.id());
    v.put("occurredAt", iso(entry.occurredAt()));
    v.put("action", entry.action());
    v.put("resourceType", entry.resourceType());
    v.put("resourceId", entry.resourceId());
    v.put("userId", entry.userId());
    v.put("payloadBefore", entry.before() == null || entry.before().isEmpty() ? null : entry.before());
    v.put("payloadAfter", entry.after() == null || entry.after().isEmpty() ? null : entry.after());
    v.put("actorType", entry.actorType());
    v.put("actorId", entry.actorId());
    v.put("result", entry.result());
    v.put("correlationId", null);
    return v;
  }

  /** DomainEvent of spec/03 §1 plus its {@code sequence}. */
  public static Map<String, Object> event(DomainEvent event) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sequence", event.sequence());
    v.put("eventId", event.eventId());
    v.put("eventType", event.eventType());
    v.put("occurredAt", iso(event.occurredAt()));
    v.put("aggregateId", event.aggregateId());
    v.put("aggregateType", event.aggregateType());
    Map<String, Object> payload = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : event.payload().entrySet()) {
      payload.put(entry.getKey(), entry.getValue() instanceof Instant at ? iso(at) : entry.getValue());
    }
    v.put("payload", payload);
    v.put("metadata", new java.util.TreeMap<>(event.metadata()));
    return v;
  }
}

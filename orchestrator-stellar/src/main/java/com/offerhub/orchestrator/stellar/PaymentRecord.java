package com.offerhub.orchestrator.stellar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of Horizon's payments endpoints ({@code /payments}, {@code /accounts/{id}/payments}):
 * the fields a deposit needs, read with Jackson. The SDK's reader builds a new Gson for every
 * operation it parses, which at a busy network's thousand payments a ledger cost more than all the
 * rest of a scan.
 *
 * @param id the operation's id (its TOID), null when absent or not a number
 * @param successful {@code transaction_successful}, null when absent
 * @param changes the {@code asset_balance_changes} of a contract call (empty for other types)
 */
record PaymentRecord(Long id, String pagingToken, String type, Boolean successful, String transactionHash,
    String createdAt, String assetType, String assetCode, String assetIssuer, String from, String to, String amount,
    List<BalanceChange> changes) {
  PaymentRecord {
    changes = List.copyOf(changes);
  }

  /** A token movement of a contract call, as Horizon lists it. */
  record BalanceChange(String type, String assetType, String assetCode, String assetIssuer, String from, String to,
      String amount) {}

  static PaymentRecord of(JsonNode node) {
    List<BalanceChange> changes = new ArrayList<>();
    for (JsonNode change : node.path("asset_balance_changes")) {
      changes.add(new BalanceChange(text(change, "type"), text(change, "asset_type"), text(change, "asset_code"),
          text(change, "asset_issuer"), text(change, "from"), text(change, "to"), text(change, "amount")));
    }
    JsonNode successful = node.get("transaction_successful");
    return new PaymentRecord(id(text(node, "id")), text(node, "paging_token"), text(node, "type"),
        successful == null || successful.isNull() ? null : successful.asBoolean(), text(node, "transaction_hash"),
        text(node, "created_at"), text(node, "asset_type"), text(node, "asset_code"), text(node, "asset_issuer"),
        text(node, "from"), text(node, "to"), text(node, "amount"), changes);
  }

  /** The records of a page ({@code _embedded.records}), in order. */
  static List<PaymentRecord> page(JsonNode page) {
    List<PaymentRecord> records = new ArrayList<>();
    for (JsonNode record : page.path("_embedded").path("records")) {
      records.add(of(record));
    }
    return records;
  }

  private static Long id(String text) {
    try {
      return text == null ? null : Long.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}

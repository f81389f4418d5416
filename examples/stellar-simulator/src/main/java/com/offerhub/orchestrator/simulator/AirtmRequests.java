package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The bodies of AirTM's {@code POST /payins} and {@code POST /payouts} read and checked as AirTM's
 * published schema says (spec/06 §5.2, §6.2): required fields, no other fields
 * ({@code additionalProperties: false}), amounts as JSON numbers of at most two decimals. Every
 * violation is a 400 {@value AirtmRefusal#INVALID_FORMAT} naming the field. Stateless.
 */
final class AirtmRequests {
  static final BigDecimal CENT = new BigDecimal("0.01");
  /** The longest pay-in description AirTM shows the payer. */
  static final int DESCRIPTION_MAX = 250;
  /** The longest payout note (the bulk payouts' limit, inferred for single payouts, spec/06 §6.2). */
  static final int NOTES_MAX = 255;
  /** The longest code or internal note accepted (not stated by AirTM; inferred). */
  static final int CODE_MAX = 255;
  private static final Set<String> PAYIN_FIELDS = Set.of("code", "amount", "description", "items",
      "confirmationUri", "cancelUri");
  private static final Set<String> ITEM_FIELDS = Set.of("description", "amount", "quantity");
  private static final Set<String> PAYOUT_FIELDS = Set.of("airtmUserEmail", "amount", "notes", "code", "commit",
      "internalNote", "enterpriseFee", "requireIdVerified");

  private AirtmRequests() {}

  /** One line of a pay-in. */
  record Item(String description, BigDecimal amount, int quantity) {
  }

  /** A checked {@code CreatePayinRequest}; amounts at scale 2. */
  record NewPayin(String code, BigDecimal amount, String description, List<Item> items, String confirmationUri,
      String cancelUri) {
  }

  /** A checked {@code CreatePayoutRequest}; {@code code} and {@code internalNote} may be null. */
  record NewPayout(String email, BigDecimal amount, String notes, String code, boolean commit, String internalNote,
      BigDecimal enterpriseFee, boolean requireIdVerified) {
  }

  static NewPayin payin(JsonNode body) {
    requireObject(body, "body");
    onlyFields(body, PAYIN_FIELDS, "");
    String code = text(body, "code", "code", CODE_MAX);
    BigDecimal amount = amount(body, "amount", "amount");
    String description = text(body, "description", "description", DESCRIPTION_MAX);
    JsonNode rawItems = body.get("items");
    if (rawItems == null || !rawItems.isArray() || rawItems.isEmpty()) {
      throw AirtmRefusal.invalid("items", "items must be a non-empty array");
    }
    List<Item> items = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < rawItems.size(); i++) {
      String path = "items[" + i + "]";
      JsonNode raw = rawItems.get(i);
      requireObject(raw, path);
      onlyFields(raw, ITEM_FIELDS, path + ".");
      Item item = new Item(text(raw, "description", path + ".description", DESCRIPTION_MAX),
          amount(raw, "amount", path + ".amount"), quantity(raw, path + ".quantity"));
      items.add(item);
      total = total.add(item.amount().multiply(BigDecimal.valueOf(item.quantity())));
    }
    if (total.compareTo(amount) != 0) {
      throw AirtmRefusal.invalid("amount", "amount " + amount.toPlainString()
          + " must equal the sum of the items' amount x quantity (" + total.toPlainString() + ")");
    }
    return new NewPayin(code, amount, description, List.copyOf(items), uri(body, "confirmationUri"),
        uri(body, "cancelUri"));
  }

  static NewPayout payout(JsonNode body) {
    requireObject(body, "body");
    onlyFields(body, PAYOUT_FIELDS, "");
    String email = text(body, "airtmUserEmail", "airtmUserEmail", CODE_MAX);
    if (!email.contains("@")) {
      throw AirtmRefusal.invalid("airtmUserEmail", "airtmUserEmail must be an e-mail address");
    }
    BigDecimal amount = amount(body, "amount", "amount");
    String notes = text(body, "notes", "notes", NOTES_MAX);
    String code = body.has("code") ? text(body, "code", "code", CODE_MAX) : null;
    boolean commit = bool(body, "commit");
    String internalNote = body.has("internalNote") ? text(body, "internalNote", "internalNote", CODE_MAX) : null;
    BigDecimal fee = BigDecimal.ZERO.setScale(2);
    if (body.has("enterpriseFee")) {
      fee = decimal(body.get("enterpriseFee"), "enterpriseFee");
      if (fee.signum() < 0 || fee.compareTo(amount) >= 0) {
        throw AirtmRefusal.invalid("enterpriseFee", "enterpriseFee must be at least 0 and less than amount");
      }
    }
    return new NewPayout(email.trim(), amount, notes, code, commit, internalNote, fee,
        bool(body, "requireIdVerified"));
  }

  private static void requireObject(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw AirtmRefusal.invalid(path, path + " must be a JSON object");
    }
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw AirtmRefusal.invalid(prefix + name, "unknown field " + prefix + name
            + " (no additional properties are allowed)");
      }
    }
  }

  private static String text(JsonNode node, String field, String path, int max) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw AirtmRefusal.invalid(path, path + " is required and must be a non-empty string");
    }
    if (value.asText().length() > max) {
      throw AirtmRefusal.invalid(path, path + " must be at most " + max + " characters");
    }
    return value.asText();
  }

  /** A required positive amount: at least 0.01, at most two decimals. */
  private static BigDecimal amount(JsonNode node, String field, String path) {
    BigDecimal value = decimal(node.get(field), path);
    if (value.compareTo(CENT) < 0) {
      throw AirtmRefusal.invalid(path, path + " must be at least 0.01");
    }
    return value;
  }

  /** A JSON number with at most two decimals, at scale 2. */
  private static BigDecimal decimal(JsonNode value, String path) {
    if (value == null || !value.isNumber()) {
      throw AirtmRefusal.invalid(path, path + " is required and must be a JSON number");
    }
    BigDecimal decimal = value.decimalValue();
    if (decimal.stripTrailingZeros().scale() > 2) {
      throw AirtmRefusal.invalid(path, path + " must have at most 2 decimals");
    }
    return decimal.setScale(2);
  }

  private static int quantity(JsonNode node, String path) {
    JsonNode value = node.get("quantity");
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
      throw AirtmRefusal.invalid(path, path + " must be an integer of at least 1");
    }
    return value.asInt();
  }

  private static boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw AirtmRefusal.invalid(field, field + " must be a boolean");
    }
    return value.asBoolean();
  }

  private static String uri(JsonNode node, String field) {
    String text = text(node, field, field, 2048);
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (!uri.isAbsolute() || uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw AirtmRefusal.invalid(field, field + " must be an absolute http(s) URI");
      }
    } catch (URISyntaxException e) {
      throw AirtmRefusal.invalid(field, field + " must be an absolute http(s) URI");
    }
    return text;
  }
}

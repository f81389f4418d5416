package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for event payloads and audit snapshots (spec/03 §4, spec/01 §7.3). */
public final class Payloads {
  private Payloads() {}

  /** An ordered map from alternating keys and values; null values are kept out. */
  public static Map<String, Object> of(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object value = keysAndValues[i + 1];
      if (value != null) {
        map.put((String) keysAndValues[i], value instanceof Money m ? m.format() : value instanceof Enum<?> e
            ? e.name() : value instanceof java.time.Instant t ? t.toString() : value);
      }
    }
    return map;
  }

  /** String-only map for audit rows. */
  public static Map<String, String> audit(Object... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    of(keysAndValues).forEach((k, v) -> map.put(k, String.valueOf(v)));
    return map;
  }

  public static Map<String, String> balance(Balance balance) {
    return audit("available", balance.available(), "reserved", balance.reserved());
  }

  public static Map<String, String> status(Enum<?> status) {
    return audit("status", status);
  }

  public static Map<String, Object> credited(Books.Change change, Money amount, String source, String sourceId) {
    return of("userId", change.after().userId(), "amount", amount, "currency", change.after().currency(),
        "source", source, "sourceId", sourceId, "previousAvailableBalance", change.before().available(),
        "newAvailableBalance", change.after().available(), "newBalance", change.after().available());
  }

  public static Map<String, Object> debited(Books.Change change, Money amount, String destination, String id) {
    return of("userId", change.after().userId(), "amount", amount, "currency", change.after().currency(),
        "destination", destination, "destinationId", id, "previousAvailableBalance", change.before().available(),
        "newAvailableBalance", change.after().available());
  }

  public static Map<String, Object> reservedOrReleased(Books.Change change, Money amount, String orderId,
      String reason) {
    return of("userId", change.after().userId(), "amount", amount, "currency", change.after().currency(),
        "orderId", orderId, "reason", reason, "previousReservedBalance", change.before().reserved(),
        "newReservedBalance", change.after().reserved(), "previousAvailableBalance", change.before().available(),
        "newAvailableBalance", change.after().available());
  }

  public static Map<String, String> orderAudit(Order order) {
    return audit("status", order.status(), "amount", order.amount());
  }
}

package com.offerhub.orchestrator.airtm;

import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AirTM's pay-in and payout statuses (spec/06 §5.2, §6.2) grouped as the engine acts on them (§5.3,
 * §6.3), compared without regard to case as AirTM advises. A status AirTM adds later maps to
 * {@code PROCESSING}: the engine keeps the money held and asks again, whereas guessing
 * {@code FAILED} or {@code CANCELED} would return money that may have moved. Each unknown status is
 * logged once per instance. Thread-safe.
 */
final class AirtmStatuses {
  private static final Logger LOG = LoggerFactory.getLogger(AirtmStatuses.class);

  private static final Map<String, ProviderPaymentStatus> PAYIN = Map.of(
      "CREATED", ProviderPaymentStatus.AWAITING_USER_CONFIRMATION,
      "PROCESSING", ProviderPaymentStatus.PROCESSING,
      "CONFIRMED", ProviderPaymentStatus.SUCCEEDED,
      "FAILED", ProviderPaymentStatus.FAILED,
      "BRIDGE_FAILED", ProviderPaymentStatus.FAILED,
      "CANCELED", ProviderPaymentStatus.CANCELED,
      "BRIDGE_CANCELED", ProviderPaymentStatus.CANCELED);

  private static final Map<String, ProviderPaymentStatus> PAYOUT = Map.ofEntries(
      Map.entry("CREATED", ProviderPaymentStatus.CREATED),
      Map.entry("COMMITTED", ProviderPaymentStatus.COMMITTED),
      Map.entry("PENDING", ProviderPaymentStatus.AWAITING_USER_CONFIRMATION),
      Map.entry("PENDING_USER_ACTION", ProviderPaymentStatus.AWAITING_USER_CONFIRMATION),
      Map.entry("BRIDGE_USER_SIGNUP_PENDING", ProviderPaymentStatus.AWAITING_USER_CONFIRMATION),
      Map.entry("PROCESSING", ProviderPaymentStatus.PROCESSING),
      Map.entry("PENDING_SIGNATURE", ProviderPaymentStatus.PROCESSING),
      Map.entry("SIGNED", ProviderPaymentStatus.PROCESSING),
      Map.entry("BRIDGE_CREATED", ProviderPaymentStatus.PROCESSING),
      Map.entry("CANCEL_REQUESTED", ProviderPaymentStatus.PROCESSING),
      Map.entry("COMPLETED", ProviderPaymentStatus.SUCCEEDED),
      Map.entry("COSMOEM_COMPLETED", ProviderPaymentStatus.SUCCEEDED),
      Map.entry("BRIDGE_COMPLETED", ProviderPaymentStatus.SUCCEEDED),
      Map.entry("FAILED", ProviderPaymentStatus.FAILED),
      Map.entry("ERROR", ProviderPaymentStatus.FAILED),
      Map.entry("BRIDGE_FAILED", ProviderPaymentStatus.FAILED),
      Map.entry("BRIDGE_MAX_RETRIES_REACHED", ProviderPaymentStatus.FAILED),
      Map.entry("CANCELED", ProviderPaymentStatus.CANCELED));

  /** Bounds the memory of statuses already logged, should AirTM send garbage. */
  private static final int MAX_REPORTED = 100;

  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** The engine's status for an AirTM pay-in status. */
  ProviderPaymentStatus payin(String status) {
    return map("pay-in", PAYIN, status);
  }

  /** The engine's status for an AirTM payout status. */
  ProviderPaymentStatus payout(String status) {
    return map("payout", PAYOUT, status);
  }

  private ProviderPaymentStatus map(String kind, Map<String, ProviderPaymentStatus> table, String status) {
    String key = status.trim().toUpperCase(Locale.ROOT);
    ProviderPaymentStatus known = table.get(key);
    if (known != null) {
      return known;
    }
    String shown = key.replaceAll("[^A-Z0-9_ -]", "?");
    shown = shown.length() > 60 ? shown.substring(0, 60) : shown;
    if (reported.size() < MAX_REPORTED && reported.add(kind + ":" + shown)) {
      LOG.warn("AirTM sent the {} status '{}', which this adapter does not know; treated as PROCESSING "
          + "(money stays held until a known status arrives)", kind, shown);
    }
    return ProviderPaymentStatus.PROCESSING;
  }
}

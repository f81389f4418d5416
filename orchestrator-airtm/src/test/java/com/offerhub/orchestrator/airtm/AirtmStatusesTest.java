package com.offerhub.orchestrator.airtm;

import static com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.AWAITING_USER_CONFIRMATION;
import static com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.CANCELED;
import static com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.COMMITTED;
import static com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.CREATED;
import static com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.FAILED;
import static com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.PROCESSING;
import static com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AirTM's statuses as the engine acts on them (spec/06 §5.3, §6.3). */
class AirtmStatusesTest {
  private final AirtmStatuses statuses = new AirtmStatuses();

  @Test
  void everyPayinStatusOfTheApi() {
    Map<String, ProviderPaymentStatus> expected = new LinkedHashMap<>();
    expected.put("CREATED", AWAITING_USER_CONFIRMATION);
    expected.put("PROCESSING", PROCESSING);
    expected.put("CONFIRMED", SUCCEEDED);
    expected.put("FAILED", FAILED);
    expected.put("BRIDGE_FAILED", FAILED);
    expected.put("CANCELED", CANCELED);
    expected.put("BRIDGE_CANCELED", CANCELED);
    expected.forEach((airtm, ours) -> {
      assertEquals(ours, statuses.payin(airtm), airtm);
      assertEquals(ours, statuses.payin(airtm.toLowerCase(Locale.ROOT)), "case-insensitive: " + airtm);
    });
  }

  @Test
  void everyPayoutStatusOfTheApi() {
    Map<String, ProviderPaymentStatus> expected = new LinkedHashMap<>();
    expected.put("CREATED", CREATED);
    expected.put("COMMITTED", COMMITTED);
    expected.put("PENDING", AWAITING_USER_CONFIRMATION);
    expected.put("PENDING_USER_ACTION", AWAITING_USER_CONFIRMATION);
    expected.put("BRIDGE_USER_SIGNUP_PENDING", AWAITING_USER_CONFIRMATION);
    expected.put("PROCESSING", PROCESSING);
    expected.put("PENDING_SIGNATURE", PROCESSING);
    expected.put("SIGNED", PROCESSING);
    expected.put("BRIDGE_CREATED", PROCESSING);
    expected.put("CANCEL_REQUESTED", PROCESSING);
    expected.put("COMPLETED", SUCCEEDED);
    expected.put("COSMOEM_COMPLETED", SUCCEEDED);
    expected.put("BRIDGE_COMPLETED", SUCCEEDED);
    expected.put("FAILED", FAILED);
    expected.put("ERROR", FAILED);
    expected.put("BRIDGE_FAILED", FAILED);
    expected.put("BRIDGE_MAX_RETRIES_REACHED", FAILED);
    expected.put("CANCELED", CANCELED);
    assertEquals(18, expected.size(), "the 18 values of AirTM's payout enum");
    expected.forEach((airtm, ours) -> {
      assertEquals(ours, statuses.payout(airtm), airtm);
      assertEquals(ours, statuses.payout(" " + airtm.toLowerCase(Locale.ROOT) + " "), "case-insensitive: " + airtm);
    });
  }

  @Test
  void anUnknownStatusKeepsTheMoneyHeldAsProcessing() {
    for (String unknown : new String[] {"REFUNDED", "EXPIRED", "SUCCEEDED", "AWAITING_USER_CONFIRMATION", "", "?"}) {
      assertEquals(PROCESSING, statuses.payin(unknown), unknown);
      assertEquals(PROCESSING, statuses.payout(unknown), unknown);
      assertEquals(PROCESSING, statuses.payout(unknown), "asked twice (logged once): " + unknown);
    }
    assertEquals(PROCESSING, statuses.payin("COMPLETED"), "a payout status is no pay-in status");
  }
}

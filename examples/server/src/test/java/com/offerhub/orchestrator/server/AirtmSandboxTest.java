package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Top-ups, fiat withdrawals and the AirTM link through the sandbox's simulated AirTM. */
class AirtmSandboxTest {
  @Test
  void topUpsWithdrawalsAndLinking() throws Exception {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("PAYMENT_PROVIDER", "airtm"))) {
      Http api = harness.client("read", "write");
      String user = ServerHarness.user(api, "airtm-user");
      assertEquals("AIRTM_USER_NOT_LINKED", api.post("/topups", Map.of("userId", user, "amount", "20.00")).code());
      Http.Response linked = api.post("/users/" + user + "/airtm/link", Map.of("email", "payer@example.com"));
      assertEquals(200, linked.status(), linked::toString);
      assertTrue(linked.data().get("airtmUserId").asText().startsWith("airtm_"));
      assertEquals(linked.data().get("airtmUserId"), api.post("/users/" + user + "/airtm/link",
          Map.of("email", "payer@example.com")).data().get("airtmUserId"), "re-link returns the current link");

      Http.Response created = api.post("/topups", Map.of("user_id", user, "amount", "20.00"));
      assertEquals(201, created.status(), created::toString);
      String topUp = created.json().get("id").asText();
      String payin = created.json().get("airtmPayinId").asText();
      assertEquals(1, api.get("/topups?userId=" + user).data().size());
      assertEquals("TOPUP_NOT_FOUND", api.get("/topups/" + topUp + "?userId=usr_other").code());
      harness.server().simulatedProvider().confirm(payin);
      harness.server().simulatedProvider().succeed(payin);
      Http.Response refreshed = api.post("/topups/" + topUp + "/refresh");
      assertEquals("TOPUP_SUCCEEDED", refreshed.json().get("status").asText(), refreshed::toString);
      assertEquals("20.00", api.get("/users/" + user + "/balance").json().get("available").asText());
      assertEquals("INVALID_STATE", api.post("/topups/" + topUp + "/cancel").code());

      String second = api.post("/topups", Map.of("userId", user, "amount", "5.00")).json().get("id").asText();
      assertEquals("TOPUP_CANCELED", api.post("/topups/" + second + "/cancel").json().get("status").asText());
      Http.Response redirect = harness.anonymous().get("/topups/" + topUp + "/callback");
      assertEquals(302, redirect.status(), redirect::toString);
      assertTrue(redirect.header("Location").endsWith("/topups/success"), redirect.header("Location"));

      Http.Response withdrawal = api.post("/withdrawals", Map.of("userId", user, "amount", "8.00",
          "destinationType", "airtm_balance", "destinationRef", "payer@example.com"));
      assertEquals(201, withdrawal.status(), withdrawal::toString);
      // AirTM's two steps: the payout is created and held; the commit sends it
      assertEquals("WITHDRAWAL_CREATED", withdrawal.json().get("status").asText());
      assertEquals(false, withdrawal.json().get("committed").asBoolean());
      assertEquals("12.00", api.get("/users/" + user + "/balance").json().get("available").asText());
      assertEquals("8.00", api.get("/users/" + user + "/balance").json().get("reserved").asText(), "held");
      String withdrawalId = withdrawal.json().get("id").asText();
      Http.Response committed = api.post("/withdrawals/" + withdrawalId + "/commit");
      assertEquals("WITHDRAWAL_PENDING", committed.json().get("status").asText(), committed::toString);
      assertEquals("WITHDRAWAL_NOT_COMMITTABLE", api.post("/withdrawals/" + withdrawalId + "/commit").code());
      Http.Response atOnce = api.post("/withdrawals", Map.of("userId", user, "amount", "1.00", "destinationType",
          "airtm_balance", "destinationRef", "payer@example.com", "commit", true));
      assertEquals("WITHDRAWAL_PENDING", atOnce.json().get("status").asText(), atOnce::toString);
      assertEquals(true, atOnce.json().get("committed").asBoolean());
      assertEquals(200, api.post("/withdrawals/" + withdrawal.json().get("id").asText() + "/refresh").status());

      Http.Response webhook = harness.anonymous().post("/webhooks/airtm", Map.of("eventId", "e1", "eventType",
          "payin.succeeded", "data", Map.of("id", payin)));
      assertEquals(200, webhook.status(), webhook::toString);
      assertTrue(webhook.json().get("processed").asBoolean());
      Http.Response asAirtmSendsIt = harness.anonymous().post("/webhooks/airtm", Map.of("type", "payin.confirmed",
          "data", Map.of("id", payin)));
      assertTrue(asAirtmSendsIt.json().get("processed").asBoolean(), "AirTM's own shape: " + asAirtmSendsIt);
    }
  }

  /**
   * Issue 10: the whole fiat money path over REST in the sandbox. A buyer tops up USD, an order's
   * escrow is funded by the treasury's USDC and released to it, the seller is paid out through
   * AirTM; the treasury's float is back to zero, and the books verify.
   */
  @Test
  void topUpOrderEscrowReleaseAndPayoutLeaveTheTreasuryFloatAtZero() throws Exception {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("PAYMENT_PROVIDER", "airtm",
        "TREASURY_LOW_BALANCE", "999990.00"))) {
      Http api = harness.client("read", "write");
      String buyer = ServerHarness.user(api, "fiat-buyer");
      String seller = ServerHarness.user(api, "fiat-seller");
      api.post("/users/" + buyer + "/airtm/link", Map.of("email", "buyer@example.com"));
      api.post("/users/" + seller + "/airtm/link", Map.of("email", "seller@example.com"));
      Http.Response treasury = api.get("/treasury");
      assertEquals(200, treasury.status(), treasury::toString);
      assertEquals("1000000.00", treasury.data().get("available").asText());
      assertEquals("0.00", treasury.data().get("float").asText());

      Http.Response topUp = api.post("/topups", Map.of("userId", buyer, "amount", "100.00"));
      assertEquals("TOPUP_AWAITING_USER_CONFIRMATION", topUp.json().get("status").asText(), topUp::toString);
      Http.Response confirmed = api.post("/sandbox/airtm/payins/" + topUp.json().get("airtmPayinId").asText()
          + "/confirm");
      assertEquals("TOPUP_SUCCEEDED", confirmed.json().get("status").asText(), confirmed::toString);
      assertEquals("100.00", api.get("/users/" + buyer + "/balance").json().get("available").asText());
      assertEquals("TOPUP_SUCCEEDED", api.post("/sandbox/airtm/payins/" + topUp.json().get("id").asText()
          + "/confirm").json().get("status").asText(), "confirming again changes nothing");
      assertEquals("100.00", api.get("/users/" + buyer + "/balance").json().get("available").asText());

      Http.Response order = api.post("/orders", Map.of("buyer_id", buyer, "seller_id", seller, "amount", "60.00",
          "title", "Logo"));
      String orderId = order.data().get("id").asText();
      api.post("/orders/" + orderId + "/reserve");
      api.post("/orders/" + orderId + "/escrow");
      Http.Response funded = api.post("/orders/" + orderId + "/escrow/fund");
      assertEquals("IN_PROGRESS", funded.data().get("status").asText(), funded::toString);
      assertEquals("60.00", api.get("/treasury").data().get("float").asText(), "advanced by the treasury");
      assertEquals("999940.00", api.get("/treasury").data().get("available").asText());
      Http.Response released = api.post("/orders/" + orderId + "/resolution/release", Map.of("reason", "done"));
      assertEquals("CLOSED", released.data().get("status").asText(), released::toString);
      assertEquals("0.00", api.get("/treasury").data().get("float").asText(), "paid back to the treasury");
      assertEquals("60.00", api.get("/users/" + seller + "/balance").json().get("available").asText());

      Http.Response payout = api.post("/withdrawals", Map.of("userId", seller, "amount", "60.00", "destinationType",
          "airtm_balance", "destinationRef", "seller@example.com", "commit", true));
      assertEquals("WITHDRAWAL_PENDING", payout.json().get("status").asText(), payout::toString);
      String payoutRef = harness.server().engine().withdrawals().get(payout.json().get("id").asText())
          .providerRef();
      harness.server().simulatedProvider().succeed(payoutRef);
      Http.Response webhook = harness.anonymous().header("svix-id", "msg_payout_1").post("/webhooks/airtm",
          Map.of("type", "payout.completed", "data", Map.of("id", payoutRef, "code",
              payout.json().get("id").asText())));
      assertTrue(webhook.json().get("processed").asBoolean(), webhook::toString);
      Http.Response again = harness.anonymous().header("svix-id", "msg_payout_1").post("/webhooks/airtm",
          Map.of("type", "payout.completed", "data", Map.of("id", payoutRef)));
      assertTrue(again.json().get("duplicate").asBoolean(), again::toString);
      assertEquals("WITHDRAWAL_COMPLETED", api.get("/withdrawals/" + payout.json().get("id").asText()).json()
          .get("status").asText());
      assertEquals("0.00", api.get("/users/" + seller + "/balance").json().get("available").asText());
      assertEquals("0.00", api.get("/treasury").data().get("float").asText());
      assertEquals("1000000.00", api.get("/treasury").data().get("available").asText());
      assertTrue(harness.server().engine().ledger().verify().isClean(),
          () -> harness.server().engine().ledger().verify().problems().toString());
      long low = harness.server().engine().events().readAfter(0, 1000).stream()
          .filter(e -> e.eventType().equals("treasury.balance_low")).count();
      assertEquals(1, low, "the one advance left the treasury below its threshold");
    }
  }

  @Test
  void withoutAirtmTheTreasuryAndTheSandboxConfirmAnswerNotConfigured() throws Exception {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2, Map.of())) {
      Http api = harness.client("read", "write");
      assertEquals("PROVIDER_NOT_CONFIGURED", api.get("/treasury").code());
      assertEquals("PROVIDER_NOT_CONFIGURED", api.post("/sandbox/airtm/payins/payin_1/confirm").code());
    }
  }
}

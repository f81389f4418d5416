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
}

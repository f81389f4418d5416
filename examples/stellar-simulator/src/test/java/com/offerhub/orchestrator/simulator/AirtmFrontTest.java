package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AirTM's Enterprise API v2 at /airtm/v2 (spec/06 §4, §5.2, §6.2, §7, §10): happy paths and every refusal. */
class AirtmFrontTest {

  private static void refused(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = AirtmClient.json(response);
    assertEquals(code, body.get("code").asText(), response.body());
    assertFalse(body.get("message").asText().isBlank());
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    return node.get(field).decimalValue();
  }

  @Test
  void credentialsAreRequiredOnEveryApiCall() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      for (String authorization : new String[] {null, AirtmClient.basic(AirtmClient.KEY, "wrong"),
          AirtmClient.basic("other-key", AirtmClient.SECRET), "Basic !!not-base64", "Bearer sim-airtm-key"}) {
        airtm.authorization(authorization);
        refused(airtm.get("/me"), 401, "415904");
        refused(airtm.post("/payins", AirtmClient.payinBody("topup_1", "10.00")), 401, "415904");
      }
      assertEquals(0, airtm.simulator.airtm().payinCount(), "nothing was created without credentials");
      airtm.authorization(AirtmClient.basic(AirtmClient.KEY, AirtmClient.SECRET));
      assertEquals(200, airtm.get("/me").statusCode());
    }
  }

  @Test
  void configuredCredentialsReplaceTheDefaults() throws Exception {
    try (AirtmClient airtm = new AirtmClient(StellarSimulator.builder().airtmApiKey("k1").airtmApiSecret("s1"))) {
      refused(airtm.get("/me"), 401, "415904");
      airtm.authorization(AirtmClient.basic("k1", "s1"));
      assertEquals(200, airtm.get("/me/balance").statusCode());
    }
  }

  @Test
  void meAndTheEnterpriseBalance() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      JsonNode me = AirtmClient.json(airtm.get("/me"));
      assertEquals(airtm.simulator.airtm().id(), me.get("id").asText());
      assertEquals(90, me.get("cancelPendingPayoutsAfterDays").asInt());
      assertFalse(me.get("payoutRequireIdVerification").asBoolean());
      JsonNode balance = AirtmClient.json(airtm.get("/me/balance"));
      assertEquals("0.00", balance.get("available").decimalValue().toPlainString());
      airtm.control("/balance", "{\"available\":125.5,\"pending\":\"3.25\"}");
      balance = AirtmClient.json(airtm.get("/me/balance"));
      assertEquals(new BigDecimal("125.50"), decimal(balance, "available"));
      assertEquals(new BigDecimal("3.25"), decimal(balance, "pending"));
      assertTrue(airtm.get("/me/balance").body().contains("\"available\":125.50"), "a JSON number, 2 decimals");
      refused(airtm.controlRaw("/balance", "{\"available\":1.001}"), 400, "415901");
    }
  }

  @Test
  void usersAreFoundByTheirEmailAndUnknownOnesAre404() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      JsonNode added = airtm.control("/users", "{\"email\":\"Ana+shop@example.com\",\"status\":\"inactive\","
          + "\"isVerified\":false,\"country\":\"COL\"}");
      for (String path : new String[] {"/users/" + AirtmClient.encode("ana+shop@example.com"),
          "/users/Ana+shop@example.com"}) {
        HttpResponse<String> response = airtm.get(path);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode user = AirtmClient.json(response);
        assertEquals(added.get("id").asText(), user.get("id").asText());
        assertEquals("inactive", user.get("status").asText());
        assertFalse(user.get("isVerified").asBoolean());
        assertTrue(user.get("primaryEmail").asBoolean());
        assertEquals("COL", user.get("country").asText());
      }
      JsonNode changed = airtm.user("ana+shop@example.com");
      assertEquals(added.get("id").asText(), changed.get("id").asText(), "a change keeps the id");
      assertEquals("active", AirtmClient.json(airtm.get("/users/" + AirtmClient.encode("ana+shop@example.com")))
          .get("status").asText());
      refused(airtm.get("/users/" + AirtmClient.encode("nobody@example.com")), 404, "415059");
      refused(airtm.controlRaw("/users", "{\"email\":\"x@example.com\",\"status\":\"banned\"}"), 400, "415901");
    }
  }

  @Test
  void aPayInIsCreatedPaidAtTheCheckoutAndCredited() throws Exception {
    try (AirtmClient airtm = new AirtmClient(StellarSimulator.builder()
        .airtmPayinFeePercent(new BigDecimal("2.5")))) {
      JsonNode created = airtm.payin("topup_1", "100.10");
      String id = created.get("id").asText();
      assertEquals("CREATED", created.get("status").asText());
      assertEquals("topup_1", created.get("code").asText());
      assertEquals(new BigDecimal("100.10"), decimal(created, "amount"));
      assertEquals(new BigDecimal("2.50"), decimal(created, "airtmFee"), "2.5 % of 100.10 = 2.5025, half-up");
      assertEquals(new BigDecimal("97.60"), decimal(created, "netAmount"));
      JsonNode item = created.get("items").get(0);
      assertEquals(id, item.get("payinId").asText());
      assertFalse(item.get("id").asText().isBlank());
      assertEquals("https://shop.example/topups/topup_1?status=confirmed", created.get("confirmationUri").asText());
      assertNull(created.get("airtmUserEmail"), "the payer is known only after checkout");
      assertEquals(created, AirtmClient.json(airtm.get("/payins/" + id)));
      assertEquals(created, AirtmClient.json(airtm.get("/payins/by-code/topup_1")));

      HttpResponse<String> page = airtm.raw(HttpRequest.newBuilder(airtm.uri("/airtm/payin/" + id)).GET());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("100.10") && page.body().contains("Balance top-up"), page.body());
      HttpResponse<String> paid = airtm.raw(HttpRequest.newBuilder(airtm.uri("/airtm/payin/" + id + "/confirm"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("email=payer%40example.com")));
      assertEquals(302, paid.statusCode(), paid.body());
      assertEquals("https://shop.example/topups/topup_1?status=confirmed&code=topup_1",
          paid.headers().firstValue("Location").orElseThrow());

      JsonNode confirmed = AirtmClient.json(airtm.get("/payins/" + id));
      assertEquals("CONFIRMED", confirmed.get("status").asText());
      assertEquals("payer@example.com", confirmed.get("airtmUserEmail").asText());
      assertEquals(AirtmClient.json(airtm.get("/users/payer%40example.com")).get("id").asText(),
          confirmed.get("airtmUserId").asText(), "an unknown payer is registered on the fly");
      assertEquals(new BigDecimal("97.60"), decimal(AirtmClient.json(airtm.get("/me/balance")), "available"),
          "the enterprise receives the net amount");
      assertEquals(410, airtm.raw(HttpRequest.newBuilder(airtm.uri("/airtm/payin/" + id)).GET()).statusCode(),
          "the checkout stops working once paid");
      refused(airtm.delete("/payins/" + id), 422, "415030");
      refused(airtm.controlRaw("/payins/" + id + "/confirm", "{\"email\":\"payer@example.com\"}"), 422, "415032");
      assertEquals(new BigDecimal("97.60"), airtm.simulator.airtm().available(), "credited once");
    }
  }

  @Test
  void aPayInCanBeProcessedConfirmedCanceledOrFailed() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      String processing = airtm.payin("p1", "10").get("id").asText();
      assertEquals("PROCESSING", airtm.control("/payins/" + processing + "/process",
          "{\"email\":\"a@example.com\"}").get("status").asText());
      refused(airtm.delete("/payins/" + processing), 422, "415030");
      assertEquals("CONFIRMED", airtm.control("/payins/" + processing + "/confirm", "{}").get("status").asText());
      assertEquals("a@example.com", AirtmClient.json(airtm.get("/payins/" + processing)).get("airtmUserEmail")
          .asText());

      String deleted = airtm.payin("p2", "10").get("id").asText();
      HttpResponse<String> canceled = airtm.delete("/payins/" + deleted);
      assertEquals(200, canceled.statusCode());
      assertEquals("CANCELED", AirtmClient.json(canceled).get("status").asText());
      refused(airtm.delete("/payins/" + deleted), 422, "415030");
      refused(airtm.controlRaw("/payins/" + deleted + "/confirm", "{\"email\":\"a@example.com\"}"), 422, "415030");

      String atCheckout = airtm.payin("p3", "10").get("id").asText();
      HttpResponse<String> back = airtm.raw(HttpRequest.newBuilder(airtm.uri("/airtm/payin/" + atCheckout
          + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()));
      assertEquals(302, back.statusCode());
      assertEquals("https://shop.example/topups/p3?status=cancelled&code=p3",
          back.headers().firstValue("Location").orElseThrow());

      String failed = airtm.payin("p4", "10").get("id").asText();
      JsonNode fail = airtm.control("/payins/" + failed + "/fail", "{\"reason\":\"card declined\"}");
      assertEquals("FAILED", fail.get("status").asText());
      assertEquals("card declined", fail.get("failureReason").asText());
      refused(airtm.controlRaw("/payins/" + failed + "/fail", "{}"), 422, "415030");

      airtm.control("/users", "{\"email\":\"us@example.com\",\"status\":\"active\",\"isVerified\":true,"
          + "\"country\":\"USA\"}");
      String fromUs = airtm.payin("p5", "10").get("id").asText();
      refused(airtm.controlRaw("/payins/" + fromUs + "/confirm", "{\"email\":\"us@example.com\"}"), 422, "415053");
      assertEquals("10.00", airtm.simulator.airtm().available().toPlainString(), "only p1 was credited");
    }
  }

  @Test
  void payInBodiesAreCheckedAgainstAirtmsSchema() throws Exception {
    String good = AirtmClient.payinBody("c1", "10.00");
    Map<String, String> bad = Map.ofEntries(
        Map.entry("missing code", good.replace("\"code\":\"c1\",", "")),
        Map.entry("missing items", "{\"code\":\"c1\",\"amount\":10,\"description\":\"d\","
            + "\"confirmationUri\":\"https://a.example/ok\",\"cancelUri\":\"https://a.example/no\"}"),
        Map.entry("missing cancelUri", good.replaceAll(",\"cancelUri\":\"[^\"]*\"", "")),
        Map.entry("extra field", good.replace("{\"code\"", "{\"currency\":\"USD\",\"code\"")),
        Map.entry("extra item field", good.replace("\"quantity\":1", "\"quantity\":1,\"sku\":\"x\"")),
        Map.entry("three decimals", AirtmClient.payinBody("c1", "10.001")),
        Map.entry("amount as string", good.replace("\"amount\":10.00,", "\"amount\":\"10.00\",")),
        Map.entry("zero amount", AirtmClient.payinBody("c1", "0")),
        Map.entry("items do not add up", good.replace("\"amount\":10.00,\"quantity\":1",
            "\"amount\":3,\"quantity\":3")),
        Map.entry("quantity zero", good.replace("\"quantity\":1", "\"quantity\":0")),
        Map.entry("relative uri", good.replace("https://shop.example/topups/c1?status=cancelled", "/cancel")),
        Map.entry("long description", good.replace("\"description\":\"Balance top-up\",\"items\"",
            "\"description\":\"" + "x".repeat(251) + "\",\"items\"")),
        Map.entry("not json", "code=c1"),
        Map.entry("array", "[]"));
    try (AirtmClient airtm = new AirtmClient()) {
      for (Map.Entry<String, String> entry : bad.entrySet()) {
        HttpResponse<String> response = airtm.post("/payins", entry.getValue());
        assertEquals(400, response.statusCode(), entry.getKey() + ": " + response.body());
        assertEquals("415901", AirtmClient.json(response).get("code").asText(), entry.getKey());
      }
      assertEquals(0, airtm.simulator.airtm().payinCount());
      HttpResponse<String> items = airtm.post("/payins", good.replace("\"amount\":10.00,\"quantity\":1",
          "\"amount\":2.50,\"quantity\":4"));
      assertEquals(201, items.statusCode(), "Σ amount × quantity = amount: " + items.body());
      refused(airtm.post("/payins", AirtmClient.payinBody("c1", "99")), 400, "415029");
      assertEquals(1, airtm.simulator.airtm().payinCount());
      refused(airtm.get("/payins/00000000-0000-0000-0000-000000000000"), 404, "415031");
      refused(airtm.get("/payins/by-code/nope"), 404, "415031");
      refused(airtm.delete("/payins/nope"), 404, "415031");
      refused(airtm.get("/nothing/here"), 404, "415902");
    }
  }

  @Test
  void payInsAreListedPageByPage() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add(airtm.payin("list_" + i, "1").get("id").asText());
      }
      airtm.delete("/payins/" + ids.get(3));
      JsonNode first = AirtmClient.json(airtm.get("/payins?perPage=10"));
      assertEquals(10, first.get("items").size());
      assertEquals(ids.get(0), first.get("startCursor").asText());
      assertEquals(ids.get(9), first.get("endCursor").asText());
      JsonNode second = AirtmClient.json(airtm.get("/payins?perPage=10&after=" + ids.get(9)));
      assertEquals(2, second.get("items").size());
      assertEquals(ids.get(11), second.get("endCursor").asText());
      JsonNode before = AirtmClient.json(airtm.get("/payins?perPage=10&before=" + ids.get(11)));
      assertEquals(ids.get(1), before.get("startCursor").asText(), "the 10 just before the cursor");
      assertEquals(11, AirtmClient.json(airtm.get("/payins?status=created")).get("items").size());
      assertEquals(ids.get(3), AirtmClient.json(airtm.get("/payins?status=CANCELED")).get("items").get(0).get("id")
          .asText());
      JsonNode empty = AirtmClient.json(airtm.get("/payins?after=" + ids.get(11)));
      assertEquals(0, empty.get("items").size());
      assertTrue(empty.get("endCursor").isNull());
      assertEquals(0, AirtmClient.json(airtm.get("/payins?enterpriseId=other")).get("items").size());
      refused(airtm.get("/payins?perPage=5"), 400, "415901");
      refused(airtm.get("/payins?perPage=1001"), 400, "415901");
      refused(airtm.get("/payins?after=unknown"), 400, "415901");
    }
  }

  @Test
  void aPayoutIsCreatedReservedCommittedWith204AndCompleted() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      JsonNode seller = airtm.user("seller@example.com");
      airtm.balance("100");
      JsonNode created = airtm.payout("wd_1", "seller@example.com", "40.50", false);
      String id = created.get("id").asText();
      assertEquals("CREATED", created.get("status").asText());
      assertEquals(seller.get("id").asText(), created.get("airtmUserId").asText());
      assertEquals("seller@example.com", created.get("airtmUserEmail").asText());
      assertEquals("wd_1", created.get("code").asText());
      assertEquals(new BigDecimal("40.50"), decimal(created, "grossAmount"));
      assertEquals(new BigDecimal("40.50"), decimal(created, "amount"));
      assertEquals("Withdrawal wd_1", created.get("notes").asText());
      JsonNode balance = AirtmClient.json(airtm.get("/me/balance"));
      assertEquals(new BigDecimal("59.50"), decimal(balance, "available"));
      assertEquals(new BigDecimal("40.50"), decimal(balance, "pending"), "created payouts reserve their amount");

      HttpResponse<String> commit = airtm.post("/payouts/" + id + "/commit", "");
      assertEquals(204, commit.statusCode(), commit.body());
      assertEquals("", commit.body(), "commit answers an empty body");
      JsonNode completed = AirtmClient.json(airtm.get("/payouts/" + id));
      assertEquals("COMPLETED", completed.get("status").asText());
      assertEquals(completed, AirtmClient.json(airtm.get("/payouts/by-code/wd_1")));
      balance = AirtmClient.json(airtm.get("/me/balance"));
      assertEquals(new BigDecimal("59.50"), decimal(balance, "available"));
      assertEquals(new BigDecimal("0.00"), decimal(balance, "pending"), "completion removes the reservation");
      List<String> history = new ArrayList<>();
      AirtmClient.json(airtm.get("/payouts/" + id + "/events")).forEach(e -> history.add(e.get("status").asText()));
      assertEquals(List.of("CREATED", "COMMITTED", "COMPLETED"), history);

      refused(airtm.post("/payouts/" + id + "/commit", ""), 422, "415027");
      refused(airtm.delete("/payouts/" + id), 422, "415055");
      assertEquals(2, airtm.simulator.airtm().commitRequests(id));
    }
  }

  @Test
  void anEnterpriseFeeIsKeptByTheEnterprise() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.user("s@example.com");
      airtm.balance("10");
      HttpResponse<String> response = airtm.post("/payouts", "{\"airtmUserEmail\":\"s@example.com\",\"amount\":10,"
          + "\"notes\":\"n\",\"code\":\"fee\",\"enterpriseFee\":1.5,\"internalNote\":\"userId=usr_1\","
          + "\"requireIdVerified\":false}");
      assertEquals(201, response.statusCode(), response.body());
      JsonNode payout = AirtmClient.json(response);
      assertEquals(new BigDecimal("10.00"), decimal(payout, "grossAmount"));
      assertEquals(new BigDecimal("8.50"), decimal(payout, "amount"));
      assertEquals(new BigDecimal("1.50"), decimal(payout, "enterpriseFee"));
      assertEquals("userId=usr_1", payout.get("internalNote").asText());
      assertEquals(new BigDecimal("1.50"), airtm.simulator.airtm().available());
    }
  }

  @Test
  void payoutsToUnverifiedRecipientsStayPendingUntilVerifiedOrCanceled() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.control("/users", "{\"email\":\"new@example.com\",\"status\":\"active\",\"isVerified\":false}");
      airtm.balance("50");
      String first = airtm.payout("wd_a", "new@example.com", "10", true).get("id").asText();
      assertEquals("PENDING", AirtmClient.json(airtm.get("/payouts/" + first)).get("status").asText());
      String second = airtm.payout("wd_b", "new@example.com", "15", false).get("id").asText();
      assertEquals(204, airtm.post("/payouts/" + second + "/commit", "").statusCode());
      HttpResponse<String> canceled = airtm.delete("/payouts/" + second);
      assertEquals(200, canceled.statusCode(), canceled.body());
      assertEquals("CANCELED", AirtmClient.json(canceled).get("status").asText());
      assertEquals(new BigDecimal("40.00"), airtm.simulator.airtm().available(), "the canceled one came back");
      assertEquals(new BigDecimal("10.00"), airtm.simulator.airtm().pending());

      airtm.user("new@example.com");
      assertEquals("COMPLETED", AirtmClient.json(airtm.get("/payouts/" + first)).get("status").asText(),
          "a pending payout completes once its recipient is verified");
      assertEquals(new BigDecimal("0.00"), airtm.simulator.airtm().pending());
      refused(airtm.delete("/payouts/" + first), 422, "415055");
    }
  }

  @Test
  void payoutRefusals() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.user("ok@example.com");
      airtm.control("/users", "{\"email\":\"off@example.com\",\"status\":\"inactive\",\"isVerified\":true}");
      airtm.control("/users", "{\"email\":\"pr@example.com\",\"status\":\"active\",\"isVerified\":true,"
          + "\"country\":\"PRI\"}");
      airtm.balance("20");
      refused(airtm.post("/payouts", AirtmClient.payoutBody("r1", "ghost@example.com", "5", false)), 422, "415059");
      refused(airtm.post("/payouts", AirtmClient.payoutBody("r2", "off@example.com", "5", false)), 422, "415009");
      refused(airtm.post("/payouts", AirtmClient.payoutBody("r3", "ok@example.com", "20.01", false)), 422, "415016");
      refused(airtm.post("/payouts", AirtmClient.payoutBody("r4", "pr@example.com", "0.99", false)), 422, "415035");
      String good = AirtmClient.payoutBody("r5", "ok@example.com", "5", false);
      for (String body : new String[] {
          good.replace("\"notes\":\"Withdrawal r5\",", ""),
          good.replace("\"airtmUserEmail\":\"ok@example.com\",", ""),
          good.replace("\"commit\":false", "\"commit\":false,\"currency\":\"USD\""),
          good.replace("\"commit\":false", "\"commit\":\"yes\""),
          AirtmClient.payoutBody("r5", "ok@example.com", "5.555", false),
          AirtmClient.payoutBody("r5", "ok@example.com", "-1", false),
          good.replace("\"commit\":false", "\"commit\":false,\"enterpriseFee\":5"),
          good.replace("Withdrawal r5", "x".repeat(256)),
          AirtmClient.payoutBody("r5", "not-an-email", "5", false)}) {
        refused(airtm.post("/payouts", body), 400, "415901");
      }
      assertEquals(0, airtm.simulator.airtm().payoutCount(), "no refusal created anything");
      assertEquals(new BigDecimal("20.00"), airtm.simulator.airtm().available(), "nor reserved anything");
      airtm.payout("r5", "ok@example.com", "5", false);
      refused(airtm.post("/payouts", AirtmClient.payoutBody("r5", "ok@example.com", "1", false)), 400, "415056");
      for (String path : new String[] {"/payouts/nope", "/payouts/nope/events", "/payouts/by-code/nope"}) {
        refused(airtm.get(path), 404, "415005");
      }
      refused(airtm.post("/payouts/nope/commit", ""), 404, "415005");
      refused(airtm.delete("/payouts/nope"), 404, "415005");
      HttpResponse<String> noCode = airtm.post("/payouts", "{\"airtmUserEmail\":\"ok@example.com\",\"amount\":1,"
          + "\"notes\":\"no code\"}");
      assertEquals(201, noCode.statusCode(), "a code is optional: " + noCode.body());
      assertNull(AirtmClient.json(noCode).get("code"));
    }
  }

  @Test
  void payoutTestControlsForceOutcomesAndMoveMoneyOnce() throws Exception {
    try (AirtmClient airtm = new AirtmClient()) {
      airtm.user("s@example.com");
      airtm.control("/users", "{\"email\":\"u@example.com\",\"status\":\"active\",\"isVerified\":false}");
      airtm.balance("100");
      String failed = airtm.payout("f1", "s@example.com", "30", false).get("id").asText();
      JsonNode fail = airtm.control("/payouts/" + failed + "/fail", "{\"reasonCode\":\"415073\","
          + "\"reasonDescription\":\"provider could not deliver\"}");
      assertEquals("FAILED", fail.get("status").asText());
      assertEquals("415073", fail.get("reasonCode").asText());
      assertEquals("provider could not deliver", fail.get("reasonDescription").asText());
      refused(airtm.controlRaw("/payouts/" + failed + "/fail", "{}"), 422, "415027");
      refused(airtm.post("/payouts/" + failed + "/commit", ""), 422, "415027");
      assertEquals(new BigDecimal("100.00"), airtm.simulator.airtm().available(), "returned exactly once");

      String pending = airtm.payout("f2", "u@example.com", "20", true).get("id").asText();
      assertEquals("COMPLETED", airtm.control("/payouts/" + pending + "/complete", "{}").get("status").asText());
      refused(airtm.controlRaw("/payouts/" + pending + "/complete", "{}"), 422, "415903");

      String expired = airtm.payout("f3", "u@example.com", "10", true).get("id").asText();
      assertEquals("CANCELED", airtm.control("/payouts/" + expired + "/cancel", "{}").get("status").asText());
      assertEquals(new BigDecimal("80.00"), airtm.simulator.airtm().available());
      assertEquals(new BigDecimal("0.00"), airtm.simulator.airtm().pending());
    }
  }

  @Test
  void completionWaitsForTheConfiguredDelayAndAPendingControlStopsIt() throws Exception {
    try (AirtmClient airtm = new AirtmClient(StellarSimulator.builder()
        .airtmPayoutCompletionDelay(java.time.Duration.ofMillis(300)))) {
      airtm.user("s@example.com");
      airtm.balance("10");
      String later = airtm.payout("d1", "s@example.com", "4", true).get("id").asText();
      assertEquals("COMMITTED", AirtmClient.json(airtm.get("/payouts/" + later)).get("status").asText());
      String held = airtm.payout("d2", "s@example.com", "4", true).get("id").asText();
      assertEquals("PENDING", airtm.control("/payouts/" + held + "/pending", "{}").get("status").asText());
      Thread.sleep(700);
      assertEquals("COMPLETED", AirtmClient.json(airtm.get("/payouts/" + later)).get("status").asText());
      assertEquals("PENDING", AirtmClient.json(airtm.get("/payouts/" + held)).get("status").asText());
      airtm.control("/settings", "{\"payoutCompletionDelayMs\":0}");
      String now = airtm.payout("d3", "s@example.com", "1", true).get("id").asText();
      assertEquals("COMPLETED", AirtmClient.json(airtm.get("/payouts/" + now)).get("status").asText());
    }
  }
}

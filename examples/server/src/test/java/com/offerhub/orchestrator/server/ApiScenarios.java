package com.offerhub.orchestrator.server;

import static com.offerhub.orchestrator.server.ServerHarness.deposit;
import static com.offerhub.orchestrator.server.ServerHarness.key;
import static com.offerhub.orchestrator.server.ServerHarness.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every endpoint's happy path and its documented errors, over real HTTP. Run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiScenarios {
  protected ServerHarness harness;
  protected Http api;

  protected abstract ServerHarness.Db db();

  @BeforeAll
  void startServer() {
    harness = ServerHarness.start(db());
    api = harness.client("read", "write", "support");
  }

  @AfterAll
  void stopServer() {
    harness.close();
  }

  private String order(String buyer, String seller, String amount, Object milestones) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("buyer_id", buyer, "seller_id", seller, "amount",
        amount, "title", "Logo design"));
    if (milestones != null) {
      body.put("milestones", milestones);
    }
    Http.Response created = api.post("/orders", body);
    assertEquals(201, created.status(), created::toString);
    return created.data().get("id").asText();
  }

  private JsonNode balance(String userId) {
    Http.Response response = api.get("/users/" + userId + "/balance");
    assertEquals(200, response.status(), response::toString);
    return response.json();
  }

  @Test
  void healthConfigAndOpenApiArePublic() {
    Http.Response health = harness.anonymous().get("/health");
    assertEquals(200, health.status());
    assertEquals("healthy", health.json().get("status").asText());
    assertEquals("healthy", health.data().get("status").asText());
    assertNotNull(health.header("X-Request-ID"));
    assertNull(health.header("X-RateLimit-Limit"), "the test servers run without a rate limit");
    Http.Response detailed = harness.anonymous().get("/health/detailed");
    assertEquals(200, detailed.status());
    assertEquals("healthy", detailed.data().get("dependencies").get("database").get("status").asText());
    Http.Response config = harness.anonymous().get("/config");
    assertEquals(200, config.status());
    assertTrue(config.data().get("features").get("sse").asBoolean());
    Http.Response openApi = harness.anonymous().get("/openapi.json");
    assertEquals(200, openApi.status());
    assertEquals("3.0.3", openApi.json().get("openapi").asText());
    assertEquals("req-123", harness.anonymous().header("X-Request-ID", "req-123").get("/health")
        .header("X-Request-ID"));
  }

  @Test
  void unknownRoutesAreJson404() {
    Http.Response missing = api.invalidRequest().get("/nothing/here");
    assertEquals(404, missing.status());
    assertEquals("NOT_FOUND", missing.code());
  }

  /** Issue 8 item 21: a path that exists with other methods answers 405 with Allow, not 404. */
  @Test
  void item21_unsupportedMethodIs405WithAllow() {
    String id = user(api, "item21-user");
    Map<String, Set<String>> cases = new java.util.LinkedHashMap<>();
    cases.put("DELETE /orders", Set.of("GET", "POST"));
    cases.put("PUT /users/" + id + "/wallet", Set.of("GET"));
    cases.put("GET /users/" + id + "/balance/credit", Set.of("POST"));
    cases.put("POST /health", Set.of("GET"));
    cases.put("POST /events", Set.of("GET"));
    cases.put("PATCH /auth/api-keys", Set.of("GET", "POST"));
    cases.put("GET /auth/api-keys/key_x", Set.of("DELETE"));
    cases.forEach((request, allowed) -> {
      String[] parts = request.split(" ");
      for (Http http : List.of(api, harness.anonymous())) {
        Http.Response response = http.invalidRequest().send(parts[0], parts[1], null);
        assertEquals(405, response.status(), () -> request + ": " + response);
        assertEquals("METHOD_NOT_ALLOWED", response.code(), request);
        assertNotNull(response.header("Allow"), request);
        assertEquals(allowed, Set.of(response.header("Allow").split(", ")), request);
      }
    });
    Http.Response missing = api.invalidRequest().send("DELETE", "/users/" + id + "/nothing", null);
    assertEquals(404, missing.status(), missing::toString);
    assertNull(missing.header("Allow"));
  }

  /** Issue 8 item 21: Javalin routes {@code /orders/} like {@code /orders}, so its other methods are 405 too. */
  @Test
  void item21_trailingSlashVariantsAre405Too() {
    String id = user(api, "item21-slash-user");
    assertEquals(200, api.invalidRequest().get("/orders/").status(), "the trailing slash routes like /orders");
    Map<String, Set<String>> cases = new java.util.LinkedHashMap<>();
    cases.put("PUT /orders/", Set.of("GET", "POST"));
    cases.put("DELETE /users/" + id + "/wallet/", Set.of("GET"));
    cases.put("GET /users/" + id + "/balance/credit/", Set.of("POST"));
    cases.forEach((request, allowed) -> {
      String[] parts = request.split(" ");
      Http.Response response = api.invalidRequest().send(parts[0], parts[1], null);
      assertEquals(405, response.status(), () -> request + ": " + response);
      assertEquals("METHOD_NOT_ALLOWED", response.code(), request);
      assertEquals(allowed, Set.of(response.header("Allow").split(", ")), request);
    });
  }

  @Test
  void apiKeysTokensAndRevocation() {
    Http.Response created = harness.master().post("/auth/api-keys", Map.of("name", "ops", "scopes",
        List.of("read", "write")));
    assertEquals(201, created.status(), created::toString);
    String plaintext = created.data().get("key").asText();
    assertTrue(plaintext.matches("ohk_live_key_[0-9A-Za-z]{32}_[0-9a-f]{48}"), plaintext);
    assertEquals(plaintext, created.data().get("api_key").asText());
    String keyId = created.data().get("id").asText();

    Http.Response listed = harness.master().get("/auth/api-keys?limit=100");
    assertEquals(200, listed.status());
    assertTrue(listed.json().has("hasMore") && listed.json().get("pagination").has("nextCursor"));
    assertFalse(listed.text().contains(plaintext.substring(plaintext.lastIndexOf('_') + 1)), "no key material");

    Http keyClient = harness.anonymous().as(plaintext);
    Http.Response me = keyClient.get("/auth/me");
    assertEquals(200, me.status());
    assertEquals(keyId, me.data().get("apiKeyId").asText());

    Http.Response token = keyClient.post("/auth/api-keys/" + keyId + "/token", Map.of("ttl", 600));
    assertEquals(201, token.status(), token::toString);
    String tokenText = token.data().get("token").asText();
    assertTrue(tokenText.startsWith("ohk_tok_"));
    Http.Response viaToken = harness.anonymous().as(tokenText).get("/auth/me");
    assertEquals(200, viaToken.status(), viaToken::toString);
    assertEquals(keyId, viaToken.data().get("apiKeyId").asText());
    assertEquals(401, harness.anonymous().as(tokenText + "x").get("/auth/me").status());

    String otherKey = harness.master().post("/auth/api-keys", Map.of("name", "other", "scopes", List.of("read")))
        .data().get("id").asText();
    Http.Response foreign = keyClient.post("/auth/api-keys/" + otherKey + "/token");
    assertEquals(403, foreign.status());
    assertEquals("INSUFFICIENT_SCOPE", foreign.code());
    assertEquals("UNAUTHORIZED", keyClient.post("/auth/api-keys/key_doesnotexist/token").code());

    Http.Response revoked = harness.master().delete("/auth/api-keys/" + keyId);
    assertEquals(200, revoked.status());
    assertEquals("revoked", revoked.data().get("status").asText());
    assertEquals(401, keyClient.get("/auth/me").status());
    assertEquals(401, harness.anonymous().as(tokenText).get("/auth/me").status(), "tokens of a revoked key die");
    assertEquals("NOT_FOUND", harness.master().delete("/auth/api-keys/key_unknown").code());
  }

  @Test
  void authenticationFailuresAre401WithMessages() {
    Http anonymous = harness.anonymous().invalidRequest(); // no or malformed credentials on purpose
    assertEquals("Missing Authorization header", anonymous.get("/orders").json().get("error").get("message")
        .asText());
    assertEquals("Invalid Authorization format", anonymous.header("Authorization", "Basic abc").get("/orders")
        .json().get("error").get("message").asText());
    assertEquals("Invalid API Key format", anonymous.as("nope").get("/orders").json().get("error").get("message")
        .asText());
    assertEquals("Invalid API Key", anonymous.as("ohk_live_key_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_00").get("/orders")
        .json().get("error").get("message").asText());
  }

  @Test
  void usersAreCreatedOnceAndValidated() {
    Http.Response created = api.post("/users", Map.of("externalUserId", "ext-users-1", "email", "a@b.com",
        "type", "BUYER"));
    assertEquals(201, created.status(), created::toString);
    String id = created.data().get("id").asText();
    assertEquals("0.00", created.data().get("balance").get("available").asText());
    Http.Response again = api.post("/users", Map.of("external_user_id", "ext-users-1"));
    assertEquals(201, again.status());
    assertEquals(id, again.data().get("id").asText());
    assertEquals("BUYER", api.get("/users/" + id).data().get("type").asText());
    assertEquals("USER_NOT_FOUND", api.get("/users/usr_missing").code());
    Http.Response bad = api.invalidRequest().post("/users", Map.of("email", "not-an-email", "type", "buyer",
        "extra", 1));
    assertEquals(400, bad.status());
    assertEquals("VALIDATION_ERROR", bad.code());
    assertEquals(4, bad.json().get("error").get("details").get("validationErrors").size(), bad::toString);
    assertEquals("PROVIDER_NOT_CONFIGURED", api.post("/users/" + id + "/airtm/link", Map.of("email", "a@b.com"))
        .code());
  }

  @Test
  void balanceOperationsMoveMoneyAndRefuseWhatTheyCannotDo() {
    String buyer = user(api, "bal-buyer");
    String seller = user(api, "bal-seller");
    Http.Response credit = api.post("/users/" + buyer + "/balance/credit", Map.of("amount", "100.00", "reason", "test",
        "reference", "r1"));
    assertEquals(200, credit.status(), credit::toString);
    assertEquals("CREDIT_AVAILABLE", credit.json().get("operation").asText());
    assertEquals("100.00", credit.json().get("available").asText());
    assertEquals("0.00", credit.json().get("previousBalance").get("available").asText());
    assertEquals("90.00", api.post("/users/" + buyer + "/balance/debit", Map.of("amount", "10", "reason", "test"))
        .json().get("available").asText());
    Http.Response reserve = api.post("/users/" + buyer + "/balance/reserve", Map.of("amount", "50.00",
        "reference", "ord_manual"));
    assertEquals("50.00", reserve.json().get("reserved").asText(), reserve::toString);
    assertEquals("45.00", api.post("/users/" + buyer + "/balance/cancel-reservation", Map.of("amount", "5.00",
        "orderId", "ord_manual")).json().get("reserved").asText());
    assertEquals("40.00", api.post("/users/" + buyer + "/balance/deduct-reserved", Map.of("amount", "5.00",
        "orderId", "ord_manual")).json().get("reserved").asText());
    Http.Response release = api.post("/users/" + buyer + "/balance/release", Map.of("amount", "40.00",
        "orderId", "ord_manual", "recipientId", seller));
    assertEquals(200, release.status(), release::toString);
    assertEquals(seller, release.json().get("userId").asText());
    assertEquals("40.00", balance(seller).get("available").asText());
    assertEquals("0.00", balance(buyer).get("reserved").asText());

    assertEquals("INSUFFICIENT_FUNDS", api.post("/users/" + buyer + "/balance/debit", Map.of("amount",
        "1000.00", "reason", "test")).code());
    assertEquals(422, api.post("/users/" + buyer + "/balance/reserve", Map.of("amount", "1000.00", "orderId",
        "o")).status());
    assertEquals("RESERVE_NOT_FOUND", api.post("/users/" + buyer + "/balance/cancel-reservation",
        Map.of("amount", "1.00", "orderId", "o")).code());
    assertEquals("USER_NOT_FOUND", api.post("/users/" + buyer + "/balance/release", Map.of("amount", "1.00",
        "orderId", "o", "sellerId", "usr_nobody")).code());
    assertEquals("USER_NOT_FOUND", api.post("/users/usr_nobody/balance/credit", Map.of("amount", "1.00", "reason",
        "test")).code());
    Http invalid = api.invalidRequest();
    assertEquals("INVALID_AMOUNT_FORMAT", invalid.post("/users/" + buyer + "/balance/credit", Map.of("amount", "1e3",
        "reason", "test")).code());
    assertEquals("VALIDATION_ERROR", invalid.post("/users/" + buyer + "/balance/credit", Map.of("amount", 5, "reason",
        "test")).code());
    assertEquals("VALIDATION_ERROR", invalid.post("/users/" + buyer + "/balance/reserve", Map.of("amount", "1.00"))
        .code(), "orderId is required");
    assertEquals("45.00", balance(buyer).get("available").asText(), "refusals changed nothing");

    Http.Response sync = api.post("/users/" + buyer + "/balance/sync");
    assertEquals(200, sync.status(), sync::toString);
    assertTrue(sync.json().has("action"));
    Http.Response verify = api.get("/users/" + buyer + "/balance/verify");
    assertTrue(verify.status() == 200 || "BALANCE_DISCREPANCY".equals(verify.code()), verify::toString);
    Http.Response unknown = api.get("/users/usr_nobody/balance");
    assertEquals("0.00", unknown.json().get("available").asText());
  }

  /** Issue 8 item 11: manual credits and debits mint or burn money, so only an operator (support) may. */
  @Test
  void item11_writeKeyCannotCreditOrDebitBalance() {
    String id = user(api, "item11-write");
    Http write = harness.client("read", "write");
    for (String op : List.of("credit", "debit")) {
      Http.Response refused = write.post("/users/" + id + "/balance/" + op, Map.of("amount", "5.00", "reason",
          "mint"));
      assertEquals(403, refused.status(), refused::toString);
      assertEquals("INSUFFICIENT_SCOPE", refused.code());
      assertEquals("support", refused.json().get("error").get("details").get("required_scope").asText());
    }
    assertEquals("0.00", balance(id).get("available").asText(), "nothing was minted");
    Http.Response operator = harness.client("support").post("/users/" + id + "/balance/credit", Map.of("amount",
        "5.00", "reason", "goodwill"));
    assertEquals(200, operator.status(), operator::toString);
    assertEquals("5.00", balance(id).get("available").asText());
  }

  /** Issue 8 item 11: the reason is required, checked like other text, and kept in the audit entry. */
  @Test
  void item11_manualCreditNeedsAReasonKeptInTheAudit() {
    String id = user(api, "item11-reason");
    for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("amount", "5.00"),
        Map.of("amount", "5.00", "reason", ""), Map.of("amount", "5.00", "reason", "  "),
        Map.of("amount", "5.00", "reason", "bad\u0000reason"), Map.of("amount", "5.00", "reason", "nel\u0085"),
        Map.of("amount", "5.00", "reason", "x".repeat(501)), Map.of("amount", "5.00", "reason", 5))) {
      for (String op : List.of("credit", "debit")) {
        Http.Response refused = api.invalidRequest().post("/users/" + id + "/balance/" + op, body);
        assertEquals(400, refused.status(), () -> op + " " + body + ": " + refused);
        assertEquals("VALIDATION_ERROR", refused.code());
      }
    }
    assertEquals("0.00", balance(id).get("available").asText(), "refusals changed nothing");
    assertEquals(200, api.post("/users/" + id + "/balance/credit", Map.of("amount", "5.00", "reason",
        "goodwill, ticket 42")).status());
    assertEquals(200, api.post("/users/" + id + "/balance/debit", Map.of("amount", "2.00", "reason",
        "chargeback 7")).status());
    JsonNode credits = api.get("/audit/logs?resourceType=balance&resourceId=" + id + "&action=CREDIT_AVAILABLE")
        .data();
    assertEquals(1, credits.size(), credits::toString);
    assertEquals("goodwill, ticket 42", credits.get(0).get("payloadAfter").get("reason").asText());
    JsonNode debits = api.get("/audit/logs?resourceType=balance&resourceId=" + id + "&action=DEBIT_AVAILABLE")
        .data();
    assertEquals("chargeback 7", debits.get(0).get("payloadAfter").get("reason").asText());
  }

  @Test
  void walletDepositAndTransactions() {
    String id = user(api, "wallet-user");
    deposit(api, id, "25.50");
    Http.Response wallet = api.get("/users/" + id + "/wallet");
    assertEquals(200, wallet.status(), wallet::toString);
    assertTrue(wallet.data().get("publicKey").asText().startsWith("G"));
    assertEquals("25.5000000", wallet.data().get("balance").get("usdc").asText());
    Http.Response info = api.get("/users/" + id + "/wallet/deposit");
    assertEquals(wallet.data().get("publicKey").asText(), info.data().get("address").asText());
    Http.Response txs = api.get("/users/" + id + "/wallet/transactions?limit=5");
    assertEquals(200, txs.status(), txs::toString);
    assertEquals("25.5000000", txs.data().get(0).get("amount").asText());
    assertEquals("NOT_FOUND", api.get("/users/usr_nobody/wallet").code());
    assertEquals("25.50", balance(id).get("available").asText());
  }

  /** Issue 8 item 16: the wallet view carries the account's XLM balance as a 7-decimal string. */
  @Test
  void item16_walletShowsItsXlmBalance() {
    String id = user(api, "item16-user");
    deposit(api, id, "1.00");
    Http.Response wallet = api.get("/users/" + id + "/wallet");
    assertEquals(200, wallet.status(), wallet::toString);
    JsonNode xlm = wallet.data().get("balance").get("xlm");
    assertTrue(xlm.isTextual() && xlm.asText().matches("[0-9]+\\.[0-9]{7}"), wallet::toString);
    String publicKey = wallet.data().get("publicKey").asText();
    assertEquals(harness.server().network().xlmBalance(publicKey).formatChain(), xlm.asText());
    assertTrue(new java.math.BigDecimal(xlm.asText()).signum() > 0, "an active account holds XLM: " + xlm);
  }

  @Test
  void orderThroughEscrowToReleaseWithMilestones() {
    String buyer = user(api, "ord-buyer");
    String seller = user(api, "ord-seller");
    deposit(api, buyer, "100.00");
    String orderId = order(buyer, seller, "80.00", List.of(Map.of("milestone_ref", "design", "title", "Design",
        "amount", "30.00"), Map.of("ref", "build", "description", "Build", "amount", "50.00")));
    Http.Response reserved = api.post("/orders/" + orderId + "/reserve");
    assertEquals(201, reserved.status(), reserved::toString);
    assertEquals("FUNDS_RESERVED", reserved.data().get("status").asText());
    assertEquals("INVALID_STATE", api.post("/orders/" + orderId + "/reserve").code());
    Http.Response escrow = api.post("/orders/" + orderId + "/escrow");
    assertEquals(201, escrow.status(), escrow::toString);
    assertTrue(escrow.data().get("escrow").get("trustlessContractId").asText().startsWith("C"));
    assertEquals("ESCROW_ALREADY_EXISTS", api.post("/orders/" + orderId + "/escrow").code());
    Http.Response funded = api.post("/orders/" + orderId + "/escrow/fund");
    assertEquals(201, funded.status(), funded::toString);
    assertEquals("IN_PROGRESS", funded.data().get("status").asText());
    assertEquals("FUNDED", funded.data().get("escrow").get("status").asText());
    assertEquals("INVALID_STATE", api.post("/orders/" + orderId + "/resolution/release").code(),
        "milestones are not complete yet");
    Http.Response milestone = api.post("/orders/" + orderId + "/milestones/design/complete");
    assertEquals(201, milestone.status(), milestone::toString);
    assertEquals("COMPLETED", milestone.data().get("status").asText());
    assertEquals("MILESTONE_NOT_FOUND", api.post("/orders/" + orderId + "/milestones/nope/complete").code());
    api.post("/orders/" + orderId + "/milestones/build/complete");
    assertEquals(2, api.get("/orders/" + orderId + "/milestones").data().size());
    Http.Response released = api.post("/orders/" + orderId + "/resolution/release", Map.of("reason", "done"));
    assertEquals(200, released.status(), released::toString);
    assertEquals("CLOSED", released.data().get("status").asText());
    assertEquals("RELEASED", released.data().get("escrow").get("status").asText());
    assertEquals("80.00", balance(seller).get("available").asText());
    assertEquals("20.00", balance(buyer).get("available").asText());
    assertEquals("0.00", balance(buyer).get("reserved").asText());
    assertEquals("ORDER_NOT_FOUND", api.get("/orders/ord_missing").code());

    Http.Response mine = api.get("/orders?buyer_id=" + buyer);
    assertEquals(1, mine.data().size());
    assertEquals(0, api.get("/orders?seller_id=" + buyer).data().size());
    assertEquals(1, api.get("/orders?buyer_id=" + seller + "&seller_id=" + seller).data().size(), "OR semantics");
    assertEquals(1, api.get("/orders?buyer_id=" + buyer + "&status=CLOSED").data().size());
    assertEquals(1, api.get("/orders?buyer_id=" + buyer + "&status=bogus").data().size(), "bad status ignored");
  }

  @Test
  void orderValidationAndCancel() {
    String buyer = user(api, "val-buyer");
    String seller = user(api, "val-seller");
    assertEquals("INVALID_REQUEST", api.post("/orders", Map.of("buyer_id", buyer, "seller_id", buyer, "amount",
        "5.00", "title", "t")).code());
    assertEquals("USER_NOT_FOUND", api.post("/orders", Map.of("buyer_id", buyer, "seller_id", "usr_x", "amount",
        "5.00", "title", "t")).code());
    Http.Response badSum = api.post("/orders", Map.of("buyer_id", buyer, "seller_id", seller, "amount", "5.00",
        "title", "t", "milestones", List.of(Map.of("ref", "a", "title", "A", "amount", "1.00"))));
    assertEquals("INVALID_AMOUNT", badSum.code(), badSum::toString);
    Http.Response conflict = api.post("/orders", Map.of("buyer_id", buyer, "buyerId", seller, "seller_id", seller,
        "amount", "5.00", "title", "t"));
    assertEquals("VALIDATION_ERROR", conflict.code(), "alias with a different value");
    Http.Response withRef = api.post("/orders", Map.of("buyer_id", buyer, "seller_id", seller, "amount", "5.00",
        "title", "t", "client_order_ref", "ref-1", "metadata", Map.of("k", "v")));
    assertEquals(201, withRef.status(), withRef::toString);
    assertEquals("v", withRef.data().get("metadata").get("k").asText());
    assertEquals("ORDER_ALREADY_EXISTS", api.post("/orders", Map.of("buyer_id", buyer, "seller_id", seller,
        "amount", "5.00", "title", "t", "clientOrderRef", "ref-1")).code());
    String orderId = withRef.data().get("id").asText();
    Http.Response canceled = api.post("/orders/" + orderId + "/cancel", Map.of("reason", "changed mind"));
    assertEquals(201, canceled.status(), canceled::toString);
    assertEquals("CLOSED", canceled.data().get("status").asText());
    assertEquals("INVALID_STATE", api.post("/orders/" + orderId + "/cancel").code());
    assertEquals("INSUFFICIENT_FUNDS", api.post("/orders/" + order(buyer, seller, "5.00", null) + "/reserve")
        .code());
  }

  @Test
  void refundAndDisputeSplit() {
    String buyer = user(api, "dsp-buyer");
    String seller = user(api, "dsp-seller");
    deposit(api, buyer, "100.00");
    String refunded = order(buyer, seller, "40.00", null);
    for (String step : List.of("reserve", "escrow", "escrow/fund")) {
      assertEquals(201, api.post("/orders/" + refunded + "/" + step).status());
    }
    assertEquals("VALIDATION_ERROR", api.invalidRequest().post("/orders/" + refunded + "/resolution/refund").code(),
        "reason is required");
    Http.Response refund = api.post("/orders/" + refunded + "/resolution/refund", Map.of("reason", "no show"));
    assertEquals(200, refund.status(), refund::toString);
    assertEquals("REFUNDED", refund.data().get("escrow").get("status").asText());
    assertEquals("100.00", balance(buyer).get("available").asText());

    String disputed = order(buyer, seller, "60.00", null);
    for (String step : List.of("reserve", "escrow", "escrow/fund")) {
      assertEquals(201, api.post("/orders/" + disputed + "/" + step).status());
    }
    Http.Response opened = api.post("/orders/" + disputed + "/resolution/dispute", Map.of("openedBy", "BUYER",
        "reason", "QUALITY_ISSUE", "evidence", List.of("https://example.com/1")));
    assertEquals(201, opened.status(), opened::toString);
    assertEquals("DISPUTED", opened.data().get("order").get("status").asText());
    String disputeId = opened.data().get("id").asText();
    assertEquals("DISPUTE_ALREADY_OPEN", api.post("/orders/" + disputed + "/resolution/dispute", Map.of(
        "openedBy", "SELLER", "reason", "OTHER")).code());
    assertEquals(1, api.get("/disputes?orderId=" + disputed).data().size());
    assertEquals("VALIDATION_ERROR", api.invalidRequest().get("/disputes?status=open").code());
    Http writeOnly = harness.client("read", "write");
    assertEquals("INSUFFICIENT_SCOPE", writeOnly.post("/disputes/" + disputeId + "/assign", Map.of("assignedTo",
        "agent")).code());
    assertEquals("INVALID_STATE", api.post("/disputes/" + disputeId + "/resolve", Map.of("decision",
        "FULL_REFUND")).code(), "must be under review first");
    Http.Response assigned = api.post("/disputes/" + disputeId + "/assign", Map.of("agentId", "agent_1"));
    assertEquals("UNDER_REVIEW", assigned.data().get("status").asText(), assigned::toString);
    assertEquals("INVALID_AMOUNT", api.post("/disputes/" + disputeId + "/resolve", Map.of("decision", "SPLIT",
        "releaseAmount", "10.00", "refundAmount", "10.00")).code());
    Http.Response resolved = api.post("/disputes/" + disputeId + "/resolve", Map.of("decision", "SPLIT",
        "release_amount", "45.00", "refundAmount", "15.00", "note", "fair"));
    assertEquals(200, resolved.status(), resolved::toString);
    assertEquals("RESOLVED", resolved.data().get("status").asText());
    assertEquals("CLOSED", resolved.data().get("order").get("status").asText());
    assertEquals("45.00", balance(seller).get("available").asText());
    assertEquals("55.00", balance(buyer).get("available").asText());
    assertEquals("RESOLVED", api.get("/disputes/" + disputeId).data().get("status").asText());
    assertEquals("DISPUTE_NOT_FOUND", api.get("/disputes/dsp_missing").code());
  }

  /** Issue 8 item 14: SPLIT amounts missing, zero or not summing to the order are 422 INVALID_AMOUNT (BR-14). */
  @Test
  void item14_badSplitAmountsAre422InvalidAmount() {
    String buyer = user(api, "item14-buyer");
    String seller = user(api, "item14-seller");
    deposit(api, buyer, "30.00");
    String orderId = order(buyer, seller, "30.00", null);
    for (String step : List.of("reserve", "escrow", "escrow/fund")) {
      assertEquals(201, api.post("/orders/" + orderId + "/" + step).status());
    }
    String disputeId = api.post("/orders/" + orderId + "/resolution/dispute", Map.of("openedBy", "BUYER",
        "reason", "QUALITY_ISSUE")).data().get("id").asText();
    assertEquals(200, api.post("/disputes/" + disputeId + "/assign", Map.of("assignedTo", "agent_14")).status());
    String resolve = "/disputes/" + disputeId + "/resolve";
    for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("decision", "SPLIT"),
        Map.of("decision", "SPLIT", "releaseAmount", "30.00"),
        Map.of("decision", "SPLIT", "refund_amount", "30.00"),
        Map.of("decision", "SPLIT", "releaseAmount", "0.00", "refundAmount", "30.00"),
        Map.of("decision", "SPLIT", "releaseAmount", "30.00", "refundAmount", "0"))) {
      Http.Response refused = api.invalidRequest().post(resolve, body);
      assertEquals(422, refused.status(), () -> body + ": " + refused);
      assertEquals("INVALID_AMOUNT", refused.code(), () -> body + ": " + refused);
    }
    // well-formed as the document describes them, refused only because they do not sum to the order
    for (Map<String, Object> body : List.<Map<String, Object>>of(
        Map.of("decision", "SPLIT", "releaseAmount", "10.00", "refundAmount", "10.00"),
        Map.of("decision", "SPLIT", "releaseAmount", "20.00", "refundAmount", "10.0000001"))) {
      Http.Response refused = api.post(resolve, body);
      assertEquals(422, refused.status(), () -> body + ": " + refused);
      assertEquals("INVALID_AMOUNT", refused.code(), () -> body + ": " + refused);
    }
    Http.Response malformed = api.invalidRequest().post(resolve, Map.of("decision", "SPLIT", "releaseAmount", "1e3",
        "refundAmount", "10.00"));
    assertEquals(400, malformed.status(), malformed::toString);
    assertEquals("INVALID_AMOUNT_FORMAT", malformed.code());
    assertEquals("UNDER_REVIEW", api.get("/disputes/" + disputeId).data().get("status").asText(), "nothing changed");
    assertEquals("0.00", balance(buyer).get("available").asText());
    Http.Response resolved = api.post(resolve, Map.of("decision", "SPLIT", "releaseAmount", "20.00",
        "refundAmount", "10.00"));
    assertEquals(200, resolved.status(), resolved::toString);
  }

  /** Issue 8 item 15: with PAYMENT_PROVIDER=crypto the AirTM endpoints answer as the reference clients expect. */
  @Test
  void item15_airtmEndpointsWithTheCryptoProvider() {
    String id = user(api, "item15-user");
    Http.Response list = api.get("/topups?userId=" + id);
    assertEquals(200, list.status(), list::toString);
    assertEquals(0, list.data().size());
    assertFalse(list.json().get("hasMore").asBoolean());
    assertEquals(200, api.get("/topups").status(), "without a user filter too");
    Http.Response unknown = api.get("/topups/topup_unknown");
    assertEquals(404, unknown.status(), unknown::toString);
    assertEquals("TOPUP_NOT_FOUND", unknown.code());
    Http.Response webhook = harness.anonymous().post("/webhooks/airtm", Map.of("eventId", "evt_15", "eventType",
        "payin.succeeded", "data", Map.of("id", "payin_15")));
    assertEquals(200, webhook.status(), webhook::toString);
    assertEquals("ok", webhook.json().get("status").asText());
    assertFalse(webhook.json().get("processed").asBoolean());
    Http.Response link = api.post("/users/" + id + "/airtm/link", Map.of("email", "a@b.com"));
    assertEquals(422, link.status(), link::toString);
    assertEquals("PROVIDER_NOT_CONFIGURED", link.code());
    String message = link.json().get("error").get("message").asText();
    assertTrue(message.contains("AirTM is not configured") && !message.toLowerCase(java.util.Locale.ROOT)
        .contains("top-up"), message);
  }

  @Test
  void cryptoWithdrawalAndProviderEndpointsWithoutAProvider() {
    String owner = user(api, "wd-owner");
    String other = user(api, "wd-other");
    deposit(api, owner, "30.00");
    String address = api.get("/users/" + other + "/wallet/deposit").data().get("address").asText();
    Http.Response created = api.post("/withdrawals", Map.of("userId", owner, "amount", "12.50", "destinationType",
        "crypto", "destinationRef", address));
    assertEquals(201, created.status(), created::toString);
    assertEquals("WITHDRAWAL_COMPLETED", created.json().get("status").asText());
    assertTrue(created.json().get("committed").asBoolean());
    String id = created.json().get("id").asText();
    assertEquals("17.50", balance(owner).get("available").asText());
    assertEquals(id, api.get("/withdrawals/" + id).json().get("id").asText());
    assertEquals("WITHDRAWAL_NOT_FOUND", api.get("/withdrawals/" + id + "?userId=" + other).code());
    assertEquals(1, api.get("/withdrawals?userId=" + owner).data().size());
    assertTrue(api.get("/withdrawals?limit=100").data().size() >= 1, "without userId: every user's");
    assertEquals("WITHDRAWAL_NOT_COMMITTABLE", api.post("/withdrawals/" + id + "/commit").code());
    assertEquals(200, api.post("/withdrawals/" + id + "/refresh").status());
    assertEquals("INSUFFICIENT_FUNDS", api.post("/withdrawals", Map.of("userId", owner, "amount", "500.00",
        "destinationType", "crypto", "destinationRef", address)).code());
    assertEquals("VALIDATION_ERROR", api.invalidRequest().post("/withdrawals", Map.of("userId", owner, "amount", "1.00",
        "destinationType", "CRYPTO", "destinationRef", address)).code());
    assertEquals("PROVIDER_NOT_CONFIGURED", api.post("/withdrawals", Map.of("userId", owner, "amount", "1.00",
        "destinationType", "bank", "destinationRef", "iban")).code());
    assertEquals("PROVIDER_NOT_CONFIGURED", api.post("/topups", Map.of("userId", owner, "amount", "1.00")).code());
    assertEquals(302, harness.anonymous().get("/topups/topup_x/callback").status());
    assertEquals("17.50", balance(owner).get("available").asText());
  }

  @Test
  void auditLogsAreListedAndStrict() {
    user(api, "audit-user");
    Http.Response logs = api.get("/audit/logs?limit=2");
    assertEquals(200, logs.status(), logs::toString);
    assertEquals(2, logs.data().size());
    assertTrue(logs.json().get("hasMore").asBoolean());
    String cursor = logs.json().get("nextCursor").asText();
    Http.Response next = api.get("/audit/logs?limit=2&cursor=" + cursor);
    assertNotEquals(logs.data().get(0).get("id"), next.data().get(0).get("id"));
    // background jobs may add an entry at any time: compare with a first page read right around it
    for (int attempt = 1; ; attempt++) {
      String first = api.get("/audit/logs?limit=2").data().get(0).get("id").asText();
      String unknown = api.get("/audit/logs?limit=2&cursor=aud_unknown").data().get(0).get("id").asText();
      String again = api.get("/audit/logs?limit=2").data().get(0).get("id").asText();
      if (first.equals(again) || attempt == 5) {
        assertEquals(first, unknown, "an unknown audit cursor gives the first page");
        break;
      }
    }
    assertEquals("VALIDATION_ERROR", api.get("/audit/logs?bogus=1").code());
    assertEquals("VALIDATION_ERROR", api.invalidRequest().get("/audit/logs?limit=0").code());
    assertEquals(200, api.get("/audit/logs?resourceType=user&action=USER_CREATED").status());
  }

  @Test
  void idempotencyReplaysAndRefusesReuse() {
    String id = user(api, "idem-user");
    String key = key();
    Http keyed = api.idempotent(key);
    Http.Response first = keyed.post("/users/" + id + "/balance/credit", Map.of("amount", "5.00", "reason", "test"));
    Http.Response second = keyed.post("/users/" + id + "/balance/credit", Map.of("amount", "5.00", "reason", "test"));
    assertEquals(200, second.status());
    assertEquals("true", second.header("Idempotency-Replay"));
    assertNull(first.header("Idempotency-Replay"));
    assertEquals(first.text(), second.text(), "byte-for-byte replay");
    assertEquals("5.00", balance(id).get("available").asText());
    Http.Response reused = keyed.post("/users/" + id + "/balance/credit", Map.of("amount", "6.00", "reason", "test"));
    assertEquals(409, reused.status());
    assertEquals("IDEMPOTENCY_KEY_REUSED", reused.code());
    assertEquals("VALIDATION_ERROR", api.invalidRequest().idempotent("not-a-uuid")
        .post("/users/" + id + "/balance/credit", Map.of("amount", "5.00", "reason", "test")).code());
    Http.Response failed = api.idempotent(key()).post("/users/" + id + "/balance/debit", Map.of("amount", "50",
        "reason", "test"));
    assertEquals(422, failed.status());
    Http.Response otherPrincipal = harness.client("support").idempotent(key).post("/users/" + id
        + "/balance/credit", Map.of("amount", "5.00", "reason", "test"));
    assertEquals(200, otherPrincipal.status());
    assertNull(otherPrincipal.header("Idempotency-Replay"), "keys are scoped per principal");
    assertEquals("10.00", balance(id).get("available").asText());
  }

  /** Issue 8 item 20: GET /orders applies created_after (inclusive) and created_before (exclusive). */
  @Test
  void item20_ordersAreFilteredByCreationTime() {
    String buyer = user(api, "item20-buyer");
    String seller = user(api, "item20-seller");
    String first = order(buyer, seller, "1.00", null);
    ServerHarness.sleep(30);
    String second = order(buyer, seller, "1.00", null);
    String secondCreated = api.get("/orders/" + second).data().get("createdAt").asText();
    String mine = "/orders?buyer_id=" + buyer;
    assertEquals(List.of(second), ids(api.get(mine + "&created_after=" + secondCreated)));
    assertEquals(List.of(first), ids(api.get(mine + "&created_before=" + secondCreated)));
    assertEquals(List.of(second, first), ids(api.get(mine + "&created_after=2000-01-01")));
    assertEquals(List.of(second, first), ids(api.get(mine + "&created_after=2000-01-01T00:00:00Z&created_before="
        + "2999-01-01T00:00:00%2B02:00")));
    assertEquals(List.of(), ids(api.get(mine + "&created_before=2000-01-01")));
    assertEquals(List.of(), ids(api.get(mine + "&created_after=2999-01-01T00:00:00.000Z")));
    for (String bad : List.of("yesterday", "2024-13-01", "1700000000", "2024-01-01T25:00:00Z", "2024-01-01T10:00")) {
      for (String name : List.of("created_after", "created_before")) {
        Http.Response refused = api.invalidRequest().get(mine + "&" + name + "=" + bad);
        assertEquals(400, refused.status(), () -> name + "=" + bad + ": " + refused);
        assertEquals("VALIDATION_ERROR", refused.code());
      }
    }
  }

  /**
   * Issue 8 item 20: a bound that is present but empty or undecodable is refused, not ignored, and the server
   * takes exactly what the document's pattern takes (4-digit year, upper-case T and Z, offset ±HH:MM).
   */
  @Test
  void item20_blankUndecodableOrOffPatternBoundsAre400() {
    String buyer = user(api, "item20-strict-buyer");
    String seller = user(api, "item20-strict-seller");
    String only = order(buyer, seller, "1.00", null);
    String mine = "/orders?buyer_id=" + buyer;
    for (String undecodable : List.of("%ZZ", "%", "2024-01-01%")) {
      int status = rawGetStatus(mine + "&created_after=" + undecodable);
      assertEquals(400, status, () -> "created_after=" + undecodable);
    }
    for (String bad : List.of("", "%20", "2024-01-01t00:00:00z", "2024-01-01T00:00:00+0100",
        "2024-01-01T00:00:00%2B01:00:30", "%2B12024-01-01", "24-01-01", "2024-01-01T00:00:00.0000000001Z",
        "%202024-01-01", "2024-02-30", "2024-01-01T00:00:60Z")) {
      for (String name : List.of("created_after", "created_before")) {
        Http.Response refused = api.invalidRequest().get(mine + "&" + name + "=" + bad);
        assertEquals(400, refused.status(), () -> name + "=" + bad + ": " + refused);
        assertEquals("VALIDATION_ERROR", refused.code(), () -> name + "=" + bad);
      }
    }
    Http.Response bare = api.invalidRequest().get(mine + "&created_after");
    assertEquals(400, bare.status(), () -> "created_after without a value: " + bare);
    assertEquals(List.of(only), ids(api.get(mine + "&created_after=2000-01-01T00:00Z&created_before="
        + "2999-12-31T23:59:59.123456789-05:00")));
  }

  /**
   * GET with a query {@link java.net.URI} refuses to carry (a malformed percent escape), over a raw socket;
   * the answer is still checked against the document. Returns the status.
   */
  private int rawGetStatus(String pathAndQuery) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", harness.port())) {
      socket.setSoTimeout(10_000);
      String request = "GET " + ApiContract.BASE + pathAndQuery + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + api.credential() + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int split = answer.indexOf("\r\n\r\n");
      String[] head = answer.substring(0, split).split("\r\n");
      Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.computeIfAbsent(head[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
            n -> new java.util.ArrayList<>()).add(head[i].substring(colon + 1).trim());
      }
      int status = Integer.parseInt(head[0].split(" ")[1]);
      ApiContract.check(new ApiContract.Exchange("GET", ApiContract.BASE + pathAndQuery, List.of("Authorization",
          "Bearer " + api.credential()), null, status, headers, answer.substring(split + 4)), false);
      return status;
    } catch (java.io.IOException e) {
      throw new AssertionError("GET " + pathAndQuery + " failed: " + e, e);
    }
  }

  private static List<String> ids(Http.Response page) {
    assertEquals(200, page.status(), page::toString);
    List<String> out = new java.util.ArrayList<>();
    page.data().forEach(o -> out.add(o.get("id").asText()));
    return out;
  }

  @Test
  void listsPageWithCursors() {
    String buyer = user(api, "page-buyer");
    String seller = user(api, "page-seller");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(order(buyer, seller, "1.00", null));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Http.Response page = api.get("/orders?buyer_id=" + buyer + "&limit=2" + (cursor == null ? "" : "&cursor="
          + cursor));
      page.data().forEach(o -> assertTrue(seen.add(o.get("id").asText()), "no duplicates"));
      cursor = page.json().get("hasMore").asBoolean() ? page.json().get("nextCursor").asText() : null;
      pages++;
    } while (cursor != null);
    assertEquals(created, seen);
    assertEquals(3, pages);
    assertEquals(0, api.get("/orders?cursor=ord_unknown").data().size());
  }
}

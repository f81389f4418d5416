package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A corpus of bad input: every answer is a 4xx with a stable code in the error envelope, never a
 * 5xx or a stack trace, and nothing changes (balances, orders, the event stream).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MalformedInputScenarios {
  protected abstract ServerHarness.Db db();

  private ServerHarness harness;
  private Http api;
  private String buyer;
  private String seller;
  private String order;

  @BeforeAll
  void start() {
    harness = ServerHarness.start(db());
    api = harness.client("read", "write", "support");
    buyer = ServerHarness.user(api, "malformed-buyer");
    seller = ServerHarness.user(api, "malformed-seller");
    ServerHarness.deposit(api, buyer, "50.00");
    order = api.post("/orders", Map.of("buyer_id", buyer, "seller_id", seller, "amount", "10.00", "title", "t"))
        .data().get("id").asText();
    for (String step : List.of("reserve", "escrow", "escrow/fund")) {
      assertEquals(201, api.post("/orders/" + order + "/" + step).status());
    }
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  /** One bad request: where, what. */
  record Case(String name, String path, byte[] body, String idempotencyKey) {
    static Case of(String name, String path, String body) {
      return new Case(name, path, body.getBytes(StandardCharsets.UTF_8), null);
    }
  }

  private List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    String credit = "/users/" + buyer + "/balance/credit";
    String debit = "/users/" + buyer + "/balance/debit";
    String reserve = "/users/" + buyer + "/balance/reserve";
    List<String> targets = List.of("/users", "/orders", credit, debit, reserve, "/withdrawals", "/sandbox/deposits",
        "/orders/" + order + "/resolution/dispute");
    for (String target : targets) {
      for (String json : List.of("{", "{\"amount\":}", "[1,2]", "\"string\"", "null", "{} x", "{\"a\":1,\"a\":2}",
          "{'amount':'1.00'}", "{\"amount\":\"1.00\",}")) {
        cases.add(Case.of("malformed " + json + " on " + target, target, json));
      }
      cases.add(Case.of("unknown field on " + target, target, "{\"amount\":\"1.00\",\"bogus\":true,"
          + "\"externalUserId\":\"x\",\"buyer_id\":\"" + buyer + "\"}"));
      cases.add(Case.of("depth 100 on " + target, target, "{\"a\":".repeat(100) + "1" + "}".repeat(100)));
      cases.add(Case.of("depth 10000 on " + target, target, "[".repeat(10_000) + "]".repeat(10_000)));
      cases.add(Case.of("2 MB on " + target, target, "{\"amount\":\"" + "1".repeat(2 * 1024 * 1024) + "\"}"));
      cases.add(new Case("invalid UTF-8 on " + target, target, new byte[] {'{', '"', 'a', '"', ':', '"',
          (byte) 0xC3, (byte) 0x28, '"', '}'}, null));
    }
    for (String target : List.of(credit, debit, reserve)) {
      for (String amount : List.of("1e3", "-1.00", "0.00", "0", "1.12345678", "١٠٠", "１００", " 1.00", "1,00", "NaN",
          "Infinity", "", "99999999999999999999.00", "+1.00", "0x10", "1.", ".5", "1.00\u0000")) {
        cases.add(Case.of("amount " + amount + " on " + target, target, "{\"amount\":\"" + amount.replace("\u0000",
            "\\u0000") + "\",\"orderId\":\"o1\"}"));
      }
      for (String typed : List.of("5", "{\"v\":1}", "[\"1.00\"]", "true", "null")) {
        cases.add(Case.of("amount as " + typed + " on " + target, target, "{\"amount\":" + typed + ",\"orderId\":\"o\"}"));
      }
    }
    cases.add(Case.of("externalUserId as number", "/users", "{\"externalUserId\":5}"));
    cases.add(Case.of("lowercase user type", "/users", "{\"externalUserId\":\"x1\",\"type\":\"buyer\"}"));
    cases.add(Case.of("100k string", "/users", "{\"externalUserId\":\"" + "x".repeat(100_000) + "\"}"));
    cases.add(Case.of("control characters in id", "/users", "{\"externalUserId\":\"\\u0000\\u0007\"}"));
    cases.add(Case.of("milestones as object", "/orders", "{\"buyer_id\":\"" + buyer + "\",\"seller_id\":\"" + seller
        + "\",\"amount\":\"1.00\",\"title\":\"t\",\"milestones\":{\"ref\":\"a\"}}"));
    cases.add(Case.of("milestone unknown field", "/orders", "{\"buyer_id\":\"" + buyer + "\",\"seller_id\":\""
        + seller + "\",\"amount\":\"1.00\",\"title\":\"t\",\"milestones\":[{\"ref\":\"a\",\"title\":\"A\","
        + "\"amount\":\"1.00\",\"x\":1}]}"));
    cases.add(Case.of("lowercase openedBy", "/orders/" + order + "/resolution/dispute",
        "{\"openedBy\":\"buyer\",\"reason\":\"OTHER\"}"));
    cases.add(Case.of("withdrawal to a non-Stellar address", "/withdrawals", "{\"userId\":\"" + buyer
        + "\",\"amount\":\"1.00\",\"destinationType\":\"crypto\",\"destinationRef\":\"not-an-address\"}"));
    cases.add(Case.of("non-ASCII path id", "/users/%E2%98%83%00/balance/credit", "{\"amount\":\"1.00\"}"));
    cases.add(Case.of("percent-encoded control in order id", "/orders/%07%0A/reserve", "{}"));
    for (String key : List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000", "x".repeat(300),
        "3f0e5a2c-1b2d-3c4e-8f00-123456789abc")) {
      cases.add(new Case("idempotency key " + key.substring(0, Math.min(20, key.length())), credit,
          "{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8), key));
    }
    return cases;
  }

  private String state() {
    StringBuilder out = new StringBuilder();
    for (String user : List.of(buyer, seller)) {
      Http.Response balance = api.get("/users/" + user + "/balance");
      out.append(balance.json().get("available").asText()).append('/').append(balance.json().get("reserved")
          .asText()).append(' ');
    }
    out.append(api.get("/orders?buyer_id=" + buyer).data().size()).append(' ');
    out.append(api.get("/orders/" + order).data().get("status").asText()).append(' ');
    out.append(harness.server().engine().events().lastSequence());
    return out.toString();
  }

  @Test
  void badInputIsA4xxWithACodeAndChangesNothing() {
    String before = state();
    List<String> failures = new ArrayList<>();
    List<Case> cases = corpus();
    assertTrue(cases.size() > 150, "corpus size " + cases.size());
    for (Case c : cases) {
      // the request is invalid on purpose: only the answer is checked against the document
      Http http = (c.idempotencyKey() == null ? api : api.idempotent(c.idempotencyKey())).invalidRequest();
      Http.Response response = http.postBytes(c.path(), c.body());
      String text = response.text();
      boolean ok = response.status() >= 400 && response.status() < 500 && text.startsWith("{\"error\":")
          && response.code() != null && !response.code().isEmpty() && !text.contains("Exception")
          && !text.contains("at com.") && !text.contains("at org.");
      if (!ok) {
        failures.add(c.name() + " -> " + response);
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " bad answers:\n" + String.join("\n", failures));
    assertEquals(before, state(), "bad input changed nothing");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeTheClientSendsIt() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", harness.port())) {
      socket.setSoTimeout(10_000);
      String head = "POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ServerHarness.MASTER
          + "\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\nExpect: 100-continue\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] answer = socket.getInputStream().readNBytes(12);
      // the final answer, not "HTTP/1.1 100": the body is never asked for
      assertEquals("HTTP/1.1 413", new String(answer, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void errorsCarryTheRequestIdAndNoSecrets() {
    Http.Response refused = api.header("X-Request-ID", "trace-42").invalidRequest().postBytes("/users", "{".getBytes(
        StandardCharsets.UTF_8));
    assertEquals(400, refused.status());
    assertEquals("trace-42", refused.json().get("error").get("details").get("requestId").asText());
    assertEquals("trace-42", refused.header("X-Request-ID"));
    assertNull(refused.header("X-RateLimit-Limit"), "the test servers run without a rate limit: no headers (item 17)");
    assertFalse(refused.text().contains(ServerHarness.MASTER));
  }
}

package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A corpus of bad input against a running sandbox server (H2): every answer is a 4xx with a code in the error
 * envelope, never a 5xx nor a stack trace, and nothing changes (balances, orders, withdrawals, audit log, events).
 * Every case mutates a body that is valid as is; the last test proves those bases are accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedInputCorpusTest {
  private static final List<String> BAD_AMOUNTS = List.of("1e3", "-1.00", "0.00", "0", "1.12345678", "١٠٠", "１００",
      " 1.00", "1,00", "NaN", "Infinity", "", "99999999999999999999.00", "+1.00", "1.", ".5", "0x10", "1.00\u0000");
  private static final List<String> AMOUNT_TARGETS = List.of("orders", "credit", "debit", "reserve", "withdrawals",
      "deposits");

  private ServerHarness harness;
  private Http api;
  private String buyer;
  private String seller;
  private String order;
  private Map<String, Target> targets;

  /** An endpoint and a body it accepts; every case breaks exactly one thing in it. */
  private record Target(String name, String path, Map<String, Object> base) {
    Map<String, Object> with(String field, Object value) {
      Map<String, Object> body = new LinkedHashMap<>(base);
      body.put(field, value);
      return body;
    }
  }

  /** One bad request. */
  private record Case(String name, String path, byte[] body, String idempotencyKey) {}

  @BeforeAll
  void startServer() {
    harness = ServerHarness.start(ServerHarness.Db.H2);
    api = harness.client("read", "write", "support");
    buyer = ServerHarness.user(api, "malformed-buyer");
    seller = ServerHarness.user(api, "malformed-seller");
    ServerHarness.deposit(api, buyer, "50.00");
    Http.Response created = api.post("/orders", Map.of("buyer_id", buyer, "seller_id", seller, "amount", "10.00",
        "title", "Malformed input"));
    assertEquals(201, created.status(), created::toString);
    order = created.data().get("id").asText();
    for (String step : List.of("reserve", "escrow", "escrow/fund")) {
      Http.Response moved = api.post("/orders/" + order + "/" + step);
      assertEquals(201, moved.status(), moved::toString);
    }
    String sellerAddress = api.get("/users/" + seller + "/wallet").data().get("publicKey").asText();
    targets = new LinkedHashMap<>();
    String balance = "/users/" + buyer + "/balance/";
    add("users", "/users", Map.of("externalUserId", "malformed-new-user"));
    add("orders", "/orders", Map.of("buyer_id", buyer, "seller_id", seller, "amount", "5.00", "title", "Another"));
    add("credit", balance + "credit", Map.of("amount", "1.00", "reason", "corpus"));
    add("debit", balance + "debit", Map.of("amount", "1.00", "reason", "corpus"));
    add("reserve", balance + "reserve", Map.of("amount", "1.00", "orderId", "ord_manual"));
    add("withdrawals", "/withdrawals", Map.of("userId", buyer, "amount", "1.00", "destinationType", "crypto",
        "destinationRef", sellerAddress));
    add("deposits", "/sandbox/deposits", Map.of("userId", buyer, "amount", "1.00"));
    add("dispute", "/orders/" + order + "/resolution/dispute", Map.of("openedBy", "BUYER", "reason", "QUALITY_ISSUE"));
  }

  private void add(String name, String path, Map<String, Object> base) {
    targets.put(name, new Target(name, path, new LinkedHashMap<>(base)));
  }

  @AfterAll
  void stopServer() {
    harness.close();
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> badInputIsRefusedWithA4xxAndChangesNothing() {
    Map<String, String> before = state();
    return Stream.of(
        group("malformed JSON", malformedJson()),
        group("wrong types", wrongTypes()),
        group("unknown fields on strict endpoints", unknownFields()),
        group("deep nesting", deepNesting()),
        group("huge bodies and strings", huge()),
        group("bad amounts", badAmounts()),
        group("non-ASCII and control characters in ids", badIds()),
        group("invalid enum values", badEnums()),
        group("bad Idempotency-Key headers", badIdempotencyKeys()),
        group("invalid UTF-8", invalidUtf8()),
        DynamicTest.dynamicTest("nothing changed", () -> assertEquals(before, state())));
  }

  private DynamicContainer group(String name, List<Case> cases) {
    return DynamicContainer.dynamicContainer(name + " (" + cases.size() + ")", cases.stream().map(c ->
        DynamicTest.dynamicTest(c.name(), () -> assertRefused(c))));
  }

  private void assertRefused(Case c) {
    // the request is invalid on purpose: only the answer is checked against the document
    Http http = (c.idempotencyKey() == null ? api : api.idempotent(c.idempotencyKey())).invalidRequest();
    Http.Response response = http.postBytes(c.path(), c.body());
    String context = "POST " + c.path() + " -> " + response;
    if (response.status() == 400 && NOT_EXPRESSIBLE.stream().noneMatch(c.name()::startsWith)) {
      assertFalse(documentAccepts(c), "the document accepts a request the server refuses (item 19): " + context);
    }
    assertTrue(response.status() >= 400 && response.status() < 500, context);
    assertFalse(response.text().contains("Exception"), context);
    assertFalse(response.text().contains("at com."), context);
    JsonNode error = response.json().get("error");
    assertTrue(error != null && error.path("code").isTextual() && !error.path("code").asText().isEmpty(), context);
  }

  /**
   * Refusals no OpenAPI document can state: duplicate or trailing JSON, unpaired surrogates, and path segments
   * that are not UTF-8. Every other 400 of the corpus must be a request the document refuses too, so that the
   * document is never looser than the server.
   */
  private static final List<String> NOT_EXPRESSIBLE = List.of("'{\"amount\":\"1.00\",\"amount\":\"2.00\"}'",
      "'{\"amount\":\"1.00\"}}'", "externalUserId '\\ud800'", "userId '\\ud800'", "buyer_id '\\ud800'",
      "orderId 'a\\ud800b'", "reason 'a\\ud800b'", "user path segment '%FF'", "order path segment '%FF'",
      "user path segment '%C0%AF'", "order path segment '%C0%AF'", "user path segment '%ED%A0%80'",
      "order path segment '%ED%A0%80'");

  private static boolean documentAccepts(Case c) {
    List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer k", "Content-Type", "application/json"));
    if (c.idempotencyKey() != null) {
      headers.addAll(List.of("Idempotency-Key", c.idempotencyKey()));
    }
    return ApiContract.requestProblems("POST", ApiContract.BASE + c.path(), headers, c.body()).isEmpty();
  }

  private Case json(String name, Target target, String body) {
    return new Case(name + " on " + target.name(), target.path(), body.getBytes(StandardCharsets.UTF_8), null);
  }

  private Case json(String name, Target target, Map<String, Object> body) {
    try {
      return new Case(name + " on " + target.name(), target.path(), ESCAPING.writeValueAsBytes(body), null);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private List<Case> eachTarget(Function<Target, List<Case>> cases) {
    List<Case> out = new ArrayList<>();
    targets.values().forEach(t -> out.addAll(cases.apply(t)));
    return out;
  }

  private List<Case> malformedJson() {
    List<String> bodies = List.of("{", "{\"amount\":}", "[1,2]", "\"string\"", "null", "{} x",
        "{\"amount\":\"1.00\",\"amount\":\"2.00\"}", "{'amount':'1.00'}", "{\"amount\":\"1.00\",}",
        "{\"amount\":NaN}", "/* c */{}", "{\"amount\":\"1.00\"}}", "{\"amount\":\"1.00", "\u0000");
    return eachTarget(t -> bodies.stream().map(b -> json("'" + printable(b) + "'", t, b)).toList());
  }

  private List<Case> wrongTypes() {
    List<Case> out = new ArrayList<>();
    Map<String, Object> types = new LinkedHashMap<>();
    types.put("number", 1);
    types.put("decimal number", 1.5);
    types.put("object", Map.of("value", "1.00"));
    types.put("array", List.of("1.00"));
    types.put("boolean", true);
    for (String name : AMOUNT_TARGETS) {
      Target target = targets.get(name);
      types.forEach((type, value) -> out.add(json("amount as " + type, target, target.with("amount", value))));
    }
    Target users = targets.get("users");
    out.add(json("externalUserId as number", users, users.with("externalUserId", 42)));
    out.add(json("externalUserId as array", users, users.with("externalUserId", List.of("a"))));
    out.add(json("email as number", users, users.with("email", 7)));
    Target orders = targets.get("orders");
    out.add(json("milestones as object", orders, orders.with("milestones", Map.of("ref", "a", "amount", "5.00"))));
    out.add(json("milestones as string", orders, orders.with("milestones", "a")));
    out.add(json("milestone item as string", orders, orders.with("milestones", List.of("a"))));
    out.add(json("milestone amount as number", orders, orders.with("milestones", List.of(Map.of("ref", "a",
        "title", "A", "amount", 5)))));
    out.add(json("title as number", orders, orders.with("title", 3)));
    out.add(json("metadata as string", orders, orders.with("metadata", "x")));
    Target reserve = targets.get("reserve");
    out.add(json("orderId as number", reserve, reserve.with("orderId", 9)));
    Target withdrawals = targets.get("withdrawals");
    out.add(json("commit as string", withdrawals, withdrawals.with("commit", "true")));
    out.add(json("destinationRef as number", withdrawals, withdrawals.with("destinationRef", 1)));
    Target dispute = targets.get("dispute");
    out.add(json("openedBy as number", dispute, dispute.with("openedBy", 0)));
    out.add(json("evidence as string", dispute, dispute.with("evidence", "a photo")));
    return out;
  }

  private List<Case> unknownFields() {
    List<Case> out = eachTarget(t -> List.of(json("field 'unexpected'", t, t.with("unexpected", true)),
        json("field '__proto__'", t, t.with("__proto__", Map.of("admin", true)))));
    Target orders = targets.get("orders");
    out.add(json("unknown field in a milestone", orders, orders.with("milestones", List.of(Map.of("ref", "a",
        "title", "A", "amount", "5.00", "unexpected", 1)))));
    return out;
  }

  private List<Case> deepNesting() {
    return eachTarget(t -> {
      List<Case> out = new ArrayList<>();
      for (int depth : new int[] {100, 10_000}) {
        out.add(json("objects nested " + depth + " deep", t, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
        out.add(json("arrays nested " + depth + " deep", t, "[".repeat(depth) + "]".repeat(depth)));
        out.add(json("amount nested " + depth + " deep", t, "{\"amount\":" + "[".repeat(depth) + "]".repeat(depth)
            + "}"));
      }
      return out;
    });
  }

  private List<Case> huge() {
    List<Case> out = eachTarget(t -> List.of(
        json("2 MB body", t, t.with("description", "x".repeat(2 * 1024 * 1024))),
        json("100,000-character description", t, t.with("description", "x".repeat(100_000))),
        json("60,000-character description (under the body limit)", t, t.with("description", "x".repeat(60_000)))));
    out.add(json("100,000-character externalUserId", targets.get("users"), Map.of("externalUserId",
        "x".repeat(100_000))));
    out.add(json("60,000-character externalUserId", targets.get("users"), Map.of("externalUserId",
        "x".repeat(60_000))));
    out.add(json("100,000-character amount", targets.get("credit"), Map.of("amount", "1".repeat(100_000))));
    out.add(json("10,000-digit amount", targets.get("credit"), Map.of("amount", "1".repeat(10_000))));
    out.add(json("10,000-digit JSON number", targets.get("credit"), "{\"amount\":" + "1".repeat(10_000) + "}"));
    return out;
  }

  private List<Case> badAmounts() {
    List<Case> out = new ArrayList<>();
    for (String name : AMOUNT_TARGETS) {
      Target target = targets.get(name);
      for (String amount : BAD_AMOUNTS) {
        out.add(json("amount '" + printable(amount) + "'", target, target.with("amount", amount)));
      }
    }
    Target orders = targets.get("orders");
    for (String amount : List.of("-5.00", "0", "5.000000001")) {
      out.add(json("milestone amount '" + amount + "'", orders, orders.with("milestones", List.of(Map.of("ref", "a",
          "title", "A", "amount", amount)))));
    }
    return out;
  }

  private List<Case> badIds() {
    List<Case> out = new ArrayList<>();
    Target users = targets.get("users");
    for (String id : List.of("\u0000", "ab\u0000cd", "\u001b[31mred", "tab\there", "line\nbreak", "del\u007f",
        "nel\u0085", "csi\u009b31m", "\ud800", "", "\u3000")) {
      out.add(json("externalUserId '" + printable(id) + "'", users, users.with("externalUserId", id)));
    }
    Map<String, String> userReferences = Map.of("orders", "buyer_id", "withdrawals", "userId", "deposits", "userId");
    userReferences.forEach((name, field) -> {
      Target target = targets.get(name);
      for (String id : List.of("usr_\u00e9", "\u2603", "\u202eusr", "x\u0000", "x\n", "\u0085", "\ud800")) {
        out.add(json(field + " '" + printable(id) + "'", target, target.with(field, id)));
      }
    });
    // a free reference: any printable text is fine, control characters and broken UTF-16 are not
    Target reserve = targets.get("reserve");
    for (String id : List.of("x\u0000", "x\n", "\u0085", "a\ud800b")) {
      out.add(json("orderId '" + printable(id) + "'", reserve, reserve.with("orderId", id)));
    }
    // a manual credit's or debit's reason: required text, line breaks allowed, other control characters not
    for (String name : List.of("credit", "debit")) {
      Target manual = targets.get(name);
      for (String reason : List.of("", "   ", "\u3000", "\u2003\n", "x\u0000", "\u0085", "csi\u009b31m", "a\ud800b",
          "x".repeat(501))) {
        out.add(json("reason '" + printable(reason) + "' on " + name, manual, manual.with("reason", reason)));
      }
    }
    List<String> segments = List.of("%00", "%0A", "%1B", "%7F", "%C2%85", "%E2%80%AE", "%E2%98%83", "%FF",
        "%C0%AF", "%ED%A0%80", "%2F", "..%2F..", "%25", "x".repeat(200), "usr%20missing");
    Target credit = targets.get("credit");
    Target dispute = targets.get("dispute");
    for (String segment : segments) {
      String shown = segment.length() > 20 ? segment.length() + " characters" : segment;
      out.add(new Case("user path segment '" + shown + "' on credit", "/users/" + segment + "/balance/credit",
          bytes(credit.base()), null));
      out.add(new Case("order path segment '" + shown + "' on dispute", "/orders/" + segment + "/resolution/dispute",
          bytes(dispute.base()), null));
    }
    return out;
  }

  private List<Case> badEnums() {
    List<Case> out = new ArrayList<>();
    Target users = targets.get("users");
    for (String type : List.of("buyer", "Buyer", "ADMIN", "", " BUYER")) {
      out.add(json("type '" + type + "'", users, users.with("type", type)));
    }
    Target dispute = targets.get("dispute");
    for (String party : List.of("buyer", "SUPPORT", "")) {
      out.add(json("openedBy '" + party + "'", dispute, dispute.with("openedBy", party)));
    }
    out.add(json("reason 'quality_issue'", dispute, dispute.with("reason", "quality_issue")));
    Target withdrawals = targets.get("withdrawals");
    for (String type : List.of("CRYPTO", "stellar", "")) {
      out.add(json("destinationType '" + type + "'", withdrawals, withdrawals.with("destinationType", type)));
    }
    return out;
  }

  private List<Case> badIdempotencyKeys() {
    String v4 = UUID.randomUUID().toString();
    List<String> keys = List.of("not-a-uuid", "", "00000000-0000-0000-0000-000000000000",
        "e4eaaaf2-d142-11e1-b3e4-080027620cdd", v4.substring(0, 19) + "c" + v4.substring(20), v4.replace("-", ""),
        "{" + v4 + "}", v4 + "0", v4.substring(1), "x".repeat(300), "g" + v4.substring(1));
    List<Case> out = new ArrayList<>();
    for (String target : List.of("credit", "users")) {
      Target t = targets.get(target);
      for (String key : keys) {
        String shown = key.length() > 40 ? key.length() + " characters" : key;
        out.add(new Case("key '" + shown + "' on " + target, t.path(), bytes(t.base()), key));
      }
    }
    return out;
  }

  private List<Case> invalidUtf8() {
    Map<String, byte[]> sequences = new LinkedHashMap<>();
    sequences.put("lone 0xFF", new byte[] {(byte) 0xFF});
    sequences.put("bad continuation C3 28", new byte[] {(byte) 0xC3, 0x28});
    sequences.put("overlong C0 AF", new byte[] {(byte) 0xC0, (byte) 0xAF});
    sequences.put("encoded surrogate ED A0 80", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    sequences.put("beyond U+10FFFF F4 90 80 80", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
    sequences.put("truncated E2 82", new byte[] {(byte) 0xE2, (byte) 0x82});
    List<Case> out = new ArrayList<>();
    Target users = targets.get("users");
    Target credit = targets.get("credit");
    sequences.forEach((name, bad) -> {
      out.add(new Case(name + " in externalUserId", users.path(), splice("{\"externalUserId\":\"id", bad, "\"}"),
          null));
      out.add(new Case(name + " in amount", credit.path(), splice("{\"amount\":\"1.00", bad, "\"}"), null));
      out.add(new Case(name + " in a field name", credit.path(), splice("{\"amount\":\"1.00\",\"", bad, "\":1}"),
          null));
    });
    for (Target t : targets.values()) {
      out.add(new Case("0xFF 0xFE outside any string on " + t.name(), t.path(), splice("{", new byte[] {(byte) 0xFF,
          (byte) 0xFE}, "}"), null));
    }
    return out;
  }

  private static byte[] splice(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Non-ASCII as \\uXXXX escapes, so a lone surrogate reaches the server as one (not as a "?"). */
  private static final com.fasterxml.jackson.databind.ObjectWriter ESCAPING = Http.JSON.writer()
      .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII);

  private static byte[] bytes(Map<String, Object> body) {
    try {
      return ESCAPING.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** Test names stay readable: control characters as \\uXXXX, long text shortened. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : (text.length() > 40 ? text.substring(0, 40) + "..." : text).toCharArray()) {
      out.append(c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c)
          : String.valueOf(c));
    }
    return out.toString();
  }

  /** What a bad request must not touch. */
  private Map<String, String> state() {
    Map<String, String> state = new LinkedHashMap<>();
    for (String user : List.of(buyer, seller)) {
      JsonNode balance = api.get("/users/" + user + "/balance").json();
      state.put("balance " + user, balance.get("available").asText() + "/" + balance.get("reserved").asText());
    }
    state.put("orders of the buyer", String.valueOf(api.get("/orders?buyer_id=" + buyer + "&limit=100").data()
        .size()));
    state.put("order status", api.get("/orders/" + order).data().get("status").asText());
    state.put("disputes", String.valueOf(api.get("/disputes").data().size()));
    state.put("withdrawals", String.valueOf(api.get("/withdrawals?limit=100").data().size()));
    JsonNode audit = api.get("/audit/logs?limit=1").data();
    state.put("latest audit entry", audit.isEmpty() ? "none" : audit.get(0).get("id").asText());
    state.put("last event sequence", String.valueOf(harness.server().engine().events().lastSequence()));
    return state;
  }

  /** The bases are valid: sent as they are, each is accepted (so every refusal above came from the mutation). */
  @Test
  @Order(2)
  void theUnmutatedBodiesAreAccepted() {
    for (Target target : targets.values()) {
      Http.Response response = api.postBytes(target.path(), bytes(target.base()));
      assertTrue(response.status() >= 200 && response.status() < 300, target.name() + ": " + response);
    }
  }
}

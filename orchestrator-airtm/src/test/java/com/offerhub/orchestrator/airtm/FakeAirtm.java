package com.offerhub.orchestrator.airtm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A small stateful AirTM for MockWebServer, speaking the published API under {@code /v2} as
 * spec/06 §10 describes it: Basic auth, pay-ins with exactly six fields, payouts created then
 * committed (empty 204), lookups by code, {@code 415029}/{@code 415056} for a code already used,
 * {@code 415030}/{@code 415027} for a cancel or commit too late, users by e-mail. Knobs: lose the
 * next answer (the request is applied, then the connection drops), refuse the next create of a new
 * code, settle pay-ins and complete payouts. Enough for the contract suite; the full simulator lives
 * in examples/stellar-simulator.
 */
final class FakeAirtm extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PAYIN_FIELDS = Set.of("code", "amount", "description", "items", "confirmationUri",
      "cancelUri");
  private static final Set<String> PAYOUT_FIELDS = Set.of("airtmUserEmail", "amount", "notes", "code", "commit",
      "internalNote", "enterpriseFee", "requireIdVerified");

  private final String authorization;
  private final Map<String, ObjectNode> payins = new HashMap<>();
  private final Map<String, String> payinByCode = new HashMap<>();
  private final Map<String, ObjectNode> payouts = new HashMap<>();
  private final Map<String, String> payoutByCode = new HashMap<>();
  private final Map<String, ObjectNode> users = new HashMap<>();
  private boolean loseNext;
  private String[] refusal;

  FakeAirtm(String key, String secret) {
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
  }

  synchronized void loseNextResponse() {
    loseNext = true;
  }

  synchronized void refuseNextNewCreate(String code, String message) {
    refusal = new String[] {code, message};
  }

  synchronized void registerUser(String email, boolean active, boolean verified) {
    ObjectNode user = JSON.createObjectNode();
    user.put("id", UUID.randomUUID().toString());
    user.put("status", active ? "active" : "inactive");
    user.put("primaryEmail", true);
    user.put("isVerified", verified);
    users.put(email.toLowerCase(Locale.ROOT), user);
  }

  synchronized void settlePayin(String id) {
    payins.get(id).put("status", "CONFIRMED");
  }

  synchronized void completePayout(String id) {
    payouts.get(id).put("status", "COMPLETED");
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    if (!authorization.equals(request.getHeader("Authorization"))) {
      return error(401, "415904", "Unauthorized");
    }
    List<String> path = request.getRequestUrl().pathSegments();
    if (path.isEmpty() || !"v2".equals(path.get(0))) {
      return new MockResponse().setResponseCode(404);
    }
    MockResponse answer = route(request.getMethod(), path.subList(1, path.size()), request);
    if (loseNext) {
      loseNext = false;
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    return answer;
  }

  private MockResponse route(String method, List<String> path, RecordedRequest request) {
    String head = path.isEmpty() ? "" : path.get(0);
    int size = path.size();
    if (head.equals("payins")) {
      if (method.equals("POST") && size == 1) {
        return createPayin(body(request));
      }
      if (method.equals("GET") && size == 3 && path.get(1).equals("by-code")) {
        return found(payins.get(payinByCode.get(path.get(2))), "415031");
      }
      if (method.equals("GET") && size == 2) {
        return found(payins.get(path.get(1)), "415031");
      }
      if (method.equals("DELETE") && size == 2) {
        return cancelPayin(path.get(1));
      }
    } else if (head.equals("payouts")) {
      if (method.equals("POST") && size == 1) {
        return createPayout(body(request));
      }
      if (method.equals("POST") && size == 3 && path.get(2).equals("commit")) {
        return commit(path.get(1));
      }
      if (method.equals("GET") && size == 3 && path.get(1).equals("by-code")) {
        return found(payouts.get(payoutByCode.get(path.get(2))), "415005");
      }
      if (method.equals("GET") && size == 2) {
        return found(payouts.get(path.get(1)), "415005");
      }
    } else if (head.equals("users") && method.equals("GET") && size == 2) {
      ObjectNode user = users.get(path.get(1).toLowerCase(Locale.ROOT));
      return user == null ? error(404, "415059", "Recipient not found") : ok(200, user);
    }
    return error(404, "415902", "Item not found");
  }

  private MockResponse createPayin(JsonNode body) {
    if (body == null || !fieldsAre(body, PAYIN_FIELDS, PAYIN_FIELDS)) {
      return error(400, "415901", "Invalid request format");
    }
    String code = body.get("code").asText();
    if (payinByCode.containsKey(code)) {
      return error(400, "415029", "Payin code already exists");
    }
    MockResponse refused = refusal();
    if (refused != null) {
      return refused;
    }
    ObjectNode payin = JSON.createObjectNode();
    String id = UUID.randomUUID().toString();
    payin.put("id", id);
    payin.put("code", code);
    payin.put("status", "CREATED");
    payin.set("amount", body.get("amount"));
    payin.set("description", body.get("description"));
    payin.set("items", body.get("items"));
    payin.set("confirmationUri", body.get("confirmationUri"));
    payin.set("cancelUri", body.get("cancelUri"));
    payins.put(id, payin);
    payinByCode.put(code, id);
    return ok(201, payin);
  }

  private MockResponse cancelPayin(String id) {
    ObjectNode payin = payins.get(id);
    if (payin == null) {
      return error(404, "415031", "Payin not found");
    }
    if (!payin.get("status").asText().equals("CREATED")) {
      return error(400, "415030", "Cannot confirm or cancel payin");
    }
    payin.put("status", "CANCELED");
    return ok(200, payin);
  }

  private MockResponse createPayout(JsonNode body) {
    if (body == null || !fieldsAre(body, Set.of("airtmUserEmail", "amount", "notes"), PAYOUT_FIELDS)) {
      return error(400, "415901", "Invalid request format");
    }
    String code = body.path("code").asText();
    if (payoutByCode.containsKey(code)) {
      return error(400, "415056", "Payout code already exists");
    }
    MockResponse refused = refusal();
    if (refused != null) {
      return refused;
    }
    ObjectNode payout = JSON.createObjectNode();
    String id = UUID.randomUUID().toString();
    payout.put("id", id);
    payout.put("code", code);
    payout.set("airtmUserEmail", body.get("airtmUserEmail"));
    payout.put("status", body.path("commit").asBoolean(false) ? "COMMITTED" : "CREATED");
    payout.set("grossAmount", body.get("amount"));
    payouts.put(id, payout);
    payoutByCode.put(code, id);
    return ok(201, payout);
  }

  private MockResponse commit(String id) {
    ObjectNode payout = payouts.get(id);
    if (payout == null) {
      return error(404, "415005", "Payout not found");
    }
    if (!payout.get("status").asText().equals("CREATED")) {
      return error(400, "415027", "Payout already processed");
    }
    payout.put("status", "COMMITTED");
    return new MockResponse().setResponseCode(204);
  }

  private MockResponse refusal() {
    if (refusal == null) {
      return null;
    }
    MockResponse refused = error(400, refusal[0], refusal[1]);
    refusal = null;
    return refused;
  }

  private static boolean fieldsAre(JsonNode body, Set<String> required, Set<String> allowed) {
    for (String field : required) {
      if (!body.hasNonNull(field)) {
        return false;
      }
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      if (!allowed.contains(names.next())) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode body(RecordedRequest request) {
    try {
      JsonNode node = JSON.readTree(request.getBody().readByteArray());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static MockResponse found(ObjectNode node, String notFound) {
    return node == null ? error(404, notFound, "Not found") : ok(200, node);
  }

  private static MockResponse ok(int status, JsonNode body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  static MockResponse error(int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    return ok(status, body);
  }
}

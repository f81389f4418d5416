package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * AirTM's Enterprise API v2 under {@code /airtm/v2} (spec/06 §4, §10), the hosted checkout under
 * {@code /airtm/payin/{id}} and test-only controls under {@code /airtm/_sim}.
 *
 * <p>The API asks for HTTP Basic credentials (the configured key and secret) and answers errors as
 * {@code {"code", "message", "data"?}}. AirTM publishes reason codes but not the HTTP statuses
 * that go with them (spec/06 §12), so the simulator chose: 401 for {@code 415904}; 400 for a body
 * that breaks the schema ({@code 415901}) and for a duplicate {@code code} ({@code 415029},
 * {@code 415056}, as spec/06 §10 says for pay-ins); 404 for an unknown route ({@code 415902}),
 * pay-in ({@code 415031}), payout ({@code 415005}) or user ({@code 415059} on
 * {@code GET /users/{email}}); 422 for business refusals ({@code 415059} and {@code 415009} for a
 * payout's recipient, {@code 415035}, {@code 415016}, {@code 415027}, {@code 415030},
 * {@code 415032}, {@code 415053}, {@code 415055}); 429 beyond the rate limit when it is switched on;
 * the fault knobs' 5xx with {@code 415998}. Creates answer 201 with the object, deletes 200 with
 * it, commit an empty 204. Clients should decide on {@code code}, not on the status.
 *
 * <p>Fault knobs ({@link AirtmFaults}) act after authentication: a failing mode answers before or
 * after the operation is applied, so a client can lose the answer of a create and find the object
 * again by its code.
 */
final class AirtmFront {
  static final String PREFIX = "/airtm";
  /** The API's endpoints as fault knobs name them (paths under {@code /airtm/v2}). */
  static final List<String> ENDPOINTS = List.of("GET /me", "GET /me/balance", "GET /users/{email}",
      "POST /payins", "GET /payins", "GET /payins/{id}", "GET /payins/by-code/{code}", "DELETE /payins/{id}",
      "POST /payouts", "GET /payouts/{id}", "GET /payouts/by-code/{code}", "GET /payouts/{id}/events",
      "POST /payouts/{id}/commit", "DELETE /payouts/{id}");
  private static final int PER_PAGE_DEFAULT = 100;

  /** An answer not yet sent: status and JSON body (null: empty). */
  private record Reply(int status, JsonNode body) {
  }

  private final AirtmEnterprise enterprise;
  private final AirtmWebhooks webhooks;
  private final AirtmFaults faults;
  private final byte[] credentials;

  AirtmFront(AirtmEnterprise enterprise, AirtmWebhooks webhooks, AirtmFaults faults, String apiKey,
      String apiSecret) {
    this.enterprise = enterprise;
    this.webhooks = webhooks;
    this.faults = faults;
    this.credentials = (apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8);
  }

  boolean handle(Http http) throws IOException {
    String path = http.path();
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
      return false;
    }
    List<String> segments = segments(http.rawPath().substring(Math.min(PREFIX.length(), http.rawPath().length())));
    String first = segments.isEmpty() ? "" : segments.get(0);
    List<String> rest = segments.isEmpty() ? List.of() : segments.subList(1, segments.size());
    switch (first) {
      case "v2" -> api(http, rest);
      case "payin" -> AirtmCheckout.handle(http, enterprise, rest);
      case "_sim" -> admin(http, rest);
      default -> http.json(404, new AirtmRefusal(404, AirtmRefusal.NOT_FOUND, "Not found").body());
    }
    return true;
  }

  /** Path segments, percent-decoded one by one; a {@code +} stays a plus (e-mail addresses hold them). */
  static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        out.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  // ---- the API ----

  private void api(Http http, List<String> segments) throws IOException {
    String endpoint = endpoint(http.method(), segments);
    pause(faults.latency(endpoint == null ? "*" : endpoint));
    String key = apiKey(http.header("Authorization"));
    if (faults.overLimit(key == null ? "" : key)) {
      http.header("Retry-After", "1");
      http.json(429, new AirtmRefusal(429, AirtmRefusal.CANNOT_PROCESS, "Too many requests: at most "
          + AirtmFaults.RATE_LIMIT_PER_SECOND + " per second per API key").body());
      return;
    }
    if (!authorized(http.header("Authorization"))) {
      http.header("WWW-Authenticate", "Basic realm=\"airtm\"");
      http.json(401, new AirtmRefusal(401, AirtmRefusal.UNAUTHORIZED, "Unauthorized").body());
      return;
    }
    if (endpoint == null) {
      http.json(404, new AirtmRefusal(404, AirtmRefusal.NOT_FOUND, "Cannot " + http.method() + " /v2/"
          + String.join("/", segments)).body());
      return;
    }
    AirtmFaults.Fault fault = faults.take(endpoint);
    if (fault != null && !fault.mode().applies()) {
      misbehave(http, fault);
      return;
    }
    Reply reply;
    try {
      reply = route(http, endpoint, segments);
    } catch (AirtmRefusal refusal) {
      reply = new Reply(refusal.status(), refusal.body());
    }
    if (fault != null) {
      misbehave(http, fault);
      return;
    }
    if (reply.body() == null) {
      http.send(reply.status(), "application/json", new byte[0]);
    } else {
      http.json(reply.status(), reply.body());
    }
  }

  /** The endpoint's name as in {@link #ENDPOINTS}, or null for no such route. */
  static String endpoint(String method, List<String> s) {
    int n = s.size();
    String first = n == 0 ? "" : s.get(0);
    String template = switch (first) {
      case "me" -> n == 1 ? "/me" : n == 2 && s.get(1).equals("balance") ? "/me/balance" : null;
      case "users" -> n == 2 ? "/users/{email}" : null;
      case "payins", "payouts" -> {
        String base = "/" + first;
        if (n == 1) {
          yield base;
        } else if (n == 2) {
          yield base + "/{id}";
        } else if (n == 3 && s.get(1).equals("by-code")) {
          yield base + "/by-code/{code}";
        } else if (n == 3 && first.equals("payouts") && (s.get(2).equals("commit") || s.get(2).equals("events"))) {
          yield base + "/{id}/" + s.get(2);
        }
        yield null;
      }
      default -> null;
    };
    String endpoint = method + " " + template;
    return template != null && ENDPOINTS.contains(endpoint) ? endpoint : null;
  }

  private Reply route(Http http, String endpoint, List<String> s) throws IOException {
    return switch (endpoint) {
      case "GET /me" -> ok(enterprise.me());
      case "GET /me/balance" -> ok(enterprise.balance());
      case "GET /users/{email}" -> ok(enterprise.user(s.get(1)));
      case "POST /payins" -> {
        JsonNode body = body(http);
        enterprise.countPayinRequest(codeOf(body));
        yield new Reply(201, enterprise.createPayin(AirtmRequests.payin(body)));
      }
      case "GET /payins" -> ok(list(http));
      case "GET /payins/{id}" -> ok(enterprise.payin(s.get(1)));
      case "GET /payins/by-code/{code}" -> ok(enterprise.payinByCode(s.get(2)));
      case "DELETE /payins/{id}" -> ok(enterprise.cancelPayin(s.get(1)));
      case "POST /payouts" -> {
        JsonNode body = body(http);
        enterprise.countPayoutRequest(codeOf(body));
        yield new Reply(201, enterprise.createPayout(AirtmRequests.payout(body)));
      }
      case "GET /payouts/{id}" -> ok(enterprise.payout(s.get(1)));
      case "GET /payouts/by-code/{code}" -> ok(enterprise.payoutByCode(s.get(2)));
      case "GET /payouts/{id}/events" -> ok(enterprise.payoutEvents(s.get(1)));
      case "POST /payouts/{id}/commit" -> {
        enterprise.commit(s.get(1));
        yield new Reply(204, null);
      }
      case "DELETE /payouts/{id}" -> ok(enterprise.cancelPayout(s.get(1)));
      default -> throw new AirtmRefusal(404, AirtmRefusal.NOT_FOUND, "Not found");
    };
  }

  private ObjectNode list(Http http) {
    int perPage = PER_PAGE_DEFAULT;
    String raw = http.query("perPage");
    if (raw != null) {
      try {
        perPage = Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        perPage = -1;
      }
      if (perPage < 10 || perPage > 1000) {
        throw AirtmRefusal.invalid("perPage", "perPage must be an integer from 10 to 1000");
      }
    }
    return enterprise.listPayins(blankToNull(http.query("before")), blankToNull(http.query("after")), perPage,
        blankToNull(http.query("status")), blankToNull(http.query("enterpriseId")));
  }

  private static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }

  private static JsonNode body(Http http) throws IOException {
    JsonNode body = http.json();
    if (body == null || !body.isObject()) {
      throw AirtmRefusal.invalid("body", "the body must be a JSON object");
    }
    return body;
  }

  private static String codeOf(JsonNode body) {
    JsonNode code = body.get("code");
    return code != null && code.isTextual() ? code.asText() : null;
  }

  /** The key of a Basic {@code Authorization} header (to count requests per key), or null. */
  private static String apiKey(String authorization) {
    byte[] decoded = basic(authorization);
    if (decoded == null) {
      return null;
    }
    String text = new String(decoded, StandardCharsets.UTF_8);
    int colon = text.indexOf(':');
    return colon < 0 ? text : text.substring(0, colon);
  }

  private boolean authorized(String authorization) {
    byte[] decoded = basic(authorization);
    return decoded != null && MessageDigest.isEqual(decoded, credentials);
  }

  private static byte[] basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(authorization.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void misbehave(Http http, AirtmFaults.Fault fault) throws IOException {
    switch (fault.mode()) {
      case FAIL, FAIL_AFTER_APPLY -> http.json(fault.status(), new AirtmRefusal(fault.status(),
          AirtmRefusal.UNEXPECTED, "Unexpected error (fault knob)").body());
      case STALL, STALL_AFTER_APPLY -> {
        pause(faults.stallMillis());
        http.abort();
      }
      default -> throw new IllegalStateException("unknown fault mode " + fault.mode());
    }
  }

  private static void pause(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  // ---- test-only controls ----

  private void admin(Http http, List<String> s) throws IOException {
    String path = "/" + String.join("/", s);
    try {
      if (http.method().equals("GET")) {
        switch (path) {
          case "/counters" -> {
            ObjectNode node = enterprise.countersJson();
            node.set("webhooks", Http.JSON.valueToTree(webhooks.counters()));
            http.json(200, node);
          }
          case "/webhooks/deliveries" -> {
            ArrayNode array = Http.JSON.createArrayNode();
            for (AirtmWebhooks.Delivery delivery : webhooks.deliveries()) {
              ObjectNode json = array.addObject();
              json.put("svixId", delivery.svixId());
              json.put("type", delivery.type());
              json.put("attempt", delivery.attempt());
              json.put("status", delivery.status());
              json.put("at", delivery.at().toString());
            }
            http.json(200, array);
          }
          case "/balance" -> http.json(200, enterprise.balance());
          default -> http.json(404, AdminFront.message("no AirTM control GET " + path));
        }
        return;
      }
      if (!http.method().equals("POST")) {
        http.json(405, AdminFront.message("use GET or POST"));
        return;
      }
      JsonNode body = http.json();
      if (body == null) {
        body = Http.object();
      }
      if (s.size() == 3 && s.get(0).equals("payins")) {
        http.json(200, payinControl(s.get(1), s.get(2), body));
      } else if (s.size() == 3 && s.get(0).equals("payouts")) {
        http.json(200, payoutControl(s.get(1), s.get(2), body));
      } else {
        http.json(200, control(path, body));
      }
    } catch (AirtmRefusal refusal) {
      http.json(refusal.status(), refusal.body());
    } catch (IllegalArgumentException e) {
      http.json(400, new AirtmRefusal(400, AirtmRefusal.INVALID_FORMAT, e.getMessage()).body());
    }
  }

  private ObjectNode payinControl(String id, String action, JsonNode body) {
    return switch (action) {
      case "confirm" -> enterprise.confirmPayin(id, text(body, "email"));
      case "process" -> enterprise.processPayin(id, text(body, "email"));
      case "cancel" -> enterprise.cancelPayin(id);
      case "fail" -> enterprise.failPayin(id, text(body, "reason"));
      default -> throw new AirtmRefusal(404, AirtmRefusal.NOT_FOUND, "no pay-in control " + action);
    };
  }

  private ObjectNode payoutControl(String id, String action, JsonNode body) {
    return switch (action) {
      case "complete" -> enterprise.completePayout(id);
      case "fail" -> enterprise.failPayout(id, text(body, "reasonCode"), text(body, "reasonDescription"));
      case "pending" -> enterprise.pendPayout(id);
      case "cancel" -> enterprise.expirePayout(id);
      default -> throw new AirtmRefusal(404, AirtmRefusal.NOT_FOUND, "no payout control " + action);
    };
  }

  private ObjectNode control(String path, JsonNode body) {
    switch (path) {
      case "/users" -> {
        String email = text(body, "email");
        ObjectNode user = enterprise.putUser(email, body.path("status").asText("active"),
            body.path("isVerified").asBoolean(true), text(body, "country"), text(body, "firstName"),
            text(body, "lastName")).toJson();
        user.put("email", email);
        return user;
      }
      case "/balance" -> {
        enterprise.setBalance(decimal(body, "available"), body.has("pending") ? decimal(body, "pending")
            : enterprise.pending());
        return enterprise.balance();
      }
      case "/settings" -> {
        if (body.has("payinFeePercent")) {
          enterprise.payinFeePercent(decimal(body, "payinFeePercent"));
        }
        if (body.has("payoutCompletionDelayMs")) {
          enterprise.payoutCompletionDelay(Duration.ofMillis(body.get("payoutCompletionDelayMs").asLong()));
        }
        return AdminFront.message("ok");
      }
      case "/webhooks" -> {
        String secret = webhooks.register(text(body, "url"), text(body, "secret"));
        ObjectNode node = Http.object();
        node.put("url", webhooks.url());
        node.put("secret", secret);
        return node;
      }
      case "/webhooks/knobs" -> {
        webhookKnobs(body);
        return AdminFront.message("ok");
      }
      case "/webhooks/release" -> {
        webhooks.releaseHeld();
        return AdminFront.message("ok");
      }
      case "/faults" -> {
        faultKnobs(body);
        return AdminFront.message("ok");
      }
      case "/faults/reset" -> {
        faults.reset();
        webhooks.resetKnobs();
        return AdminFront.message("ok");
      }
      default -> throw new AirtmRefusal(404, AirtmRefusal.NOT_FOUND, "no AirTM control POST " + path);
    }
  }

  private void webhookKnobs(JsonNode body) {
    if (body.has("duplicateNext")) {
      webhooks.duplicateNext(body.get("duplicateNext").asInt());
    }
    if (body.has("reorderNext")) {
      webhooks.reorderNext(body.get("reorderNext").asInt());
    }
    if (body.has("badSignatureNext")) {
      webhooks.badSignatureNext(body.get("badSignatureNext").asInt());
    }
    if (body.has("staleTimestampNext")) {
      webhooks.staleTimestampNext(body.get("staleTimestampNext").asInt());
    }
    if (body.has("dropNext")) {
      webhooks.dropNext(body.get("dropNext").asInt());
    }
    if (body.has("retryScheduleMs")) {
      List<Duration> delays = new ArrayList<>();
      body.get("retryScheduleMs").forEach(ms -> delays.add(Duration.ofMillis(ms.asLong())));
      webhooks.retrySchedule(delays);
    }
    if (body.has("timeoutMs")) {
      webhooks.timeout(Duration.ofMillis(body.get("timeoutMs").asLong()));
    }
  }

  private void faultKnobs(JsonNode body) {
    String endpoint = body.path("endpoint").asText("*");
    if (body.has("stallMs")) {
      faults.stallMillis(body.get("stallMs").asLong());
    }
    if (body.has("mode")) {
      faults.next(endpoint, AirtmFaults.Mode.valueOf(body.get("mode").asText().toUpperCase(Locale.ROOT)),
          body.path("count").asInt(1), body.path("status").asInt(500));
    }
    if (body.has("latencyMs")) {
      faults.latency(endpoint, body.get("latencyMs").asLong());
    }
    if (body.has("rateLimit")) {
      faults.rateLimit(body.get("rateLimit").asBoolean());
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static BigDecimal decimal(JsonNode body, String field) {
    JsonNode value = body.get(field);
    try {
      return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
    } catch (RuntimeException e) {
      throw AirtmRefusal.invalid(field, field + " must be a decimal number");
    }
  }

  /** {@code uri} with {@code code=<code>} added to its query (before any fragment). */
  static String withCode(String uri, String code) {
    int hash = uri.indexOf('#');
    String base = hash < 0 ? uri : uri.substring(0, hash);
    String fragment = hash < 0 ? "" : uri.substring(hash);
    return base + (base.contains("?") ? "&" : "?") + "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
        + fragment;
  }
}

package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route the server registers, called without a credential, with bad credentials, with keys holding exactly
 * one scope and with the master key: 401 without a valid credential, 403 INSUFFICIENT_SCOPE without the route's
 * scope, never 401/403 with it, and never a 5xx. The routes come from the server, so a new one is covered at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeMatrixTest {
  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
  /** Credentials that authenticate nobody: an unknown well-formed key, a forged token, garbage. */
  private static final List<String> BAD_CREDENTIALS = List.of(
      "ohk_live_key_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_" + "0".repeat(48),
      "ohk_tok_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXlfeCJ9.forged",
      "not-a-key");

  private ServerHarness harness;
  private String userId;
  private final List<Caller> callers = new ArrayList<>();

  /**
   * A caller with a valid credential. {@code keyId} is an existing API key the caller may mint a token for
   * (its own key; for the master key, any key).
   */
  private record Caller(String name, Http http, Set<String> scopes, String keyId) {
    boolean allowed(Scope scope) {
      return scope == Scope.PUBLIC || scope == Scope.ANY || scopes.contains("*") || scopes.contains(scope.wireName());
    }
  }

  @BeforeAll
  void startServer() {
    harness = ServerHarness.start(ServerHarness.Db.H2);
    userId = ServerHarness.user(harness.master(), "scope-matrix-user");
    for (String scope : List.of("read", "write", "support", "*")) {
      Http http = harness.client(scope);
      Http.Response me = http.get("/auth/me");
      assertEquals(200, me.status(), me::toString);
      callers.add(new Caller(scope, http, Set.of(scope), me.data().get("apiKeyId").asText()));
    }
    callers.add(new Caller("master", harness.master(), Set.of("read", "write", "support"), callers.get(0).keyId()));
  }

  @AfterAll
  void stopServer() {
    harness.close();
  }

  @Test
  void theServerRegistersEveryDocumentedRouteOnce() {
    List<Router.RouteInfo> routes = harness.server().routes();
    assertTrue(routes.size() >= 55, "only " + routes.size() + " routes: " + routes);
    Set<String> seen = new HashSet<>();
    for (Router.RouteInfo route : routes) {
      assertTrue(seen.add(route.method() + " " + route.path()), "registered twice: " + route);
    }
    assertTrue(seen.contains("GET /events"), "the event stream is listed");
    assertTrue(routes.stream().anyMatch(r -> r.scope() == Scope.PUBLIC), "some routes are public");
  }

  @TestFactory
  Stream<DynamicTest> everyRouteAnswersAccordingToItsScope() {
    return harness.server().routes().stream().map(route -> DynamicTest.dynamicTest(
        route.method() + " " + route.path() + " [" + route.scope().wireName() + "]", () -> check(route)));
  }

  private void check(Router.RouteInfo route) {
    checkUnauthenticated(route, harness.anonymous(), "no credential");
    for (String bad : BAD_CREDENTIALS) {
      checkUnauthenticated(route, harness.anonymous().as(bad), "bad credential " + bad);
    }
    if (isEventStream(route)) {
      // a stream that stays open: only its refusals are checked here
      return;
    }
    for (Caller caller : callers) {
      Http.Response response = call(route, caller.http(), caller.keyId());
      String context = route.method() + " " + route.path() + " as " + caller.name() + ": " + response;
      if (caller.allowed(route.scope())) {
        assertAdmitted(response, context);
      } else {
        assertEquals(403, response.status(), context);
        assertEquals("INSUFFICIENT_SCOPE", response.code(), context);
      }
    }
  }

  private void checkUnauthenticated(Router.RouteInfo route, Http http, String who) {
    Http.Response response = call(route, http, null);
    String context = route.method() + " " + route.path() + " with " + who + ": " + response;
    if (route.scope() == Scope.PUBLIC) {
      assertAdmitted(response, context);
    } else {
      assertEquals(401, response.status(), context);
      assertEquals("UNAUTHORIZED", response.code(), context);
    }
  }

  private static void assertAdmitted(Http.Response response, String context) {
    assertTrue(response.status() < 500, context);
    assertNotEquals(401, response.status(), context);
    assertNotEquals(403, response.status(), context);
  }

  private Http.Response call(Router.RouteInfo route, Http http, String keyId) {
    String path = fill(route, keyId);
    // missing or bad credentials and empty bodies on purpose: only the answers are checked against the document
    byte[] body = route.method().equals("POST") ? EMPTY_OBJECT : null;
    Http.Response response = http.invalidRequest().send(route.method(), path, body);
    assertTrue(response.status() < 500, () -> route.method() + " " + path + ": " + response);
    return response;
  }

  /**
   * Replaces path parameters: {@code {userId}} by an existing user, the {@code {id}} of a token mint by an API key
   * the caller may mint for (an unknown key id is 401 by design there), any other {@code {x}} by {@code x_missing}.
   */
  private String fill(Router.RouteInfo route, String keyId) {
    Matcher param = PARAM.matcher(route.path());
    StringBuilder out = new StringBuilder();
    while (param.find()) {
      String name = param.group(1);
      String value = name.equals("userId") ? userId
          : name.equals("id") && keyId != null && route.path().endsWith("/token") ? keyId
          : name + "_missing";
      param.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    param.appendTail(out);
    return out.toString();
  }

  private static boolean isEventStream(Router.RouteInfo route) {
    return route.method().equals("GET") && route.path().equals("/events");
  }

  @Test
  void scopeAnyAcceptsEveryKindOfCredential() {
    for (Caller caller : callers) {
      Http.Response me = caller.http().get("/auth/me");
      assertEquals(200, me.status(), caller.name() + ": " + me);
    }
  }
}

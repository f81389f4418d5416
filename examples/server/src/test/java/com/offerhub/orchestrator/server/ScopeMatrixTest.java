package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every registered route × no credential, a bad one, each scope alone, and the master key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeMatrixTest {
  private ServerHarness harness;
  private final Map<String, Http> callers = new LinkedHashMap<>();
  private String userId;
  private String writeKeyId;
  private String doomedKeyId;

  @BeforeAll
  void start() {
    harness = ServerHarness.start(ServerHarness.Db.H2);
    callers.put("read", harness.client("read"));
    Http.Response write = harness.master().post("/auth/api-keys", Map.of("name", "w", "scopes", List.of("write")));
    writeKeyId = write.data().get("id").asText();
    callers.put("write", harness.anonymous().as(write.data().get("key").asText()));
    doomedKeyId = harness.master().post("/auth/api-keys", Map.of("name", "d", "scopes", List.of("read")))
        .data().get("id").asText();
    callers.put("support", harness.client("support"));
    callers.put("master", harness.master());
    userId = ServerHarness.user(harness.master(), "scope-matrix");
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  private String path(Router.RouteInfo route) {
    String keyId = route.method().equals("DELETE") ? doomedKeyId : writeKeyId;
    return route.path().replace("{userId}", userId).replace("{id}", keyId).replaceAll("\\{([A-Za-z]+)\\}", "$1_missing");
  }

  private static Http.Response call(Http http, Router.RouteInfo route, String path) {
    return switch (route.method()) {
      case "GET" -> http.get(path);
      case "DELETE" -> http.delete(path);
      default -> http.post(path, "{}");
    };
  }

  private static boolean allows(String caller, Scope scope) {
    return caller.equals("master") || scope == Scope.ANY || scope == Scope.PUBLIC || caller.equals(scope.wireName());
  }

  @Test
  void everyRouteChecksCredentialsAndScopes() {
    List<Router.RouteInfo> routes = harness.server().routes();
    assertTrue(routes.size() >= 55, "all routes registered: " + routes.size());
    int checked = 0;
    for (Router.RouteInfo route : routes) {
      String path = path(route);
      String name = route.method() + " " + route.path();
      boolean stream = route.path().equals("/events");
      for (Http anonymous : List.of(harness.anonymous(), harness.anonymous().as("ohk_live_key_bad_bad_bad"))) {
        if (stream && route.scope() == Scope.ANY) {
          Http.Response refused = anonymous.get(path);
          assertEquals(401, refused.status(), name);
          continue;
        }
        Http.Response response = call(anonymous, route, path);
        assertTrue(response.status() < 500, name + " -> " + response);
        if (route.scope() == Scope.PUBLIC) {
          assertTrue(response.status() != 401 && response.status() != 403, name + " is public: " + response);
        } else {
          assertEquals(401, response.status(), name + " without a valid credential: " + response);
          assertEquals("UNAUTHORIZED", response.code(), name);
        }
      }
      if (stream) {
        continue;
      }
      for (Map.Entry<String, Http> caller : callers.entrySet()) {
        Http.Response response = call(caller.getValue(), route, path);
        String label = name + " as " + caller.getKey() + " -> " + response;
        assertTrue(response.status() < 500, label);
        if (allows(caller.getKey(), route.scope())) {
          assertNotEquals(401, response.status(), label);
          assertNotEquals(403, response.status(), label);
        } else {
          assertEquals(403, response.status(), label);
          assertEquals("INSUFFICIENT_SCOPE", response.code(), label);
        }
        checked++;
      }
    }
    assertTrue(checked >= 4 * 54, "calls checked: " + checked);
  }
}

package com.offerhub.orchestrator.stellar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Scripted answers for a MockWebServer: Horizon by method and path, Soroban RPC (POST /rpc) by
 * JSON-RPC method. Unscripted requests get 404 from Horizon and NOT_FOUND-free errors from RPC.
 */
final class FakeEndpoints extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Deque<MockResponse>> scripted = new HashMap<>();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

  synchronized FakeEndpoints on(String key, MockResponse response) {
    scripted.computeIfAbsent(key, k -> new ArrayDeque<>()).add(response);
    return this;
  }

  FakeEndpoints json(String key, int status, String body) {
    return on(key, new MockResponse().setResponseCode(status).setHeader("Content-Type",
        status >= 400 && !key.startsWith("rpc ") ? "application/problem+json" : "application/json").setBody(body));
  }

  FakeEndpoints rpc(String method, String result) {
    return json("rpc " + method, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + result + "}");
  }

  FakeEndpoints root(String passphrase, String closedAt) {
    return json("GET /", 200, "{\"horizon_version\":\"test\",\"core_version\":\"test\",\"history_latest_ledger\":90,"
        + "\"history_latest_ledger_closed_at\":\"" + closedAt + "\",\"network_passphrase\":\"" + passphrase + "\","
        + "\"current_protocol_version\":22,\"core_supported_protocol_version\":22}");
  }

  static String notFound() {
    return "{\"type\":\"https://stellar.org/horizon-errors/not_found\",\"title\":\"Resource Missing\",\"status\":404}";
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String body = request.getBody().readUtf8();
    String path = request.getPath() == null ? "" : request.getPath();
    int query = path.indexOf('?');
    String key = request.getMethod() + " " + (query < 0 ? path : path.substring(0, query));
    if (path.startsWith("/rpc")) {
      try {
        JsonNode call = JSON.readTree(body);
        key = "rpc " + call.path("method").asText();
      } catch (IOException e) {
        key = "rpc ?";
      }
    }
    calls.add(key);
    bodies.add(body);
    synchronized (this) {
      Deque<MockResponse> queue = scripted.get(key);
      if (queue != null && !queue.isEmpty()) {
        return queue.size() == 1 ? queue.peek() : queue.poll();
      }
    }
    if (key.startsWith("rpc ")) {
      return new MockResponse().setResponseCode(200).setBody(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"method not scripted\"}}");
    }
    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/problem+json")
        .setBody(notFound());
  }
}

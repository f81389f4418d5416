package com.offerhub.orchestrator.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.json.JsonParserFactory;

/** The example's API over real HTTP, as a client would call it. */
final class Api {
  static final String KEY = "test-api-key-0123456789";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  record Reply(int status, Map<String, Object> body) {
    @SuppressWarnings("unchecked")
    String error() {
      return String.valueOf(((Map<String, Object>) body.get("error")).get("code"));
    }

    String text(String field) {
      return String.valueOf(body.get(field));
    }
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + KEY).GET());
  }

  Reply post(String path, String json) throws IOException, InterruptedException {
    return post(path, json, null);
  }

  Reply post(String path, String json, String idempotencyKey) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request);
  }

  Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Reply(response.statusCode(), body == null || body.isBlank() ? Map.of()
        : JsonParserFactory.getJsonParser().parseMap(body));
  }

  /** Creates a user; returns its id. */
  String user(String externalId) throws IOException, InterruptedException {
    Reply created = post("/api/users", "{\"externalUserId\":\"" + externalId + "\"}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.text("id");
  }

  /** Polls the balance until {@code available} is {@code expected} (20 s at most). */
  void awaitAvailable(String userId, String expected) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Reply balance = get("/api/users/" + userId + "/balance");
    while (!expected.equals(balance.text("available"))) {
      assertThat(System.nanoTime()).as("balance stayed " + balance.body()).isLessThan(deadline);
      Thread.sleep(50);
      balance = get("/api/users/" + userId + "/balance");
    }
  }
}

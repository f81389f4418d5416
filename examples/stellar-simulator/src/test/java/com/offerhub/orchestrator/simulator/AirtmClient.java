package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A simulator started for one test and a plain JDK client for its AirTM front (API, checkout, controls). */
final class AirtmClient implements AutoCloseable {
  static final String KEY = "sim-airtm-key";
  static final String SECRET = "sim-airtm-secret";
  private static final ObjectMapper EXACT = Http.JSON.copy()
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  final StellarSimulator simulator;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String authorization = basic(KEY, SECRET);
  private Duration timeout = Duration.ofSeconds(30);

  AirtmClient() {
    this(StellarSimulator.builder());
  }

  AirtmClient(StellarSimulator.Builder builder) {
    this.simulator = builder.port(0).host("127.0.0.1").ledgerInterval(Duration.ZERO).start();
  }

  static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The Authorization header sent from now on (null: none). */
  AirtmClient authorization(String value) {
    this.authorization = value;
    return this;
  }

  /** The client's timeout per request. */
  AirtmClient timeout(Duration value) {
    this.timeout = value;
    return this;
  }

  HttpResponse<String> get(String path) throws IOException {
    return send(api(path).GET());
  }

  HttpResponse<String> post(String path, String body) throws IOException {
    return send(api(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> delete(String path) throws IOException {
    return send(api(path).DELETE());
  }

  private HttpRequest.Builder api(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.airtmApiUrl() + path))
        .timeout(timeout).header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  /** A test control: POST {@code /airtm/_sim<path>}, expected to answer 200. */
  JsonNode control(String path, String body) throws IOException {
    HttpResponse<String> response = controlRaw(path, body);
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  HttpResponse<String> controlRaw(String path, String body) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/airtm/_sim" + path)).timeout(timeout)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  JsonNode controlGet(String path) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/airtm/_sim"
        + path)).timeout(timeout).GET());
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  /** Any request to the simulator by absolute path (the checkout pages). */
  HttpResponse<String> raw(HttpRequest.Builder request) throws IOException {
    return send(request.timeout(timeout));
  }

  URI uri(String path) {
    return URI.create(simulator.baseUrl() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return read(response.body().getBytes(StandardCharsets.UTF_8));
  }

  /** JSON as sent: numbers as BigDecimal with their scale ({@code 40.50} stays {@code 40.50}). */
  static JsonNode read(byte[] json) throws IOException {
    return EXACT.readTree(json);
  }

  // ---- fixtures ----

  /** An active, verified user with this e-mail. */
  JsonNode user(String email) throws IOException {
    return control("/users", "{\"email\":\"" + email + "\",\"status\":\"active\",\"isVerified\":true}");
  }

  void balance(String available) throws IOException {
    control("/balance", "{\"available\":" + available + ",\"pending\":0}");
  }

  static String payinBody(String code, String amount) {
    return "{\"code\":\"" + code + "\",\"amount\":" + amount + ",\"description\":\"Balance top-up\","
        + "\"items\":[{\"description\":\"Balance top-up\",\"amount\":" + amount + ",\"quantity\":1}],"
        + "\"confirmationUri\":\"https://shop.example/topups/" + code + "?status=confirmed\","
        + "\"cancelUri\":\"https://shop.example/topups/" + code + "?status=cancelled\"}";
  }

  static String payoutBody(String code, String email, String amount, boolean commit) {
    return "{\"airtmUserEmail\":\"" + email + "\",\"amount\":" + amount + ",\"notes\":\"Withdrawal " + code
        + "\",\"code\":\"" + code + "\",\"commit\":" + commit + "}";
  }

  /** Creates a pay-in, expecting 201; returns it. */
  JsonNode payin(String code, String amount) throws IOException {
    HttpResponse<String> response = post("/payins", payinBody(code, amount));
    assertEquals(201, response.statusCode(), response.body());
    return json(response);
  }

  /** Creates a payout, expecting 201; returns it. */
  JsonNode payout(String code, String email, String amount, boolean commit) throws IOException {
    HttpResponse<String> response = post("/payouts", payoutBody(code, email, amount, commit));
    assertEquals(201, response.statusCode(), response.body());
    return json(response);
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    simulator.close();
  }
}

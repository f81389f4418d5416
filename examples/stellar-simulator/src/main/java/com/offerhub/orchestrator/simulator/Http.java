package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP exchange: the request's parts parsed once, and the ways to answer it. */
final class Http {
  /** Reads JSON numbers as BigDecimal (never double) and writes BigDecimal as plain numbers. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private final HttpExchange exchange;
  private final String path;
  private final Map<String, List<String>> query;
  private byte[] body;
  private boolean answered;

  public Http(HttpExchange exchange) {
    this.exchange = exchange;
    String raw = exchange.getRequestURI().getRawPath();
    this.path = URLDecoder.decode(raw, StandardCharsets.UTF_8);
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  public String method() {
    return exchange.getRequestMethod();
  }

  public String path() {
    return path;
  }

  /** The path as sent, percent-escapes and {@code +} untouched (for segments that may hold them). */
  public String rawPath() {
    return exchange.getRequestURI().getRawPath();
  }

  public String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The last value of a query parameter ({@code name} or {@code name[]}), or null. */
  public String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /**
   * All values of an array parameter, accepting {@code name[]=a&name[]=b} (brackets raw or
   * percent-encoded), {@code name=a&name=b} and {@code name=a,b}.
   */
  public List<String> queryList(String name) {
    List<String> out = new ArrayList<>();
    for (String value : query.getOrDefault(name, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (key.endsWith("[]")) {
        key = key.substring(0, key.length() - 2);
      }
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  public byte[] body() throws IOException {
    if (body == null) {
      try (InputStream in = exchange.getRequestBody()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (bytes.size() + n > MAX_BODY) {
            throw new IOException("request body too large");
          }
          bytes.write(buffer, 0, n);
        }
        body = bytes.toByteArray();
      }
    }
    return body;
  }

  /** The body as JSON, or null if it is empty or not JSON. */
  public JsonNode json() throws IOException {
    byte[] bytes = body();
    if (bytes.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  /** A field of a form-encoded body, or null. */
  public String form(String name) throws IOException {
    Map<String, List<String>> fields = parseQuery(new String(body(), StandardCharsets.UTF_8));
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public boolean answered() {
    return answered;
  }

  public void header(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  public void send(int status, String contentType, byte[] bytes) throws IOException {
    answered = true;
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  public void json(int status, JsonNode node) throws IOException {
    send(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(node));
  }

  /** Horizon's error format ({@code application/problem+json}). */
  public void problem(int status, String type, String title, String detail, JsonNode extras) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "https://stellar.org/horizon-errors/" + type);
    node.put("title", title);
    node.put("status", status);
    node.put("detail", detail);
    if (extras != null) {
      node.set("extras", extras);
    }
    send(status, "application/problem+json; charset=utf-8", JSON.writeValueAsBytes(node));
  }

  /** Starts a streamed response ({@code text/event-stream}); the caller writes and flushes. */
  public OutputStream stream(String contentType) throws IOException {
    answered = true;
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  /**
   * Answers with headers that promise all of {@code bytes} and a body cut after {@code cut} of them,
   * then drops the connection: the client fails reading the body part-way.
   */
  public void sendCut(int status, String contentType, byte[] bytes, int cut) {
    answered = true;
    try {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes, 0, Math.min(cut, bytes.length - 1));
      out.flush();
    } catch (IOException e) {
      // the point is to drop the connection
    }
    exchange.close();
  }

  /**
   * Drops the connection mid-answer: headers promise a body that never comes, so the client fails
   * reading it (what a connection reset looks like to it).
   */
  public void abort() {
    answered = true;
    try {
      exchange.sendResponseHeaders(200, 1024);
      exchange.getResponseBody().flush();
    } catch (IOException e) {
      // the point is to drop the connection
    }
    exchange.close();
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }
}

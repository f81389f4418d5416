package com.offerhub.orchestrator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small HTTP client for black-box tests: JSON in, JSON out, real sockets. Every exchange is checked against
 * the OpenAPI document ({@link ApiContract}): a request or response the document does not describe fails the
 * test. A test that sends an invalid request on purpose says so with {@link #invalidRequest()}; its response
 * is still checked.
 */
public final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String credential;
  private final List<String> headers;
  private final boolean checkRequest;

  Http(String base, String credential, List<String> headers, boolean checkRequest) {
    this.base = base;
    this.credential = credential;
    this.headers = headers;
    this.checkRequest = checkRequest;
  }

  public static Http at(int port) {
    return new Http("http://127.0.0.1:" + port + ApiContract.BASE, null, List.of(), true);
  }

  /** Same server, with {@code Authorization: Bearer credential}. */
  public Http as(String newCredential) {
    return new Http(base, newCredential, headers, checkRequest);
  }

  public Http header(String name, String value) {
    List<String> more = new ArrayList<>(headers);
    more.add(name);
    more.add(value);
    return new Http(base, credential, more, checkRequest);
  }

  /**
   * For tests that send a request the document forbids on purpose (malformed input, missing or wrong
   * credentials, unknown routes): the request is not checked against the document, the response still is.
   */
  public Http invalidRequest() {
    return new Http(base, credential, headers, false);
  }

  public Http idempotent(String key) {
    return header("Idempotency-Key", key);
  }

  /** The credential sent as {@code Authorization: Bearer}, or null. */
  public String credential() {
    return credential;
  }

  public String base() {
    return base;
  }

  /** A response: status, headers and the body (parsed when it is JSON). */
  public record Response(int status, java.net.http.HttpHeaders headers, String text) {
    public JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text, e);
      }
    }

    /** {@code data} of a success envelope. */
    public JsonNode data() {
      return json().get("data");
    }

    public String code() {
      JsonNode error = json().get("error");
      return error == null ? null : error.path("code").asText(null);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + (text.length() > 500 ? text.substring(0, 500) + "..." : text);
    }
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  public Response post(String path) {
    return send("POST", path, null);
  }

  /** POST with a body: a String is sent as is, anything else as JSON. */
  public Response post(String path, Object body) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      return send("POST", path, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public Response postBytes(String path, byte[] body) {
    return send("POST", path, body);
  }

  public Response send(String method, String path, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    List<String> sent = new ArrayList<>();
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
      sent.add("Authorization");
      sent.add("Bearer " + credential);
    }
    for (int i = 0; i < headers.size(); i += 2) {
      request.header(headers.get(i), headers.get(i + 1));
    }
    sent.addAll(headers);
    if (body != null) {
      request.header("Content-Type", "application/json");
      sent.add("Content-Type");
      sent.add("application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response;
      try {
        response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
          throw e;
        }
        // a pooled connection the server had closed (it closes after refusing an oversized body): once more
        response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
      ApiContract.check(new ApiContract.Exchange(method, ApiContract.BASE + path, sent, body,
          response.statusCode(), response.headers().map(), response.body()), checkRequest);
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

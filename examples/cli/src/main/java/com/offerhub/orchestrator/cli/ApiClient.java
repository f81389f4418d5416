package com.offerhub.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The server's REST API ({@code /api/v1}) over the JDK's HTTP client. Answers come back as the
 * whole JSON envelope; a 4xx becomes a {@link CliException#refused} naming the server's error code
 * and message, anything that leaves the outcome unknown (unreachable, timeout, 5xx) a
 * {@link CliException#unavailable}. The credential goes in the {@code Authorization} header only and
 * appears in no message.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final String credential;
  private final Duration timeout;
  private final HttpClient http;

  ApiClient(URI base, String credential, Duration timeout) {
    this.base = base;
    this.credential = credential;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  URI base() {
    return base;
  }

  /** {@code GET /api/v1 + path}. */
  JsonNode get(String path) {
    return send(request(path).GET().build(), null);
  }

  /**
   * {@code POST /api/v1 + path} with a JSON body; {@code unknownOutcome} is added to the message
   * when the outcome cannot be known (what the operator should check before trying again).
   */
  JsonNode post(String path, Object body, String unknownOutcome) {
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the request body", e);
    }
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), unknownOutcome);
  }

  /** {@code DELETE /api/v1 + path}. */
  JsonNode delete(String path, String unknownOutcome) {
    return send(request(path).DELETE().build(), unknownOutcome);
  }

  /**
   * Opens {@code GET /api/v1 + path} as a stream (no overall timeout: it lasts as long as the
   * server keeps it open); a refusal or failure to connect throws as {@link #get} does.
   */
  HttpResponse<InputStream> openStream(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path)).header("Accept", "text/event-stream");
    if (credential != null) {
      builder.header("Authorization", "Bearer " + credential);
    }
    headers.forEach(builder::header);
    HttpResponse<InputStream> response;
    try {
      response = http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw failure(e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.unavailable("interrupted");
    }
    if (response.statusCode() != 200) {
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(64 * 1024);
      } catch (IOException e) {
        body = new byte[0];
      }
      throw statusFailure(response.statusCode(), body, null);
    }
    return response;
  }

  /** {@code value} as one path segment. */
  static String segment(String value) {
    return encode(value).replace("+", "%20");
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path)).timeout(timeout)
        .header("Accept", "application/json");
    if (credential != null) {
      builder.header("Authorization", "Bearer " + credential);
    }
    return builder;
  }

  private URI resolve(String path) {
    String root = base.toString();
    return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/api/v1" + path);
  }

  private JsonNode send(HttpRequest request, String unknownOutcome) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw failure(e, unknownOutcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.unavailable("interrupted" + unknown(unknownOutcome));
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw CliException.unavailable("the server answered HTTP " + status + " with a body that is not JSON"
            + unknown(unknownOutcome));
      }
    }
    throw statusFailure(status, response.body(), unknownOutcome);
  }

  private CliException failure(IOException e, String unknownOutcome) {
    if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
        || e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
      return CliException.unavailable("cannot reach the server at " + base + " (" + describe(e) + ")");
    }
    if (e instanceof HttpTimeoutException) {
      return CliException.unavailable("no answer from the server within " + timeout.toMillis() + " ms"
          + unknown(unknownOutcome));
    }
    return CliException.unavailable("the connection to " + base + " failed (" + describe(e) + ")"
        + unknown(unknownOutcome));
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static String unknown(String unknownOutcome) {
    return unknownOutcome == null ? "" : ": the outcome is unknown, " + unknownOutcome;
  }

  /** A non-2xx answer: the error envelope's code and message when there is one. */
  private static CliException statusFailure(int status, byte[] body, String unknownOutcome) {
    String code = null;
    String message = null;
    try {
      JsonNode error = JSON.readTree(body).path("error");
      code = error.path("code").isTextual() ? error.path("code").asText() : null;
      message = error.path("message").isTextual() ? error.path("message").asText() : null;
    } catch (IOException | RuntimeException e) {
      // not the error envelope: the status alone says it
    }
    String text = "HTTP " + status + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
    if (status >= 500) {
      return CliException.unavailable("the server failed: " + text + unknown(unknownOutcome));
    }
    return CliException.refused("the server refused the request: " + text);
  }
}

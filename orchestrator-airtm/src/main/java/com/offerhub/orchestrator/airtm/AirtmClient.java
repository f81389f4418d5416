package com.offerhub.orchestrator.airtm;

import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP side of the AirTM adapter: Basic auth and JSON headers on every request, a rate-limit
 * permit before each attempt, one OkHttp client with the configured timeouts that never retries or
 * follows redirects on its own. A GET is tried a second time after a 5xx or a lost answer (reading
 * changes nothing); a POST or DELETE is sent once, because repeating it is the engine's decision,
 * taken after a lookup by code. A lost answer becomes a {@link ProviderException}; any HTTP answer,
 * error or not, is returned as a {@link Reply} for the caller to classify. Messages name the
 * operation, never the credentials. Thread-safe.
 */
final class AirtmClient {
  /** One HTTP answer: its status, raw body and {@code Retry-After} header. */
  record Reply(int status, byte[] body, String retryAfter) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_TEXT = 300;

  private final HttpUrl base;
  private final String authorization;
  private final String[] secrets;
  private final OkHttpClient http;
  private final RateLimiter limiter;

  AirtmClient(AirtmSettings settings, RateLimiter limiter) {
    this.base = HttpUrl.get(settings.apiUrl());
    String token = Base64.getEncoder().encodeToString((settings.apiKey() + ":" + settings.apiSecret())
        .getBytes(StandardCharsets.UTF_8));
    this.authorization = "Basic " + token;
    this.secrets = new String[] {settings.apiSecret(), token, settings.apiKey()};
    this.http = new OkHttpClient.Builder()
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.timeout())
        .writeTimeout(settings.timeout())
        .callTimeout(settings.timeout().plus(settings.connectTimeout()))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** {@code base/segment/...}, each segment encoded as a whole ({@link AirtmPaths#encode}). */
  HttpUrl url(String... segments) {
    HttpUrl.Builder url = base.newBuilder();
    for (String segment : segments) {
      url.addEncodedPathSegment(AirtmPaths.encode(segment));
    }
    return url.build();
  }

  /** A GET, tried once more after a 5xx or a lost answer. */
  Reply get(String what, HttpUrl url) {
    Request request = request(url).get().build();
    try {
      Reply first = send(what, request, false);
      if (first.status() < 500) {
        return first;
      }
    } catch (ProviderException lost) {
      // reading twice changes nothing: try once more below
    }
    pause(what);
    return send(what, request, false);
  }

  /** A POST with a JSON body ({@code null}: an empty body), sent once. */
  Reply post(String what, HttpUrl url, byte[] json) {
    RequestBody body = json == null ? RequestBody.create(new byte[0], null) : RequestBody.create(json, JSON);
    return send(what, request(url).post(body).build(), true);
  }

  /** A DELETE, sent once. */
  Reply delete(String what, HttpUrl url) {
    return send(what, request(url).delete().build(), true);
  }

  /** {@code text} on one line, at most 300 characters, with the credentials masked should AirTM echo them. */
  String clean(String text) {
    String out = text == null ? "" : text;
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    out = out.replaceAll("\\p{Cntrl}", " ").strip();
    return out.length() > MAX_TEXT ? out.substring(0, MAX_TEXT) + "..." : out;
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", authorization)
        .header("Accept", "application/json");
  }

  private Reply send(String what, Request request, boolean acts) {
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("AirTM " + what + ": interrupted while waiting for a rate-limit permit"
          + " (nothing was sent)");
    }
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      return new Reply(response.code(), body == null ? new byte[0] : body.bytes(), response.header("Retry-After"));
    } catch (IOException e) {
      throw new ProviderException("AirTM " + what + ": no answer (" + e.getClass().getSimpleName() + ")"
          + (acts ? "; AirTM may have acted, the outcome is unknown" : ""), e);
    }
  }

  private static void pause(String what) {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("AirTM " + what + ": interrupted before asking again");
    }
  }
}

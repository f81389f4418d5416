package com.offerhub.orchestrator.airtm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * How to reach AirTM's Enterprise API v2 (spec/06 §2, §3, §5.2): the environment, the API key pair,
 * an optional base-URL override (a simulator), the hosted-checkout URL template the payer is sent
 * to, the orchestrator's public base URL that AirTM sends the payer back to, timeouts and the
 * client-side request rate.
 *
 * <pre>{@code
 * AirtmSettings settings = AirtmSettings.sandbox(key, secret, "https://orchestrator.example")
 *     .withBaseUrl("http://localhost:4010/airtm/v2");
 * PaymentProvider airtm = new AirtmPaymentProvider(settings);
 * }</pre>
 *
 * <p>The canonical constructor checks every value and names every problem at once
 * ({@link IllegalArgumentException}); {@code null} for the checkout template, the timeouts or a
 * rate of {@code 0} take the defaults. {@link #toString()} shows neither the key nor the secret.
 * Immutable and thread-safe.
 *
 * @param environment sandbox or production; chooses the default API host
 * @param apiKey the API key (Basic auth user); never printed
 * @param apiSecret the API secret (Basic auth password); never printed
 * @param baseUrl the API base URL including {@code /v2} instead of the environment's, or {@code null}
 * @param checkoutUrlTemplate AirTM's hosted checkout with {@code {id}} for the pay-in id
 * @param callbackBaseUrl the orchestrator's public base URL; the pay-in's return addresses are
 *     {@code <callbackBaseUrl>/api/v1/topups/<topupId>/callback?status=confirmed|cancelled}
 * @param connectTimeout how long opening a connection may take
 * @param timeout how long one request may take in all (also the read and write timeout)
 * @param requestsPerSecond the client-side limit (AirTM allows 10 per second per key)
 */
public record AirtmSettings(Environment environment, String apiKey, String apiSecret, String baseUrl,
    String checkoutUrlTemplate, String callbackBaseUrl, Duration connectTimeout, Duration timeout,
    int requestsPerSecond) {

  /** AirTM's published hosted checkout (spec/06 §5.2; confirm it in the sandbox). */
  public static final String DEFAULT_CHECKOUT_URL_TEMPLATE = "https://app.airtm.com/payin/{id}";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** AirTM's own limit per API key (spec/06 §2). */
  public static final int DEFAULT_REQUESTS_PER_SECOND = 10;
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(120);
  private static final int MAX_REQUESTS_PER_SECOND = 1000;

  /** AirTM's two environments, each with its API host (spec/06 §2, marker A). */
  public enum Environment {
    SANDBOX("https://api.stg.enterprise.airtm.com/v2"),
    PRODUCTION("https://api.enterprise.airtm.com/v2");

    private final String apiUrl;

    Environment(String apiUrl) {
      this.apiUrl = apiUrl;
    }

    /** The API base URL of this environment. */
    public String apiUrl() {
      return apiUrl;
    }

    /**
     * Reads {@code sandbox}, {@code production} or {@code prod} (any case); anything else is refused
     * rather than quietly taken for the sandbox (the reference implementation's mistake, spec/06 §2).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Environment parse(String value) {
      String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "sandbox":
          return SANDBOX;
        case "production":
        case "prod":
          return PRODUCTION;
        default:
          throw new IllegalArgumentException("AirTM environment must be sandbox, production or prod, was '"
              + (value == null ? "" : value.trim()) + "'");
      }
    }
  }

  public AirtmSettings {
    checkoutUrlTemplate = checkoutUrlTemplate == null ? DEFAULT_CHECKOUT_URL_TEMPLATE : checkoutUrlTemplate.trim();
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    requestsPerSecond = requestsPerSecond == 0 ? DEFAULT_REQUESTS_PER_SECOND : requestsPerSecond;
    baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim();
    callbackBaseUrl = callbackBaseUrl == null ? null : callbackBaseUrl.trim();
    List<String> problems = problems(environment, apiKey, apiSecret, baseUrl, checkoutUrlTemplate, callbackBaseUrl,
        connectTimeout, timeout, requestsPerSecond);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid AirTM settings: " + String.join("; ", problems));
    }
  }

  /** Sandbox settings with every default. */
  public static AirtmSettings sandbox(String apiKey, String apiSecret, String callbackBaseUrl) {
    return new AirtmSettings(Environment.SANDBOX, apiKey, apiSecret, null, null, callbackBaseUrl, null, null, 0);
  }

  /** Production settings with every default. */
  public static AirtmSettings production(String apiKey, String apiSecret, String callbackBaseUrl) {
    return new AirtmSettings(Environment.PRODUCTION, apiKey, apiSecret, null, null, callbackBaseUrl, null, null, 0);
  }

  /**
   * Settings from environment variables: {@code AIRTM_ENV} (sandbox|production|prod, default
   * sandbox), {@code AIRTM_API_KEY}, {@code AIRTM_API_SECRET}, {@code AIRTM_API_URL} (override),
   * {@code AIRTM_CHECKOUT_URL_TEMPLATE}, {@code AIRTM_CALLBACK_BASE_URL} (else {@code PUBLIC_BASE_URL}),
   * {@code AIRTM_CONNECT_TIMEOUT_MS}, {@code AIRTM_TIMEOUT_MS}, {@code AIRTM_REQUESTS_PER_SECOND}.
   *
   * @throws IllegalArgumentException naming every problem found
   */
  public static AirtmSettings fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Environment environment = Environment.SANDBOX;
    String envName = value(env, "AIRTM_ENV");
    if (envName != null) {
      try {
        environment = Environment.parse(envName);
      } catch (IllegalArgumentException e) {
        problems.add("AIRTM_ENV must be sandbox, production or prod, was '" + envName + "'");
      }
    }
    String callback = value(env, "AIRTM_CALLBACK_BASE_URL");
    callback = callback != null ? callback : value(env, "PUBLIC_BASE_URL");
    Duration connect = millis(env, "AIRTM_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT, problems);
    Duration timeout = millis(env, "AIRTM_TIMEOUT_MS", DEFAULT_TIMEOUT, problems);
    int rate = DEFAULT_REQUESTS_PER_SECOND;
    String rateText = value(env, "AIRTM_REQUESTS_PER_SECOND");
    if (rateText != null) {
      try {
        rate = Integer.parseInt(rateText);
      } catch (NumberFormatException e) {
        problems.add("AIRTM_REQUESTS_PER_SECOND must be an integer, was '" + rateText + "'");
      }
    }
    String template = value(env, "AIRTM_CHECKOUT_URL_TEMPLATE");
    String baseUrl = value(env, "AIRTM_API_URL");
    problems.addAll(problems(environment, value(env, "AIRTM_API_KEY"), value(env, "AIRTM_API_SECRET"), baseUrl,
        template == null ? DEFAULT_CHECKOUT_URL_TEMPLATE : template, callback, connect, timeout, rate));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid AirTM settings: " + String.join("; ", problems));
    }
    return new AirtmSettings(environment, value(env, "AIRTM_API_KEY"), value(env, "AIRTM_API_SECRET"), baseUrl,
        template, callback, connect, timeout, rate);
  }

  /** The same settings against another API base URL (a simulator's {@code .../v2}). */
  public AirtmSettings withBaseUrl(String url) {
    return new AirtmSettings(environment, apiKey, apiSecret, url, checkoutUrlTemplate, callbackBaseUrl,
        connectTimeout, timeout, requestsPerSecond);
  }

  /** The same settings with another hosted-checkout template ({@code {id}} = the pay-in id). */
  public AirtmSettings withCheckoutUrlTemplate(String template) {
    return new AirtmSettings(environment, apiKey, apiSecret, baseUrl, template, callbackBaseUrl, connectTimeout,
        timeout, requestsPerSecond);
  }

  /** The same settings with other timeouts. */
  public AirtmSettings withTimeouts(Duration connect, Duration request) {
    return new AirtmSettings(environment, apiKey, apiSecret, baseUrl, checkoutUrlTemplate, callbackBaseUrl, connect,
        request, requestsPerSecond);
  }

  /** The same settings with another client-side request rate. */
  public AirtmSettings withRequestsPerSecond(int rate) {
    return new AirtmSettings(environment, apiKey, apiSecret, baseUrl, checkoutUrlTemplate, callbackBaseUrl,
        connectTimeout, timeout, rate);
  }

  /** The API base URL in use: the override if set, else the environment's. */
  public String apiUrl() {
    return baseUrl != null ? baseUrl : environment.apiUrl();
  }

  /** Where the payer confirms pay-in {@code payinId}: the template with the id filled in. */
  public String checkoutUrl(String payinId) {
    return checkoutUrlTemplate.replace("{id}", AirtmPaths.encode(payinId));
  }

  /** Where AirTM sends the payer back after confirming top-up {@code topupId}'s pay-in. */
  public String confirmationUri(String topupId) {
    return callback(topupId, "confirmed");
  }

  /** Where AirTM sends the payer back after cancelling top-up {@code topupId}'s pay-in. */
  public String cancelUri(String topupId) {
    return callback(topupId, "cancelled");
  }

  private String callback(String topupId, String status) {
    return HttpUrl.get(callbackBaseUrl).newBuilder().addPathSegments("api/v1/topups").addPathSegment(topupId)
        .addPathSegment("callback").addQueryParameter("status", status).build().toString();
  }

  @Override
  public String toString() {
    return "AirtmSettings[environment=" + environment + ", apiUrl=" + (environment == null ? baseUrl : apiUrl())
        + ", apiKey=***, apiSecret=***, checkoutUrlTemplate=" + checkoutUrlTemplate + ", callbackBaseUrl="
        + callbackBaseUrl + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + ", requestsPerSecond="
        + requestsPerSecond + "]";
  }

  private static List<String> problems(Environment environment, String apiKey, String apiSecret, String baseUrl,
      String checkoutUrlTemplate, String callbackBaseUrl, Duration connectTimeout, Duration timeout,
      int requestsPerSecond) {
    List<String> problems = new ArrayList<>();
    boolean production = environment == Environment.PRODUCTION;
    if (environment == null) {
      problems.add("environment is required (sandbox or production)");
    }
    if (apiKey == null || apiKey.isBlank()) {
      problems.add("API key is required");
    } else if (apiKey.indexOf(':') >= 0 || !printable(apiKey)) {
      problems.add("API key must not contain ':', spaces or control characters");
    }
    if (apiSecret == null || apiSecret.isBlank()) {
      problems.add("API secret is required");
    } else if (!printable(apiSecret)) {
      problems.add("API secret must not contain spaces or control characters");
    }
    if (baseUrl != null) {
      url("API base URL", baseUrl, production, problems);
    }
    if (!checkoutUrlTemplate.contains("{id}")) {
      problems.add("checkout URL template must contain {id}, was " + checkoutUrlTemplate);
    } else {
      url("checkout URL template", checkoutUrlTemplate.replace("{id}", "id"), production, problems);
    }
    if (callbackBaseUrl == null || callbackBaseUrl.isBlank()) {
      problems.add("callback base URL (the orchestrator's public base URL) is required");
    } else {
      HttpUrl callback = url("callback base URL", callbackBaseUrl, production, problems);
      if (callback != null && (callback.query() != null || callback.encodedPath().contains("/topups"))) {
        problems.add("callback base URL is the orchestrator's public base URL without a query; "
            + "/api/v1/topups/{topupId}/callback is added to it, was " + callbackBaseUrl);
      }
    }
    duration("connect timeout", connectTimeout, problems);
    duration("timeout", timeout, problems);
    if (requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
      problems.add("requests per second must be between 1 and " + MAX_REQUESTS_PER_SECOND + ", was "
          + requestsPerSecond);
    }
    return problems;
  }

  private static HttpUrl url(String name, String value, boolean production, List<String> problems) {
    HttpUrl parsed = HttpUrl.parse(value);
    if (parsed == null) {
      problems.add(name + " is not an http(s) URL: " + value);
      return null;
    }
    if (production && !parsed.isHttps()) {
      problems.add(name + " must use https in production: " + value);
    }
    return parsed;
  }

  private static void duration(String name, Duration value, List<String> problems) {
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
      problems.add(name + " must be more than 0 and at most " + MAX_TIMEOUT.toSeconds() + " s, was " + value);
    }
  }

  private static boolean printable(String value) {
    return value.chars().allMatch(c -> c > 0x20 && c != 0x7f);
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Duration millis(Map<String, String> env, String name, Duration fallback, List<String> problems) {
    String text = value(env, name);
    if (text == null) {
      return fallback;
    }
    try {
      return Duration.ofMillis(Long.parseLong(text));
    } catch (NumberFormatException e) {
      problems.add(name + " must be a number of milliseconds, was '" + text + "'");
      return fallback;
    }
  }
}

package com.offerhub.orchestrator.stellar.trustless;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkException.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link TrustlessWorkClient} for the V1 REST API ({@code /deployer/*}, {@code /escrow/*},
 * {@code /helper/*}) on OkHttp and Jackson, as npm {@code @trustless-work/escrow@3.0.5} calls it:
 * lowercase {@code x-api-key} on every request, JSON bodies with amounts as plain JSON numbers
 * written from {@link BigDecimal}, {@code milestoneIndex} as a string, query arrays in the bracket
 * form ({@code contractIds[]=C…}).
 *
 * <p>Every request first takes a permit from the {@link RateLimiter} (Trustless Work allows 50 a
 * minute per key; a database-backed limiter holds that across instances). A 429 waits for its
 * {@code Retry-After} (1 s if absent) and asks again, as long as the wait fits in the rate-limit
 * budget; past it the call fails {@link Kind#RATE_LIMITED}. Other failures are classified, never
 * retried here: a 4xx is {@link Kind#REFUSED}; an unreachable service is {@link Kind#RETRYABLE};
 * a timeout, reset or 5xx is {@link Kind#RETRYABLE} for the step endpoints and readers, which only
 * build or read (nothing can have been applied), and {@link Kind#UNKNOWN} for
 * {@code send-transaction}, which applies. Thread-safe.
 */
public final class TrustlessWorkV1Client implements TrustlessWorkClient {
  /** The development (testnet) API. */
  public static final String TESTNET_URL = "https://dev.api.trustlesswork.com";
  /** The production (mainnet) API. */
  public static final String MAINNET_URL = "https://api.trustlesswork.com";

  static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(120);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  private static final int MAX_MESSAGE = 300;
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  /** Sleeps for the 429 back-off; replaced in tests. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What a call does to the world: decides whether a lost answer is retryable or unknown. */
  private enum Effect { BUILDS, READS, APPLIES }

  private final HttpUrl base;
  private final String apiKey;
  private final OkHttpClient http;
  private final RateLimiter limiter;
  private final Duration rateLimitBudget;
  private final Sleeper sleeper;

  private TrustlessWorkV1Client(Builder b) {
    this.base = b.base;
    this.apiKey = b.apiKey;
    this.http = b.http.newBuilder().callTimeout(b.timeout).connectTimeout(b.timeout).readTimeout(b.timeout)
        .writeTimeout(b.timeout).build();
    this.limiter = b.limiter;
    this.rateLimitBudget = b.rateLimitBudget;
    this.sleeper = b.sleeper;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String deploySingleRelease(DeployRequest r) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("signer", r.signer());
    body.put("engagementId", r.engagementId());
    body.put("title", r.title());
    body.put("description", r.description());
    ObjectNode roles = body.putObject("roles");
    roles.put("approver", r.roles().approver());
    roles.put("serviceProvider", r.roles().serviceProvider());
    roles.put("platformAddress", r.roles().platformAddress());
    roles.put("releaseSigner", r.roles().releaseSigner());
    roles.put("disputeResolver", r.roles().disputeResolver());
    roles.put("receiver", r.roles().receiver());
    body.put("amount", r.amount());
    body.put("platformFee", r.platformFeePercent());
    ArrayNode milestones = body.putArray("milestones");
    r.milestones().forEach(m -> milestones.addObject().put("description", m));
    ObjectNode trustline = body.putObject("trustline");
    trustline.put("address", r.trustlineAddress());
    trustline.put("symbol", r.trustlineSymbol());
    return unsigned("deploy", post("deployer/single-release", body));
  }

  @Override
  public String fundEscrow(String contractId, String signer, BigDecimal amount) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("amount", amount);
    body.put("contractId", contractId);
    body.put("signer", signer);
    return unsigned("fund", post("escrow/single-release/fund-escrow", body));
  }

  @Override
  public String changeMilestoneStatus(String contractId, int milestoneIndex, String newStatus, String evidence,
      String serviceProvider) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("contractId", contractId);
    body.put("milestoneIndex", Integer.toString(milestoneIndex));
    body.put("newStatus", newStatus);
    if (evidence != null) {
      body.put("newEvidence", evidence);
    }
    body.put("serviceProvider", serviceProvider);
    return unsigned("change milestone status", post("escrow/single-release/change-milestone-status", body));
  }

  @Override
  public String approveMilestone(String contractId, int milestoneIndex, String approver) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("contractId", contractId);
    body.put("milestoneIndex", Integer.toString(milestoneIndex));
    body.put("approver", approver);
    return unsigned("approve milestone", post("escrow/single-release/approve-milestone", body));
  }

  @Override
  public String releaseFunds(String contractId, String releaseSigner) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("contractId", contractId);
    body.put("releaseSigner", releaseSigner);
    return unsigned("release", post("escrow/single-release/release-funds", body));
  }

  @Override
  public String disputeEscrow(String contractId, String signer) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("contractId", contractId);
    body.put("signer", signer);
    return unsigned("dispute", post("escrow/single-release/dispute-escrow", body));
  }

  @Override
  public String resolveDispute(String contractId, String disputeResolver, List<Payout> distributions) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("contractId", contractId);
    body.put("disputeResolver", disputeResolver);
    ArrayNode list = body.putArray("distributions");
    for (Payout p : distributions) {
      ObjectNode entry = list.addObject();
      entry.put("address", p.address());
      entry.put("amount", p.amount());
    }
    return unsigned("resolve", post("escrow/single-release/resolve-dispute", body));
  }

  @Override
  public SendResult sendTransaction(String signedXdr) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("signedXdr", signedXdr);
    JsonNode answer = call("send transaction", Effect.APPLIES, new Request.Builder().url(url("helper/send-transaction"))
        .post(RequestBody.create(bytes(body), JSON)));
    String status = text(answer, "status");
    String message = text(answer, "message");
    if ("SUCCESS".equals(status)) {
      return new SendResult(status, message, text(answer, "contractId"));
    }
    if ("FAILED".equals(status)) {
      throw new TrustlessWorkException(Kind.REFUSED, 0, "Trustless Work did not apply the transaction: "
          + clean(message == null ? "status FAILED" : message));
    }
    throw new TrustlessWorkException(Kind.UNKNOWN, 0, "send transaction: unexpected status " + clean(String.valueOf(status)));
  }

  @Override
  public List<IndexedEscrow> escrowsByContractIds(List<String> contractIds, boolean validateOnChain) {
    HttpUrl.Builder url = url("helper/get-escrow-by-contract-ids").newBuilder();
    contractIds.forEach(id -> url.addQueryParameter("contractIds[]", id));
    url.addQueryParameter("validateOnChain", Boolean.toString(validateOnChain));
    return escrows(call("read escrows", Effect.READS, new Request.Builder().url(url.build()).get()));
  }

  @Override
  public List<IndexedEscrow> escrowsBySigner(String signer, String engagementId) {
    HttpUrl url = url("helper/get-escrows-by-signer").newBuilder().addQueryParameter("signer", signer)
        .addQueryParameter("engagementId", engagementId).build();
    return escrows(call("read escrows by signer", Effect.READS, new Request.Builder().url(url).get()));
  }

  private HttpUrl url(String path) {
    return base.newBuilder().addPathSegments(path).build();
  }

  private JsonNode post(String path, ObjectNode body) {
    return call(path, Effect.BUILDS, new Request.Builder().url(url(path)).post(RequestBody.create(bytes(body), JSON)));
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON body", e);
    }
  }

  private String unsigned(String what, JsonNode answer) {
    String status = text(answer, "status");
    String xdr = text(answer, "unsignedTransaction");
    if (status != null && !"SUCCESS".equals(status)) {
      throw new TrustlessWorkException(Kind.REFUSED, 0, "Trustless Work refused " + what + ": "
          + clean(Objects.requireNonNullElse(text(answer, "message"), "status " + status)));
    }
    if (xdr == null || xdr.isBlank()) {
      throw new TrustlessWorkException(Kind.RETRYABLE, 0, what + ": the answer carries no unsignedTransaction");
    }
    return xdr;
  }

  /** One request with its permit, 429 back-off and classification; the answer's JSON on 2xx. */
  private JsonNode call(String what, Effect effect, Request.Builder request) {
    Request built = request.header("x-api-key", apiKey).header("accept", "application/json").build();
    long deadline = System.nanoTime() + rateLimitBudget.toNanos();
    while (true) {
      acquire(what);
      int code;
      byte[] body;
      String retryAfter;
      try (Response response = http.newCall(built).execute()) {
        code = response.code();
        retryAfter = response.header("Retry-After");
        ResponseBody rb = response.body();
        body = rb == null ? new byte[0] : rb.bytes();
      } catch (IOException e) {
        throw lost(what, effect, e);
      }
      if (code == 429) {
        Duration wait = retryAfter(retryAfter);
        if (System.nanoTime() + wait.toNanos() > deadline) {
          throw new TrustlessWorkException(Kind.RATE_LIMITED, 429, what + ": Trustless Work is rate limiting this API key"
              + " beyond the budget of " + rateLimitBudget.toSeconds() + " s", wait, null);
        }
        pause(wait, what);
        continue;
      }
      if (code >= 200 && code < 300) {
        return parse(what, effect, body);
      }
      throw refusal(what, effect, code, body);
    }
  }

  private void acquire(String what) {
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrustlessWorkException(Kind.RETRYABLE, 0, what + ": interrupted while waiting for a rate-limit permit");
    }
  }

  private void pause(Duration wait, String what) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrustlessWorkException(Kind.RETRYABLE, 429, what + ": interrupted while waiting out a 429");
    }
  }

  private static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT_RETRY_AFTER;
    }
    String value = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notDate) {
        return DEFAULT_RETRY_AFTER;
      }
    }
  }

  private TrustlessWorkException lost(String what, Effect effect, IOException e) {
    boolean neverSent = e instanceof ConnectException || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException;
    Kind kind = neverSent || effect != Effect.APPLIES ? Kind.RETRYABLE : Kind.UNKNOWN;
    String reason = neverSent ? "Trustless Work is unreachable" : "no answer from Trustless Work";
    String tail = kind == Kind.UNKNOWN ? " (it may have been applied: look it up)"
        : effect == Effect.BUILDS && !neverSent ? " (the endpoint only builds a transaction: nothing was applied)" : "";
    return new TrustlessWorkException(kind, 0, what + ": " + reason + " (" + e.getClass().getSimpleName() + ")" + tail,
        null, e);
  }

  private TrustlessWorkException refusal(String what, Effect effect, int code, byte[] body) {
    String message = clean(messageOf(body));
    if (code == 401 || code == 403) {
      return new TrustlessWorkException(Kind.REFUSED, code, what + ": Trustless Work refused the API key (HTTP " + code
          + (message.isEmpty() ? "" : ": " + message) + ")");
    }
    if (code >= 400 && code < 500) {
      return new TrustlessWorkException(Kind.REFUSED, code, what + ": Trustless Work refused (HTTP " + code + ")"
          + (message.isEmpty() ? "" : ": " + message));
    }
    boolean ambiguous = effect == Effect.APPLIES;
    return new TrustlessWorkException(ambiguous ? Kind.UNKNOWN : Kind.RETRYABLE, code, what + ": Trustless Work failed (HTTP "
        + code + ")" + (message.isEmpty() ? "" : ": " + message)
        + (ambiguous ? " (it may have been applied: look it up)" : ""));
  }

  private JsonNode parse(String what, Effect effect, byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty body");
      }
      return node;
    } catch (IOException e) {
      throw new TrustlessWorkException(effect == Effect.APPLIES ? Kind.UNKNOWN : Kind.RETRYABLE, 0,
          what + ": Trustless Work answered with malformed JSON", null, null);
    }
  }

  /** The {@code message} of an error body (a string, or NestJS's array of strings); empty if none. */
  private static String messageOf(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      JsonNode message = node == null ? null : node.get("message");
      if (message == null) {
        return "";
      }
      if (message.isArray()) {
        List<String> parts = new ArrayList<>();
        message.forEach(m -> parts.add(m.asText()));
        return String.join("; ", parts);
      }
      return message.asText();
    } catch (IOException e) {
      return "";
    }
  }

  /** Keeps the service's words short, on one line, and free of our API key (should it echo it). */
  private String clean(String text) {
    String oneLine = text == null ? "" : text.replace(apiKey, "***").replaceAll("\\p{Cntrl}", " ").strip();
    return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "..." : oneLine;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<IndexedEscrow> escrows(JsonNode answer) {
    List<IndexedEscrow> out = new ArrayList<>();
    if (answer.isArray()) {
      answer.forEach(n -> out.add(escrow(n)));
    } else if (answer.isObject()) {
      out.add(escrow(answer));
    }
    return out;
  }

  private static IndexedEscrow escrow(JsonNode n) {
    JsonNode r = n.path("roles");
    Roles roles = r.isObject() ? new Roles(r.path("approver").asText(), r.path("serviceProvider").asText(),
        r.path("platformAddress").asText(), r.path("releaseSigner").asText(), r.path("disputeResolver").asText(),
        r.path("receiver").asText()) : null;
    JsonNode flags = n.path("flags");
    List<Milestone> milestones = new ArrayList<>();
    n.path("milestones").forEach(m -> milestones.add(new Milestone(m.path("description").asText(""),
        m.path("status").asText(""), m.path("approved").asBoolean(false) || m.path("flags").path("approved")
        .asBoolean(false))));
    return new IndexedEscrow(text(n, "contractId"), text(n, "engagementId"), text(n, "signer"), roles,
        decimal(n, "amount"), decimal(n, "balance"), decimal(n, "platformFee"), flags.path("disputed").asBoolean(false),
        flags.path("released").asBoolean(false), flags.path("resolved").asBoolean(false), milestones);
  }

  /** An exact decimal from a JSON number (or numeric string); null if absent. */
  private static BigDecimal decimal(JsonNode n, String field) {
    JsonNode value = n.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber() && !value.isFloatingPointNumber() || value.isBigDecimal()) {
      return value.decimalValue();
    }
    try {
      return new BigDecimal(value.asText());
    } catch (NumberFormatException e) {
      throw new TrustlessWorkException(Kind.RETRYABLE, 0, "Trustless Work sent a non-numeric " + field);
    }
  }

  @Override
  public String toString() {
    return "TrustlessWorkV1Client[" + base + ", apiKey=***]";
  }

  /** Settings for {@link TrustlessWorkV1Client}; base URL, API key and rate limiter are required. */
  public static final class Builder {
    private HttpUrl base;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(60);
    private OkHttpClient http;
    private RateLimiter limiter;
    private Duration rateLimitBudget = Duration.ofMinutes(2);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder() {
    }

    /** {@code TRUSTLESS_API_URL}, e.g. {@link #TESTNET_URL}; a path prefix ({@code http://host/tw}) is kept. */
    public Builder baseUrl(String url) {
      HttpUrl parsed = url == null ? null : HttpUrl.parse(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (parsed == null) {
        throw new IllegalArgumentException("TRUSTLESS_API_URL is not an http(s) URL: " + url);
      }
      this.base = parsed;
      return this;
    }

    /** {@code TRUSTLESS_API_KEY}; never logged or shown. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** {@code TRUSTLESS_TIMEOUT_MS}: whole-call timeout, 1 s to 120 s (default 60 s). */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** A shared client (connection pool, dispatcher); its timeouts are replaced by {@link #timeout}. */
    public Builder httpClient(OkHttpClient client) {
      this.http = client;
      return this;
    }

    /** Admits every request; use a limiter shared through the database across instances. */
    public Builder rateLimiter(RateLimiter value) {
      this.limiter = value;
      return this;
    }

    /** How long one call may keep waiting out 429 answers before it fails (default 2 min). */
    public Builder rateLimitBudget(Duration value) {
      this.rateLimitBudget = value;
      return this;
    }

    Builder sleeper(Sleeper value) {
      this.sleeper = value;
      return this;
    }

    public TrustlessWorkV1Client build() {
      List<String> problems = new ArrayList<>();
      if (base == null) {
        problems.add("baseUrl (TRUSTLESS_API_URL) is required");
      }
      if (apiKey == null || apiKey.isBlank()) {
        problems.add("apiKey (TRUSTLESS_API_KEY) is required");
      }
      if (limiter == null) {
        problems.add("rateLimiter is required (RateLimiter.unlimited() if the service has no limit)");
      }
      if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
        problems.add("timeout (TRUSTLESS_TIMEOUT_MS) must be between 1000 and 120000 ms");
      }
      if (rateLimitBudget == null || rateLimitBudget.isNegative()) {
        problems.add("rateLimitBudget must not be negative");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Trustless Work client: " + String.join("; ", problems));
      }
      if (http == null) {
        http = new OkHttpClient();
      }
      return new TrustlessWorkV1Client(this);
    }
  }
}

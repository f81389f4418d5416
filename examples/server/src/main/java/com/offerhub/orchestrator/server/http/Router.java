package com.offerhub.orchestrator.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.model.ApiKey;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers routes and runs the request pipeline of spec/02 §1.3 around each: request id, credential,
 * rate limit, authentication, scope, idempotency, handler, envelope. Every failure becomes the error
 * envelope with a stable code; nothing unexpected leaks (500 carries only INTERNAL_ERROR).
 */
public final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  /** The largest request body accepted, in bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** How much of a refused body is read and discarded so the refusal reaches the client. */
  private static final long SWALLOW_BYTES = 4L * 1024 * 1024;
  private static final Pattern UUID_V4 = Pattern.compile(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  public static final String BASE = "/api/v1";

  /** A route as registered: the OpenAPI test compares these with the document. */
  public record RouteInfo(String method, String path, Scope scope) {}

  /** A route's work. */
  @FunctionalInterface
  public interface Action {
    Reply handle(Call call) throws Exception;
  }

  private final RoutesConfig routes;
  private final OrchestratorEngine engine;
  private final String masterKey;
  private final Tokens tokens;
  private final RateLimiter limiter;
  private final IdempotencyCache idempotency;
  private final Clock clock;
  private final List<RouteInfo> registered = new ArrayList<>();
  /** Each registered path template as a pattern over request paths (for 405 and its Allow header). */
  private final Map<String, Pattern> templates = new java.util.concurrent.ConcurrentHashMap<>();
  /** Verified credentials for a few seconds: saves a database read per request. */
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final List<java.util.function.Consumer<String>> revocationListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final long VERIFIED_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
  private static final int VERIFIED_MAX = 10_000;

  private record Verified(Principal principal, long until) {}

  public Router(RoutesConfig routes, OrchestratorEngine engine, String masterKey, Tokens tokens, RateLimiter limiter,
      IdempotencyCache idempotency, Clock clock) {
    this.routes = routes;
    this.engine = engine;
    this.masterKey = masterKey;
    this.tokens = tokens;
    this.limiter = limiter;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  public List<RouteInfo> registered() {
    return List.copyOf(registered);
  }

  /**
   * The methods registered for the path template matching {@code requestPath} (a full path, with
   * {@link #BASE}), in registration order; empty when no template matches. A request whose path exists
   * with another method is answered 405 with these in {@code Allow}.
   */
  public List<String> allowedMethods(String requestPath) {
    List<String> allowed = new ArrayList<>();
    for (RouteInfo route : registered) {
      if (templates.get(route.path()).matcher(requestPath).matches() && !allowed.contains(route.method())) {
        allowed.add(route.method());
      }
    }
    return allowed;
  }

  /**
   * {@code /users/{userId}/wallet} as a pattern: each {@code {param}} is one non-empty path segment, and a
   * trailing slash is allowed (Javalin routes {@code /orders/} like {@code /orders}, so 405 must too).
   */
  private static Pattern template(String path) {
    StringBuilder regex = new StringBuilder(Pattern.quote(BASE));
    for (String segment : path.substring(1).split("/", -1)) {
      regex.append('/').append(segment.startsWith("{") && segment.endsWith("}") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(regex.append("/?").toString());
  }

  /** Records a route registered outside this router (the SSE stream). */
  public void record(String method, String path, Scope scope) {
    templates.computeIfAbsent(path, Router::template);
    registered.add(new RouteInfo(method, path, scope));
  }

  public void get(String path, Scope scope, Action action) {
    add(HandlerType.GET, path, scope, action);
  }

  public void post(String path, Scope scope, Action action) {
    add(HandlerType.POST, path, scope, action);
  }

  public void delete(String path, Scope scope, Action action) {
    add(HandlerType.DELETE, path, scope, action);
  }

  private void add(HandlerType method, String path, Scope scope, Action action) {
    record(method.name(), path, scope);
    routes.addHttpHandler(method, BASE + path, ctx -> run(ctx, method, scope, action));
  }

  /** Runs the parts of the pipeline before the handler; returns the caller (null on public routes). */
  public Principal admit(Context ctx, Scope scope) {
    String requestId = requestId(ctx);
    Principal principal = null;
    ApiError authFailure = null;
    if (scope != Scope.PUBLIC) {
      try {
        principal = authenticate(ctx.header("Authorization"));
      } catch (ApiError e) {
        authFailure = e;
      }
    }
    limit(ctx, principal == null ? "ip:" + ctx.ip() : "key:" + principal.id());
    if (authFailure != null) {
      throw authFailure;
    }
    if (principal != null && scope != Scope.ANY && !principal.has(scope.wireName())) {
      throw new ApiError(403, "INSUFFICIENT_SCOPE", "Insufficient scope", Map.of("required_scope", scope.wireName(),
          "current_scopes", Tokens.sorted(principal.scopes())));
    }
    ctx.attribute("requestId", requestId);
    return principal;
  }

  /**
   * Refuses a body declared larger than {@link #MAX_BODY_BYTES} before reading it as a request. A
   * client that sent {@code Expect: 100-continue} gets the answer without sending the body. Any other
   * client is already sending it: the body is read and discarded up to {@link #SWALLOW_BYTES} so the
   * connection closes cleanly after the answer (closing with unread bytes resets the connection, and
   * the client can lose the answer in the reset); a larger body is cut off.
   */
  private static void refuseOversizedBody(Context ctx) {
    String expect = ctx.header("Expect");
    if (ctx.contentLength() <= SWALLOW_BYTES && (expect == null || !expect.equalsIgnoreCase("100-continue"))) {
      try (java.io.InputStream in = ctx.req().getInputStream()) {
        byte[] sink = new byte[16 * 1024];
        long left = SWALLOW_BYTES;
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
          left -= n;
        }
      } catch (java.io.IOException ignored) {
        // the client went away: nothing to answer
      }
    }
    throw new ApiError(413, "VALIDATION_ERROR", "Request body too large");
  }

  private void run(Context ctx, HandlerType method, Scope scope, Action action) {
    String scopeKey = null;
    boolean completed = false;
    try {
      Principal principal = admit(ctx, scope);
      String requestId = ctx.attribute("requestId");
      if (ctx.contentLength() > MAX_BODY_BYTES) {
        refuseOversizedBody(ctx);
      }
      byte[] raw = method == HandlerType.GET || method == HandlerType.DELETE ? new byte[0] : ctx.bodyAsBytes();
      String key = ctx.header("Idempotency-Key");
      boolean idempotent = key != null && method == HandlerType.POST && scope != Scope.PUBLIC;
      if (idempotent) {
        if (!UUID_V4.matcher(key).matches()) {
          throw new ApiError(400, "VALIDATION_ERROR", "Idempotency-Key must be a valid UUID v4",
              Map.of("header", "Idempotency-Key"));
        }
        key = key.toLowerCase(java.util.Locale.ROOT);
        scopeKey = principal.id() + "\n" + key;
        IdempotencyCache.Begin begin = idempotency.begin(scopeKey, fingerprint(ctx.path(), raw));
        if (begin instanceof IdempotencyCache.Replay replay) {
          scopeKey = null;
          ctx.header("Idempotency-Replay", "true");
          ctx.status(replay.response().status()).contentType("application/json").result(replay.response().body());
          return;
        }
        if (begin instanceof IdempotencyCache.Conflict conflict) {
          scopeKey = null;
          throw conflict.reused()
              ? new ApiError(409, "IDEMPOTENCY_KEY_REUSED", "This idempotency key was used with a different request body",
                  Map.of("idempotency_key", key))
              : new ApiError(409, "IDEMPOTENCY_KEY_IN_PROGRESS", "Original request still processing",
                  Map.of("idempotency_key", key));
        }
      }
      Call call = new Call(ctx, principal, requestId, idempotent ? key : null, engine, raw);
      Reply reply = action.handle(call);
      if (call.requestContext().wasReplayed()) {
        ctx.header("Idempotency-Replay", "true");
      }
      byte[] body = write(ctx, reply, requestId);
      if (scopeKey != null && reply.status() < 300) {
        idempotency.complete(scopeKey, new IdempotencyCache.Stored(reply.status(), body));
        completed = true;
      }
    } catch (Exception e) {
      error(ctx, e);
    } finally {
      if (scopeKey != null && !completed) {
        idempotency.abandon(scopeKey);
      }
    }
  }

  /** Writes the envelope; returns the body bytes (empty for a redirect). */
  private byte[] write(Context ctx, Reply reply, String requestId) {
    if (reply.shape() == Reply.Shape.REDIRECT) {
      ctx.status(302).header("Location", reply.location());
      return new byte[0];
    }
    if (reply.shape() == Reply.Shape.BARE) {
      byte[] body = (byte[]) reply.payload();
      ctx.status(reply.status()).contentType("application/json").result(body);
      return body;
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("requestId", requestId);
    meta.put("timestamp", Times.iso(clock.instant()));
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("success", true);
    if (reply.shape() == Reply.Shape.FLAT && reply.payload() instanceof Map<?, ?> members) {
      for (Map.Entry<?, ?> member : members.entrySet()) {
        envelope.put(String.valueOf(member.getKey()), member.getValue());
      }
      envelope.put("success", true);
    }
    envelope.put("data", reply.payload());
    if (reply.shape() == Reply.Shape.LIST) {
      envelope.put("hasMore", reply.hasMore());
      envelope.put("nextCursor", reply.nextCursor());
      Map<String, Object> pagination = new LinkedHashMap<>();
      pagination.put("hasMore", reply.hasMore());
      pagination.put("nextCursor", reply.nextCursor());
      envelope.put("pagination", pagination);
    }
    envelope.put("meta", meta);
    byte[] body = Json.bytes(envelope);
    ctx.status(reply.status()).contentType("application/json").result(body);
    return body;
  }

  /** Renders any failure as the error envelope. */
  public void error(Context ctx, Exception failure) {
    ApiError error = toApiError(failure);
    if (error.status() >= 500 && error.code().equals("INTERNAL_ERROR")) {
      LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), failure);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", error.code());
    body.put("message", error.getMessage());
    Map<String, Object> details = error.details() == null ? new LinkedHashMap<>() : error.details();
    String requestId = ctx.attribute("requestId");
    if (requestId == null) {
      requestId = requestId(ctx);
    }
    details.put("requestId", requestId);
    body.put("details", details);
    if (error.status() == 429 && details.get("retryAfter") != null) {
      ctx.header("Retry-After", String.valueOf(details.get("retryAfter")));
    }
    ctx.status(error.status()).contentType("application/json").result(Json.bytes(Map.of("error", body)));
  }

  static ApiError toApiError(Exception failure) {
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof OrchestratorException oe) {
      return ApiError.from(oe);
    }
    if (failure instanceof HttpResponseException http) {
      int status = http.getStatus();
      return switch (status) {
        case 400 -> new ApiError(400, "VALIDATION_ERROR", "Bad request");
        case 404 -> new ApiError(404, "NOT_FOUND", "Not found");
        case 405 -> new ApiError(405, "METHOD_NOT_ALLOWED", "Method not allowed");
        case 413 -> new ApiError(413, "VALIDATION_ERROR", "Request body too large");
        default -> status < 500 ? new ApiError(status, "VALIDATION_ERROR", "Bad request")
            : new ApiError(500, "INTERNAL_ERROR", "Internal server error");
      };
    }
    return new ApiError(500, "INTERNAL_ERROR", "Internal server error");
  }

  private String requestId(Context ctx) {
    String existing = ctx.attribute("requestId");
    if (existing != null) {
      return existing;
    }
    String given = ctx.header("X-Request-ID");
    String id = given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.attribute("requestId", id);
    ctx.header("X-Request-ID", id);
    return id;
  }

  /**
   * Counts the request against {@code key}'s window and sets the rate-limit headers. A disabled
   * limiter sends none: {@code Limit: 0, Remaining: 0} reads as exhausted to a client honouring them.
   */
  public void limit(Context ctx, String key) {
    requestId(ctx);
    if (!limiter.enabled()) {
      return;
    }
    RateLimiter.Decision decision = limiter.hit(key);
    ctx.header("X-RateLimit-Limit", String.valueOf(decision.limit()));
    ctx.header("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
    ctx.header("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
    if (!decision.allowed()) {
      throw new ApiError(429, "RATE_LIMITED", "Too many requests, please retry later", Map.of("limit",
          decision.limit(), "windowSeconds", 60, "retryAfter", decision.retryAfterSeconds()));
    }
  }

  /** Runs {@code listener} with the key's id whenever a key is revoked (the event hub ends its streams). */
  public void onRevoked(java.util.function.Consumer<String> listener) {
    revocationListeners.add(listener);
  }

  /**
   * Forgets cached credential checks and tells the listeners: called when key {@code keyId} is revoked, so
   * the revoking instance refuses it at once (other instances within {@link #VERIFIED_NANOS}) and its open
   * event streams end.
   */
  public void revoked(String keyId) {
    verified.clear();
    for (java.util.function.Consumer<String> listener : revocationListeners) {
      listener.accept(keyId);
    }
  }

  /**
   * Resolves a credential (spec/02 §5.1), answering from the short cache when it can. A cached token
   * is still checked against its {@code exp} on every request: the cache never outlives a token.
   */
  Principal authenticate(String header) {
    if (header != null && header.length() <= 4096) {
      Verified hit = verified.get(header);
      if (hit != null && System.nanoTime() - hit.until() < 0) {
        Principal cached = hit.principal();
        if (!cached.isToken() || clock.instant().isBefore(cached.tokenExpiresAt())) {
          return cached;
        }
        verified.remove(header, hit);
      }
    }
    Principal principal = resolve(header);
    if (!"master".equals(principal.id())) {
      if (verified.size() >= VERIFIED_MAX) {
        verified.clear();
      }
      verified.put(header, new Verified(principal, System.nanoTime() + VERIFIED_NANOS));
    }
    return principal;
  }

  private Principal resolve(String header) {
    if (header == null || header.isEmpty()) {
      throw new ApiError(401, "UNAUTHORIZED", "Missing Authorization header");
    }
    if (!header.startsWith("Bearer ") || header.length() <= 7) {
      throw new ApiError(401, "UNAUTHORIZED", "Invalid Authorization format");
    }
    String credential = header.substring(7).trim();
    if (masterKey != null && MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8),
        masterKey.getBytes(StandardCharsets.UTF_8))) {
      return new Principal("master", "master", Principal.MASTER_SCOPES, null, null);
    }
    if (credential.startsWith(Tokens.PREFIX)) {
      Tokens.Claims claims = tokens.verify(credential);
      if (claims == null) {
        throw new ApiError(401, "UNAUTHORIZED", "Invalid or expired short-lived token");
      }
      Optional<ApiKey> key = engine.apiKeys().find(claims.subject());
      if (key.isEmpty() || key.get().revokedAt() != null) {
        throw new ApiError(401, "UNAUTHORIZED", "Invalid or expired short-lived token");
      }
      return new Principal(claims.subject(), null, claims.scopes(), claims.marketplaceId(), claims.expiresAt());
    }
    if (!credential.startsWith("ohk_") || credential.split("_").length < 5) {
      throw new ApiError(401, "UNAUTHORIZED", "Invalid API Key format");
    }
    ApiKey key = engine.apiKeys().verify(credential)
        .orElseThrow(() -> new ApiError(401, "UNAUTHORIZED", "Invalid API Key"));
    return new Principal(key.id(), key.name(), key.scopes(), key.marketplaceId(), null);
  }

  /** Method-independent fingerprint of a request: its path and its body as compact JSON. */
  static String fingerprint(String path, byte[] raw) {
    String canonical;
    try {
      JsonNode parsed = raw.length == 0 ? null : Json.parse(raw);
      canonical = parsed == null ? "{}" : Json.text(parsed);
    } catch (ApiError e) {
      canonical = new String(raw, StandardCharsets.UTF_8);
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((path + "\n" + canonical)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

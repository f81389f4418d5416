package com.offerhub.orchestrator.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.ApiKeyOperations;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.TreasuryOperations;
import com.offerhub.orchestrator.WebhookOperations;
import com.offerhub.orchestrator.airtm.SvixSignature;
import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.TopUpStatus;
import com.offerhub.orchestrator.server.http.ApiError;
import com.offerhub.orchestrator.server.http.Body;
import com.offerhub.orchestrator.server.http.Call;
import com.offerhub.orchestrator.server.http.Json;
import com.offerhub.orchestrator.server.http.Reply;
import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import com.offerhub.orchestrator.server.http.Times;
import com.offerhub.orchestrator.server.http.Tokens;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Health, configuration, API keys and tokens, audit logs, provider webhooks, sandbox and OpenAPI. */
public final class SystemRoutes {
  private static final Set<String> AUDIT_PARAMS = Set.of("resourceType", "resourceId", "userId", "action", "from",
      "to", "limit", "cursor");
  private static final Pattern ACTION = Pattern.compile("[A-Za-z_.]{1,64}");
  private static final Money MAX_SANDBOX_DEPOSIT = Money.of(1_000_000);
  private final ServerContext server;
  private final byte[] openApi;
  /** A pending-work run is queued and has not started: a burst of webhooks queues at most one. */
  private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();

  public SystemRoutes(ServerContext server) {
    this.server = server;
    try (InputStream in = SystemRoutes.class.getResourceAsStream("/openapi.json")) {
      this.openApi = in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read openapi.json", e);
    }
  }

  public void register(Router router) {
    router.get("/health", Scope.PUBLIC, call -> Reply.flat(200, health("healthy", null)));
    router.get("/health/detailed", Scope.PUBLIC, this::detailedHealth);
    router.get("/config", Scope.PUBLIC, call -> Reply.standard(200, config()));
    router.get("/openapi.json", Scope.PUBLIC, call -> {
      if (openApi == null) {
        throw ApiError.notFound("No OpenAPI document in this build");
      }
      return Reply.bare(200, openApi);
    });

    router.post("/auth/api-keys", Scope.SUPPORT, this::createKey);
    router.get("/auth/api-keys", Scope.SUPPORT, call -> Paging.keyset(
        (after, limit) -> call.engine().apiKeys().listAfter(after, limit), keyId -> call.engine().apiKeys()
            .find(keyId), k -> new Keyset(k.createdAt(), k.id()), k -> true, ApiKey::id, call.query("cursor"),
        call.limit(), Views::apiKey));
    router.post("/auth/api-keys/{id}/token", Scope.WRITE, this::mintToken);
    router.get("/auth/me", Scope.ANY, call -> {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("apiKeyId", call.principal().id());
      view.put("apiKeyName", call.principal().name());
      view.put("scopes", call.principal().scopes().stream().sorted().toList());
      return Reply.standard(200, view);
    });
    router.delete("/auth/api-keys/{id}", Scope.SUPPORT, call -> {
      ApiKey revoked = call.ops().apiKeys().revoke(call.path("id"));
      router.revoked(revoked.id());
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", revoked.id());
      view.put("status", "revoked");
      view.put("revokedAt", Times.iso(revoked.revokedAt()));
      return Reply.standard(200, view);
    });

    router.get("/audit/logs", Scope.SUPPORT, this::auditLogs);
    router.post("/webhooks/airtm", Scope.PUBLIC, this::airtmWebhook);
    if (server.config().trustlessWebhookSecret() != null) {
      // Trustless Work documents no webhooks: without a secret to verify them the route does not exist (spec/05 §11).
      router.post("/webhooks/trustless-work", Scope.PUBLIC, this::trustlessWebhook);
    }
    router.get("/treasury", Scope.READ, this::treasury);
    if (server.sandbox()) {
      router.post("/sandbox/deposits", Scope.WRITE, this::sandboxDeposit);
      router.post("/sandbox/airtm/payins/{payinId}/confirm", Scope.WRITE, this::sandboxConfirmPayin);
    }
  }

  private Map<String, Object> health(String status, Map<String, Object> dependencies) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("status", status);
    view.put("version", server.version());
    if (dependencies != null) {
      view.put("dependencies", dependencies);
    }
    view.put("timestamp", Times.iso(server.clock().instant()));
    return view;
  }

  private Reply detailedHealth(Call call) {
    Map<String, Object> deps = new LinkedHashMap<>();
    long start = System.nanoTime();
    Map<String, Object> database = new LinkedHashMap<>();
    try {
      call.engine().events().lastSequence();
      database.put("status", "healthy");
    } catch (RuntimeException e) {
      database.put("status", "unhealthy");
      database.put("error", "database unreachable");
    }
    database.put("latency", (System.nanoTime() - start) / 1_000_000);
    deps.put("database", database);
    deps.put("redis", Map.of("status", "healthy", "detail", "not used: the database coordinates instances"));
    String provider = server.sandbox() ? "simulated" : "configured";
    deps.put("airtm", server.airtm() ? Map.of("status", "healthy", "detail", provider)
        : Map.of("status", "degraded", "error", "Not configured"));
    deps.put("trustlessWork", Map.of("status", "healthy", "detail", provider));
    String overall = "healthy";
    for (Object dep : deps.values()) {
      Object status = ((Map<?, ?>) dep).get("status");
      if ("unhealthy".equals(status)) {
        overall = "unhealthy";
      } else if ("degraded".equals(status) && overall.equals("healthy")) {
        overall = "degraded";
      }
    }
    return Reply.flat(200, health(overall, deps));
  }

  private Map<String, Object> config() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("currencies", List.of("USD"));
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("topup", Map.of("min", "1.00", "max", "10000.00"));
    limits.put("withdrawal", Map.of("min", "10.00", "max", "5000.00"));
    limits.put("order", Map.of("min", "1.00", "max", "50000.00"));
    view.put("limits", limits);
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("milestones", true);
    features.put("disputes", true);
    features.put("sse", true);
    features.put("airtm", server.airtm());
    features.put("trustlessWork", true);
    features.put("sandbox", server.sandbox());
    view.put("features", features);
    view.put("providers", Map.of("fiat", server.airtm() ? "airtm" : "none", "escrow", "trustless_work"));
    view.put("mode", server.config().mode().name().toLowerCase(java.util.Locale.ROOT));
    view.put("version", server.version());
    return view;
  }

  private Reply createKey(Call call) {
    Body body = call.body();
    String name = body.requiredText("name", 200);
    List<String> scopes = body.textList("scopes", 10, 32, true);
    String marketplaceId = body.text("marketplaceId", 128);
    if (scopes != null && scopes.isEmpty()) {
      body.error("scopes", "scopes should not be empty");
    }
    body.check();
    ApiKeyOperations.CreatedApiKey created = call.ops().apiKeys().create(name, new LinkedHashSet<>(scopes),
        marketplaceId);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", created.key().id());
    view.put("key", created.plaintext());
    view.put("api_key", created.plaintext());
    view.put("name", created.key().name());
    view.put("scopes", created.key().scopes().stream().sorted().toList());
    view.put("marketplaceId", created.key().marketplaceId());
    view.put("createdAt", Times.iso(created.key().createdAt()));
    return Reply.standard(201, view);
  }

  private Reply mintToken(Call call) {
    String keyId = call.path("id");
    Body body = call.body();
    JsonNode ttlNode = body.raw("ttl");
    int ttl = Tokens.MAX_TTL_SECONDS;
    if (ttlNode != null) {
      if (!ttlNode.canConvertToInt() || !ttlNode.isIntegralNumber() || ttlNode.asInt() < 1
          || ttlNode.asInt() > Tokens.MAX_TTL_SECONDS) {
        body.error("ttl", "ttl must be an integer number of seconds between 1 and " + Tokens.MAX_TTL_SECONDS);
      } else {
        ttl = ttlNode.asInt();
      }
    }
    body.check();
    if (call.principal().isToken()) {
      // A token minting tokens would let a leaked short-lived token live forever.
      throw new ApiError(403, "INSUFFICIENT_SCOPE", "Only an API key can mint a token; a short-lived token cannot",
          Map.of("required_credential", "api_key"));
    }
    ApiKey key = call.engine().apiKeys().find(keyId).filter(k -> k.revokedAt() == null)
        .orElseThrow(() -> new ApiError(401, "UNAUTHORIZED", "Invalid API Key ID"));
    if (!call.principal().id().equals(keyId) && !call.principal().has("support")) {
      throw new ApiError(403, "INSUFFICIENT_SCOPE", "Minting a token for another key needs the support scope",
          Map.of("required_scope", "support"));
    }
    Tokens.Minted minted = server.tokens().mint(key.id(), key.scopes(), key.marketplaceId(), ttl);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("token", minted.token());
    view.put("expiresAt", Times.iso(minted.expiresAt()));
    return Reply.standard(201, view);
  }

  private Reply auditLogs(Call call) {
    List<String> unknown = new ArrayList<>();
    for (String param : call.ctx().queryParamMap().keySet()) {
      if (!AUDIT_PARAMS.contains(param)) {
        unknown.add("property " + param + " should not exist");
      }
    }
    String limitText = call.query("limit");
    int limit = 20;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        unknown.add("limit must be an integer between 1 and 100");
      }
    }
    String action = call.query("action");
    if (action != null && !ACTION.matcher(action).matches()) {
      unknown.add("action must be CREATE, UPDATE, DELETE or a stored action name");
    }
    if (!unknown.isEmpty()) {
      throw new ApiError(400, "VALIDATION_ERROR", "General validation error", Map.of("validationErrors", unknown));
    }
    String marketplace = call.principal().marketplaceId();
    int pageLimit = limit;
    AuditQuery base = new AuditQuery(call.query("resourceType"), call.query("resourceId"), call.query("userId"),
        action, instant(call.query("from")), instant(call.query("to")), 0, 100);
    String cursor = call.query("cursor");
    // spec/02 §8: an unknown cursor gives the first page of the audit log
    String after = cursor != null && call.engine().audit().find(cursor).isPresent() ? cursor : null;
    return Paging.afterId((from, size) -> call.engine().audit().queryAfter(new AuditQuery(base.resourceType(),
        base.resourceId(), base.userId(), base.action(), base.from(), base.to(), 0, size), from),
        e -> marketplace == null || marketplace.equals(e.marketplaceId()), AuditEntry::id, after, pageLimit,
        Views::audit);
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private Reply airtmWebhook(Call call) {
    String secret = server.config().airtm() != null ? server.config().airtm().webhookSecret()
        : server.setting("AIRTM_WEBHOOK_SECRET", null);
    String svixId = call.ctx().header("svix-id");
    if (secret != null && !svixValid(secret, svixId, call.ctx().header("svix-timestamp"),
        call.ctx().header("svix-signature"), call.rawBody(), server.clock().instant())) {
      throw new ApiError(401, "WEBHOOK_SIGNATURE_INVALID", "Invalid webhook signature", Map.of("provider", "AIRTM",
          "svixId", svixId == null ? "" : svixId));
    }
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("status", "ok");
    if (!server.airtm()) {
      // PAYMENT_PROVIDER=crypto: nothing of AirTM's can be pending here; acknowledged, not processed.
      ack.put("processed", false);
      return Reply.flat(200, ack);
    }
    JsonNode event = Json.parse(call.rawBody().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : call.rawBody());
    // AirTM sends {"type", "data"} (spec/06 §8.1); the reference's own clients send "eventType" and "eventId".
    String type = event.path("type").asText(event.path("eventType").asText(""));
    // Svix's message id, else the reference clients' eventId, else the body itself identifies a redelivery.
    String messageId = svixId != null && !svixId.isBlank() ? svixId : event.path("eventId").asText("");
    messageId = messageId.isEmpty() ? "body:" + AccountRoutes.digest(new String(call.rawBody(),
        StandardCharsets.UTF_8)).substring(0, 40) : messageId;
    String paymentId = event.path("data").path("id").asText("");
    String code = event.path("data").path("code").asText("");
    if (type.isEmpty()) {
      // nothing it is about: acknowledged, not processed
      ack.put("processed", false);
      return Reply.flat(200, ack);
    }
    WebhookOperations.Receipt receipt = call.engine().webhooks().receive("AIRTM", truncate(messageId, 200),
        truncate(type, 100), paymentId, code);
    ack.put("processed", receipt.processed());
    if (receipt.duplicate()) {
      ack.put("duplicate", true);
    }
    return Reply.flat(200, ack);
  }

  private static String truncate(String value, int max) {
    return value.length() > max ? value.substring(0, max) : value;
  }

  /** The treasury of AirTM mode (ARCHITECTURE rule 11): what it holds and what it has advanced. */
  private Reply treasury(Call call) {
    TreasuryOperations.Status status = call.engine().treasury().status().orElseThrow(() -> ApiError.of(
        ErrorCode.PROVIDER_NOT_CONFIGURED, "This server has no treasury: it runs with PAYMENT_PROVIDER=crypto"));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("userId", status.userId());
    view.put("address", status.address());
    view.put("available", status.available().format());
    view.put("float", status.outstanding().format());
    view.put("lowBalance", status.lowBalance().format());
    return Reply.standard(200, view);
  }

  /**
   * Sandbox only: plays the payer confirming a pay-in at AirTM (it processes, then AirTM confirms
   * it) and refreshes the top-up as AirTM's webhook would make the server do. {@code payinId} is the
   * AirTM pay-in id or the top-up id.
   */
  private Reply sandboxConfirmPayin(Call call) {
    if (server.airtmSimulator() == null) {
      throw ApiError.of(ErrorCode.PROVIDER_NOT_CONFIGURED,
          "AirTM is not configured on this server (PAYMENT_PROVIDER=crypto)");
    }
    String id = call.path("payinId");
    TopUp topUp = (id.startsWith("topup_") ? java.util.Optional.of(call.engine().topUps().get(id))
        : call.engine().topUps().findByProviderRef(id)).orElseThrow(() -> ApiError.of(ErrorCode.TOPUP_NOT_FOUND,
            "No top-up has the pay-in " + id));
    if (topUp.providerRef() == null) {
      throw ApiError.of(ErrorCode.INVALID_STATE, "Top-up " + topUp.id() + " has no AirTM pay-in yet");
    }
    if (topUp.status() == TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION) {
      server.airtmSimulator().confirm(topUp.providerRef());
      server.airtmSimulator().succeed(topUp.providerRef());
    } else if (topUp.status() != TopUpStatus.TOPUP_PROCESSING && topUp.status() != TopUpStatus.TOPUP_SUCCEEDED) {
      throw new ApiError(409, "INVALID_STATE", "Top-up " + topUp.id() + " is " + topUp.status()
          + " and cannot be confirmed", Map.of("currentStatus", topUp.status().name()));
    }
    return Reply.flat(200, Views.topUp(call.engine().topUps().refresh(topUp.id())));
  }

  static boolean svixValid(String secret, String id, String timestamp, String signatures, byte[] body, Instant now) {
    try {
      return SvixSignature.of(secret).verify(id, timestamp, signatures, body, now) == SvixSignature.Verdict.VALID;
    } catch (IllegalArgumentException notASecret) {
      return false;
    }
  }

  private Reply trustlessWebhook(Call call) {
    String secret = server.config().trustlessWebhookSecret();
    String given = call.ctx().header("x-tw-signature");
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      expected = HexFormat.of().formatHex(mac.doFinal(call.rawBody())).getBytes(StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    if (given == null || !MessageDigest.isEqual(expected, given.toLowerCase(java.util.Locale.ROOT)
        .getBytes(StandardCharsets.US_ASCII))) {
      throw new ApiError(401, "WEBHOOK_SIGNATURE_INVALID", "Invalid webhook signature",
          Map.of("provider", "TRUSTLESS_WORK"));
    }
    Json.parse(call.rawBody().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : call.rawBody());
    // Escrow state is confirmed on chain by the saga runner (ARCHITECTURE rule 6), never from a
    // webhook's word; a webhook only wakes the runner up.
    wakeRunner();
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("status", "ok");
    ack.put("processed", true);
    return Reply.flat(200, ack);
  }

  /**
   * Queues one run of the pending work unless one is queued already. The flag clears when the run starts,
   * so a webhook that arrives during a run still gets a run after it.
   */
  private void wakeRunner() {
    if (wakePending.compareAndSet(false, true)) {
      try {
        server.background().execute(() -> {
          wakePending.set(false);
          server.engine().runPendingWork();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        wakePending.set(false);
      }
    }
  }

  private Reply sandboxDeposit(Call call) {
    Body body = call.body().strict(Set.of("address", "userId", "amount"));
    String address = body.text("address", 64);
    String userId = body.text("userId", 128);
    String amountText = body.amount("amount", true);
    if ((address == null) == (userId == null)) {
      body.error("address", "give exactly one of address and userId");
    }
    body.check();
    Money amount = Money.parsePositive(amountText, ErrorCode.INVALID_AMOUNT_FORMAT);
    if (MAX_SANDBOX_DEPOSIT.isLessThan(amount)) {
      throw ApiError.of(ErrorCode.INVALID_AMOUNT, "A sandbox deposit is at most " + MAX_SANDBOX_DEPOSIT.format());
    }
    String destination = address != null ? address : call.engine().wallets().depositAddress(userId);
    String hash;
    try {
      hash = server.network().depositFromOutside(destination, amount);
    } catch (IllegalArgumentException | com.offerhub.orchestrator.spi.chain.ChainException e) {
      throw new ApiError(422, "WITHDRAWAL_DESTINATION_INVALID", "The address cannot receive USDC on the sandbox "
          + "network (unknown account or no USDC trustline yet)", Map.of("address", destination));
    }
    server.background().execute(() -> server.engine().scanDeposits());
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("transactionHash", hash);
    view.put("address", destination);
    view.put("amount", amount.format());
    return Reply.standard(201, view);
  }
}

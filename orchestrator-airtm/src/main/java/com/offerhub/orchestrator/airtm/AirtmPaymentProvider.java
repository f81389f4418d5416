package com.offerhub.orchestrator.airtm;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.airtm.AirtmClient.Reply;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
import com.offerhub.orchestrator.spi.payment.ProviderAccount;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * The {@link PaymentProvider} for AirTM's Enterprise API v2 as AirTM publishes it (spec/06 §2, §4,
 * §5.2, §6.2, §7): pay-ins are {@code POST /payins} with our top-up id as {@code code}, payouts
 * {@code POST /payouts} to the recipient's AirTM e-mail with our withdrawal id as {@code code}, then
 * {@code POST /payouts/{id}/commit}; lookups by code, status by id, accounts by e-mail.
 *
 * <pre>{@code
 * PaymentProvider airtm = new AirtmPaymentProvider(AirtmSettings.fromEnv(System.getenv()));
 * }</pre>
 *
 * <p><b>What an answer means.</b> A create AirTM definitively refuses (a 4xx carrying one of the
 * business reason codes in {@link #REFUSALS}: recipient unknown or inactive, amount out of range,
 * insufficient enterprise balance, restricted territory, malformed request...) is answered with
 * {@link ProviderPayment#refused}, which lets the engine return held money. Everything else that is
 * not a payment is a {@link ProviderException}, i.e. an <em>unknown</em> outcome that keeps the
 * money held: 408, 429, 5xx, a timeout, a broken connection, an unparsable body, an unknown reason
 * code, and also 401/403 (bad or unauthorised credentials). A create refused with 401 created
 * nothing, yet it is not answered as a refusal: every top-up and withdrawal would fail while the
 * key is wrong, so the holds stay until the operator fixes the key, and the engine's runner then
 * completes them. A create whose {@code code} AirTM already knows ({@code 415029}, {@code 415056})
 * is answered with the existing payment, looked up by code, never refused. Reads fail with a
 * {@link ProviderException} on every error except "not found" for {@link #findPayin},
 * {@link #findPayout} and {@link #findAccount} (HTTP 404 or a not-found reason code), which answer
 * empty.
 *
 * <p><b>Retries.</b> A POST or DELETE is sent once: the engine settles an unknown outcome by looking
 * the payment up by code. A GET is tried once more after a 5xx or a lost answer. Each attempt
 * first takes a permit from a {@link RateLimiter} (AirTM allows 10 requests a second per key; by
 * default a local token bucket at {@link AirtmSettings#requestsPerSecond()}).
 *
 * <p>The {@code confirmationUri} of every pay-in answered is AirTM's hosted checkout for it (from
 * {@link AirtmSettings#checkoutUrlTemplate()}), where the payer must be sent, never the return
 * address AirTM echoes back. Exception messages never contain the API key, the secret or the
 * {@code Authorization} header. Thread-safe: one OkHttp client, no mutable state but the limiter's.
 */
public final class AirtmPaymentProvider implements PaymentProvider {
  /**
   * Reason codes with which AirTM definitively refuses a create (spec/06 §2): recipient inactive
   * (415008, 415009), deleted or banned (415010), insufficient balance (415016, 415034), amount below
   * the minimum or above the maximum (415035, 415058, 415057), recipient not found or unable to
   * receive (415059, 415060), restricted territory (415061), AML (415065), US payer (415053),
   * invalid request (415901, 415906).
   */
  public static final Set<String> REFUSALS = Set.of("415008", "415009", "415010", "415016", "415034", "415035",
      "415057", "415058", "415059", "415060", "415061", "415065", "415053", "415901", "415906");

  static final String PAYIN_CODE_EXISTS = "415029";
  static final String PAYIN_NOT_CANCELABLE = "415030";
  static final String PAYIN_NOT_FOUND = "415031";
  static final String PAYIN_COMPLETED = "415032";
  static final String PAYOUT_CODE_EXISTS = "415056";
  static final String PAYOUT_PROCESSED = "415027";
  static final String PAYOUT_NOT_FOUND = "415005";
  static final String RECIPIENT_NOT_FOUND = "415059";
  static final String ITEM_NOT_FOUND = "415902";
  private static final Set<String> CREDENTIALS = Set.of("415904", "415905");
  static final String DEFAULT_PAYIN_DESCRIPTION = "Balance top-up";
  static final int MAX_PAYIN_DESCRIPTION = 250;
  static final int MAX_PAYOUT_NOTES = 255;
  private static final long STROOPS_PER_CENT = Money.STROOPS_PER_UNIT / 100;
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private final AirtmSettings settings;
  private final AirtmClient client;
  private final AirtmStatuses statuses = new AirtmStatuses();

  /** AirTM with a local limiter at the settings' rate (one instance per API key). */
  public AirtmPaymentProvider(AirtmSettings settings) {
    this(settings, new TokenBucket(Objects.requireNonNull(settings, "settings").requestsPerSecond()));
  }

  /**
   * AirTM with the given limiter, e.g. a storage-backed one shared by every instance using the key
   * ({@code StorageRateLimiter.of(storage, "airtm", 10, Duration.ofSeconds(1), clock)}).
   */
  public AirtmPaymentProvider(AirtmSettings settings, RateLimiter limiter) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = new AirtmClient(settings, limiter);
  }

  @Override
  public String id() {
    return "airtm";
  }

  /**
   * {@code POST /payins} with exactly the six fields AirTM accepts (spec/06 §5.2): {@code code} =
   * the reference, {@code amount} with two decimals, {@code description} (at most 250 characters,
   * default "Balance top-up"), one item of that amount, and our return addresses. An amount with
   * more than two decimals, not positive, or a currency other than USD is refused here without
   * asking AirTM.
   */
  @Override
  public ProviderPayment createPayin(PayinRequest request) {
    Optional<String> local = localRefusal(request.amount(), request.currency());
    if (local.isPresent()) {
      return ProviderPayment.refused(local.get());
    }
    String description = shorten(request.description() == null || request.description().isBlank()
        ? DEFAULT_PAYIN_DESCRIPTION : request.description().strip(), MAX_PAYIN_DESCRIPTION);
    BigDecimal amount = cents(request.amount());
    ObjectNode body = MAPPER.createObjectNode();
    body.put("code", request.reference());
    body.put("amount", amount);
    body.put("description", description);
    ObjectNode item = body.putArray("items").addObject();
    item.put("description", description);
    item.put("amount", amount);
    item.put("quantity", 1);
    body.put("confirmationUri", settings.confirmationUri(request.reference()));
    body.put("cancelUri", settings.cancelUri(request.reference()));
    return create("POST /payins (code " + request.reference() + ")", client.url("payins"), body, PAYIN_CODE_EXISTS,
        () -> findPayin(request.reference()), this::payin);
  }

  /** {@code GET /payins/by-code/{reference}}; empty on 404 or a not-found reason code. */
  @Override
  public Optional<ProviderPayment> findPayin(String reference) {
    String what = "GET /payins/by-code/" + reference;
    return find(what, client.url("payins", "by-code", reference), Set.of(PAYIN_NOT_FOUND, ITEM_NOT_FOUND),
        reply -> payin(what, reply));
  }

  /** {@code GET /payins/{id}}. */
  @Override
  public ProviderPayment payinStatus(String providerRef) {
    return status("GET /payins/" + providerRef, client.url("payins", providerRef), this::payin);
  }

  /**
   * {@code DELETE /payins/{id}}; when AirTM cannot cancel ({@code 415030}: the payer already acted,
   * or {@code 415032}: completed) or answers without a readable pay-in, the status read afterwards.
   */
  @Override
  public ProviderPayment cancelPayin(String providerRef) {
    String what = "DELETE /payins/" + providerRef;
    Reply reply = client.delete(what, client.url("payins", providerRef));
    if (reply.ok()) {
      Optional<JsonNode> node = json(reply.body());
      if (node.isPresent() && node.get().hasNonNull("id") && node.get().hasNonNull("status")) {
        return payin(what, reply);
      }
      return payinStatus(providerRef);
    }
    String code = AirtmError.of(reply.body()).code();
    if (PAYIN_NOT_CANCELABLE.equals(code) || PAYIN_COMPLETED.equals(code)) {
      return payinStatus(providerRef);
    }
    throw failure(what, reply);
  }

  /**
   * {@code POST /payouts} {@code {airtmUserEmail, amount, notes, code, commit}} (spec/06 §6.2), the
   * notes being the request's description or "Marketplace earnings withdrawal {@code <reference>}" (at most
   * 255 characters). Local refusals as for {@link #createPayin}.
   */
  @Override
  public ProviderPayment createPayout(PayoutRequest request) {
    Optional<String> local = localRefusal(request.amount(), request.currency());
    if (local.isPresent()) {
      return ProviderPayment.refused(local.get());
    }
    String notes = shorten(request.description() == null || request.description().isBlank()
        ? "Marketplace earnings withdrawal " + request.reference() : request.description().strip(), MAX_PAYOUT_NOTES);
    ObjectNode body = MAPPER.createObjectNode();
    body.put("airtmUserEmail", request.recipient());
    body.put("amount", cents(request.amount()));
    body.put("notes", notes);
    body.put("code", request.reference());
    body.put("commit", request.commit());
    return create("POST /payouts (code " + request.reference() + ")", client.url("payouts"), body,
        PAYOUT_CODE_EXISTS, () -> findPayout(request.reference()), this::payout);
  }

  /**
   * Sends a create; a {@code code} AirTM already knows ({@code codeExists}) is answered by the
   * lookup by code, and a lookup that finds nothing then leaves the outcome unknown, never refused.
   */
  private ProviderPayment create(String what, HttpUrl url, ObjectNode body, String codeExists,
      Supplier<Optional<ProviderPayment>> lookup, BiFunction<String, Reply, ProviderPayment> read) {
    Reply reply = client.post(what, url, bytes(body));
    if (reply.ok()) {
      return read.apply(what, reply);
    }
    if (codeExists.equals(AirtmError.of(reply.body()).code())) {
      return lookup.get().orElseThrow(() -> new ProviderException("AirTM " + what
          + ": the code is already used but the lookup by code finds nothing; the outcome is unknown"));
    }
    return refusedOrUnknown(what, reply);
  }

  /** A {@code GET} of one pay-in or payout; any error is a {@link ProviderException}. */
  private ProviderPayment status(String what, HttpUrl url, BiFunction<String, Reply, ProviderPayment> read) {
    Reply reply = client.get(what, url);
    if (!reply.ok()) {
      throw failure(what, reply);
    }
    return read.apply(what, reply);
  }

  /** {@code GET /payouts/by-code/{reference}}; empty on 404 or a not-found reason code. */
  @Override
  public Optional<ProviderPayment> findPayout(String reference) {
    String what = "GET /payouts/by-code/" + reference;
    return find(what, client.url("payouts", "by-code", reference), Set.of(PAYOUT_NOT_FOUND, ITEM_NOT_FOUND),
        reply -> payout(what, reply));
  }

  /** {@code GET /payouts/{id}}. */
  @Override
  public ProviderPayment payoutStatus(String providerRef) {
    return status("GET /payouts/" + providerRef, client.url("payouts", providerRef), this::payout);
  }

  /**
   * {@code POST /payouts/{id}/commit}, whose 2xx answer is empty and not read, then the status by
   * {@code GET /payouts/{id}}; a payout already committed or final ({@code 415027}) answers its
   * status. Any other error is a {@link ProviderException}: the engine's runner asks again.
   */
  @Override
  public ProviderPayment commitPayout(String providerRef) {
    String what = "POST /payouts/" + providerRef + "/commit";
    Reply reply = client.post(what, client.url("payouts", providerRef, "commit"), null);
    if (reply.ok() || PAYOUT_PROCESSED.equals(AirtmError.of(reply.body()).code())) {
      return payoutStatus(providerRef);
    }
    throw failure(what, reply);
  }

  /**
   * {@code GET /users/{email}} (the e-mail URL-encoded) as an account: active when AirTM's status is
   * {@code active}, verified when {@code isVerified}. Empty on 404 or {@code 415059}.
   */
  @Override
  public Optional<ProviderAccount> findAccount(String email) {
    String what = "GET /users/{email}";
    return find(what, client.url("users", email), Set.of(RECIPIENT_NOT_FOUND, ITEM_NOT_FOUND), reply -> {
      JsonNode node = object(what, reply);
      String id = text(node, "id");
      if (id == null || id.isBlank()) {
        throw new ProviderException("AirTM " + what + ": the answer has no user id");
      }
      String status = text(node, "status");
      return new ProviderAccount(id, email, "active".equalsIgnoreCase(status == null ? "" : status.trim()),
          node.path("isVerified").asBoolean(false));
    });
  }

  @Override
  public String toString() {
    return "AirtmPaymentProvider[" + settings.apiUrl() + "]";
  }

  private <T> Optional<T> find(String what, HttpUrl url, Set<String> notFound, Function<Reply, T> read) {
    Reply reply = client.get(what, url);
    if (reply.ok()) {
      return Optional.of(read.apply(reply));
    }
    if (reply.status() == 404 || reply.status() >= 400 && reply.status() < 500 && reply.status() != 408
        && reply.status() != 429 && notFound.contains(AirtmError.of(reply.body()).code())) {
      return Optional.empty();
    }
    throw failure(what, reply);
  }

  /** A create's non-2xx answer: a definitive refusal, or (anything else) an unknown outcome. */
  private ProviderPayment refusedOrUnknown(String what, Reply reply) {
    AirtmError error = AirtmError.of(reply.body());
    int status = reply.status();
    boolean clientError = status >= 400 && status < 500 && status != 401 && status != 403 && status != 408
        && status != 429;
    if (clientError && REFUSALS.contains(error.code())) {
      String message = client.clean(error.message());
      return ProviderPayment.refused(message.isEmpty() ? error.code() : error.code() + ": " + message);
    }
    throw failure(what, reply);
  }

  /** The exception for an error answer; for a create, its outcome is unknown. */
  private ProviderException failure(String what, Reply reply) {
    AirtmError error = AirtmError.of(reply.body());
    int status = reply.status();
    String reason = error.code().isEmpty() ? "" : " (" + error.code()
        + (error.message().isEmpty() ? "" : ": " + client.clean(error.message())) + ")";
    if (status == 401 || status == 403 || CREDENTIALS.contains(error.code())) {
      return new ProviderException("AirTM " + what + ": HTTP " + status + reason + ": AirTM refused the API "
          + "credentials or this account's permissions; check AIRTM_API_KEY / AIRTM_API_SECRET. Treated as an "
          + "unknown outcome: money stays held until the key works and the payment is asked about again");
    }
    if (status == 429) {
      return new ProviderException("AirTM " + what + ": rate limited (HTTP 429"
          + (reply.retryAfter() == null ? "" : ", Retry-After " + client.clean(reply.retryAfter())) + ")" + reason);
    }
    return new ProviderException("AirTM " + what + ": HTTP " + status + reason
        + (what.startsWith("GET") ? "" : "; the outcome is unknown"));
  }

  private ProviderPayment payin(String what, Reply reply) {
    JsonNode node = object(what, reply);
    String id = required(what, node, "id");
    ProviderPaymentStatus status = statuses.payin(required(what, node, "status"));
    return new ProviderPayment(id, status, settings.checkoutUrl(id), reason(node, status));
  }

  private ProviderPayment payout(String what, Reply reply) {
    JsonNode node = object(what, reply);
    String id = required(what, node, "id");
    ProviderPaymentStatus status = statuses.payout(required(what, node, "status"));
    return new ProviderPayment(id, status, null, reason(node, status));
  }

  /** Why a payment failed or was canceled: {@code reasonCode}, {@code reasonDescription} or {@code failureReason}. */
  private String reason(JsonNode node, ProviderPaymentStatus status) {
    if (status != ProviderPaymentStatus.FAILED && status != ProviderPaymentStatus.CANCELED) {
      return null;
    }
    String description = text(node, "reasonDescription");
    description = description != null && !description.isBlank() ? description : text(node, "failureReason");
    String code = text(node, "reasonCode");
    String text = code != null && !code.isBlank()
        ? (description == null || description.isBlank() ? code : code + ": " + description) : description;
    return text == null || text.isBlank() ? null : client.clean(text);
  }

  private JsonNode object(String what, Reply reply) {
    return json(reply.body()).filter(JsonNode::isObject).orElseThrow(() -> new ProviderException("AirTM " + what
        + ": HTTP " + reply.status() + " with a body that is not a JSON object"
        + (what.startsWith("GET") ? "" : "; the outcome is unknown")));
  }

  private static String required(String what, JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw new ProviderException("AirTM " + what + ": the answer has no " + field
          + (what.startsWith("GET") ? "" : "; the outcome is unknown"));
    }
    return value;
  }

  /**
   * Why AirTM cannot take this amount and currency, if it cannot: AirTM moves US dollars in cents
   * (spec/06 §5.2, §6.2), and rounding an amount would pay a different sum than the one held.
   */
  private static Optional<String> localRefusal(Money amount, String currency) {
    if (currency != null && !currency.isBlank() && !Set.of("USD", "USDC").contains(currency.trim()
        .toUpperCase(Locale.ROOT))) {
      return Optional.of("AirTM pays in USD only, not " + currency.trim());
    }
    if (amount.stroops() <= 0) {
      return Optional.of("amount must be positive, was " + amount.toBigDecimal().toPlainString());
    }
    if (amount.stroops() % STROOPS_PER_CENT != 0) {
      return Optional.of("amount " + amount.toBigDecimal().stripTrailingZeros().toPlainString()
          + " has more than 2 decimal places; AirTM accepts whole cents only");
    }
    return Optional.empty();
  }

  private static BigDecimal cents(Money amount) {
    return amount.toBigDecimal().setScale(2, RoundingMode.UNNECESSARY);
  }

  /** At most {@code max} characters, cut between code points. */
  private static String shorten(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON body", e);
    }
  }

  static Optional<JsonNode> json(byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }
}

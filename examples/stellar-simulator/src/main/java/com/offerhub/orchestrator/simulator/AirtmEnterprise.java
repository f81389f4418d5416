package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulated AirTM enterprise account (spec/06 §10): its balance {@code {available, pending}},
 * the AirTM users it can pay, its pay-ins and payouts, and the rules AirTM applies to them. Every
 * change of a pay-in or payout emits the matching webhook event through {@link AirtmWebhooks}.
 *
 * <p>Money: a confirmed pay-in adds its {@code netAmount} (amount less {@code airtmFee}, a
 * configurable percentage rounded half-up to the cent) to {@code available}; a created payout
 * moves its amount (gross less {@code enterpriseFee}) from {@code available} to {@code pending};
 * a canceled or failed one moves it back; a completed one removes it from {@code pending}.
 *
 * <p>Payouts: commit moves {@code CREATED → COMMITTED}, then to {@code COMPLETED} after
 * {@link #payoutCompletionDelay} when the recipient is active and verified, else to
 * {@code PENDING}; a pending payout completes once its recipient is made active and verified
 * ({@link #putUser}). The public methods are the test-only controls the {@code /_sim} endpoints
 * also offer; they throw {@link AirtmRefusal} as the HTTP front answers it. Thread-safe (one lock).
 */
public final class AirtmEnterprise implements AutoCloseable {
  private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
  private static final BigDecimal ONE = BigDecimal.ONE.setScale(2);
  private final Clock clock;
  private final String id;
  private final AirtmWebhooks webhooks;
  private final ScheduledExecutorService timer;
  private final Map<String, AirtmUser> users = new HashMap<>();
  private final Map<String, AirtmPayin> payins = new LinkedHashMap<>();
  private final Map<String, AirtmPayin> payinsByCode = new HashMap<>();
  private final Map<String, AirtmPayout> payouts = new LinkedHashMap<>();
  private final Map<String, AirtmPayout> payoutsByCode = new HashMap<>();
  private final Map<String, Integer> payinRequests = new HashMap<>();
  private final Map<String, Integer> payoutRequests = new HashMap<>();
  private final Map<String, Integer> commitRequests = new HashMap<>();
  private BigDecimal available = ZERO;
  private BigDecimal pending = ZERO;
  private BigDecimal payinFeePercent = BigDecimal.ZERO;
  private Duration completionDelay = Duration.ZERO;
  private long sequence;

  AirtmEnterprise(Clock clock, String apiKey, AirtmWebhooks webhooks) {
    this.clock = clock;
    this.id = UUID.nameUUIDFromBytes(("airtm-enterprise:" + apiKey).getBytes(
        java.nio.charset.StandardCharsets.UTF_8)).toString();
    this.webhooks = webhooks;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "airtm-simulator-payouts");
      thread.setDaemon(true);
      return thread;
    });
  }

  // ---- settings and test controls ----

  /** The enterprise's id ({@code GET /me}). */
  public String id() {
    return id;
  }

  /** AirTM's fee on pay-ins, in percent of the amount (default 0). */
  public synchronized void payinFeePercent(BigDecimal percent) {
    if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
      throw new IllegalArgumentException("the pay-in fee is a percentage in [0, 100)");
    }
    this.payinFeePercent = percent;
  }

  /** How long a committed payout to a ready recipient takes to complete (default 0: at once). */
  public synchronized void payoutCompletionDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("the completion delay must not be negative");
    }
    this.completionDelay = delay;
  }

  /** Sets the enterprise balance (two decimals at most). */
  public synchronized void setBalance(BigDecimal newAvailable, BigDecimal newPending) {
    this.available = cents(newAvailable, "available");
    this.pending = cents(newPending, "pending");
  }

  public synchronized BigDecimal available() {
    return available;
  }

  public synchronized BigDecimal pending() {
    return pending;
  }

  /**
   * Adds or changes the AirTM user with this e-mail (case-insensitive; the id is kept on change);
   * {@code status} is {@code "active"} or {@code "inactive"}, {@code country} ISO alpha-3 or null.
   * Payouts pending for this e-mail complete if the user is now active and verified. Returns the id.
   */
  public String putUser(String email, String status, boolean verified, String country) {
    return putUser(email, status, verified, country, null, null).id();
  }

  synchronized AirtmUser putUser(String email, String status, boolean verified, String country, String firstName,
      String lastName) {
    if (email == null || !email.contains("@")) {
      throw AirtmRefusal.invalid("email", "email must be an e-mail address");
    }
    if (!"active".equals(status) && !"inactive".equals(status)) {
      throw AirtmRefusal.invalid("status", "status must be active or inactive");
    }
    AirtmUser old = users.get(key(email));
    AirtmUser user = new AirtmUser(old == null ? UUID.randomUUID().toString() : old.id(), email.trim(), status,
        verified, country, firstName, lastName);
    users.put(key(email), user);
    if (user.ready()) {
      for (AirtmPayout payout : payouts.values()) {
        if (payout.status == AirtmPayout.Status.PENDING && key(payout.terms.email()).equals(key(email))) {
          completeLater(payout, AirtmPayout.Status.PENDING);
        }
      }
    }
    return user;
  }

  /** Confirms a pay-in as paid by {@code email} ({@code CREATED → PROCESSING → CONFIRMED}). */
  public ObjectNode confirmPayin(String payinId, String email) {
    return payerActs(payinId, email, true);
  }

  /** Moves a pay-in to {@code PROCESSING} as if {@code email} had started paying. */
  public ObjectNode processPayin(String payinId, String email) {
    return payerActs(payinId, email, false);
  }

  private synchronized ObjectNode payerActs(String payinId, String email, boolean confirm) {
    AirtmPayin payin = findPayin(payinId);
    if (payin.status == AirtmPayin.Status.CONFIRMED) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYIN_COMPLETED, "Payin already completed");
    }
    if (payin.status != AirtmPayin.Status.CREATED && payin.status != AirtmPayin.Status.PROCESSING) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYIN_NOT_PENDING, "Payin cannot be confirmed or canceled");
    }
    if (payin.userId == null) {
      // A payer unknown to the simulator has an AirTM account nonetheless: registered on the fly.
      AirtmUser payer = users.get(key(email == null ? "" : email));
      if (payer == null) {
        payer = putUser(email, "active", true, null, null, null);
      }
      if (payer.us()) {
        throw new AirtmRefusal(422, AirtmRefusal.US_PAYIN, "US users cannot make payins");
      }
      payin.userId = payer.id();
      payin.userEmail = payer.email();
    }
    payin.status = AirtmPayin.Status.PROCESSING;
    payin.updatedAt = clock.instant();
    if (confirm) {
      payin.status = AirtmPayin.Status.CONFIRMED;
      available = available.add(payin.netAmount());
      webhooks.emit("payin.confirmed", payin.toJson());
    }
    return payin.toJson();
  }

  /** Cancels a pay-in still awaiting its payer ({@code CREATED}), as {@code DELETE /payins/{id}}. */
  public synchronized ObjectNode cancelPayin(String payinId) {
    AirtmPayin payin = findPayin(payinId);
    if (payin.status != AirtmPayin.Status.CREATED) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYIN_NOT_PENDING, "Payin cannot be confirmed or canceled");
    }
    payin.status = AirtmPayin.Status.CANCELED;
    payin.updatedAt = clock.instant();
    webhooks.emit("payin.canceled", payin.toJson());
    return payin.toJson();
  }

  /** Fails a pay-in that is not final yet, with {@code reason} as {@code failureReason}. */
  public synchronized ObjectNode failPayin(String payinId, String reason) {
    AirtmPayin payin = findPayin(payinId);
    if (payin.status != AirtmPayin.Status.CREATED && payin.status != AirtmPayin.Status.PROCESSING) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYIN_NOT_PENDING, "Payin cannot be failed in status "
          + payin.status);
    }
    payin.status = AirtmPayin.Status.FAILED;
    payin.failureReason = reason == null || reason.isBlank() ? "Payment failed" : reason;
    payin.updatedAt = clock.instant();
    webhooks.emit("payin.failed", payin.toJson());
    return payin.toJson();
  }

  /** Completes a committed or pending payout now. */
  public synchronized ObjectNode completePayout(String payoutId) {
    AirtmPayout payout = findPayout(payoutId);
    if (payout.status != AirtmPayout.Status.COMMITTED && payout.status != AirtmPayout.Status.PENDING) {
      throw new AirtmRefusal(422, AirtmRefusal.CANNOT_PROCESS, "Payout in status " + payout.status
          + " cannot complete");
    }
    complete(payout);
    return payout.toJson();
  }

  /** Fails a payout that is not final yet; its amount returns to the available balance. */
  public synchronized ObjectNode failPayout(String payoutId, String reasonCode, String reasonDescription) {
    AirtmPayout payout = findPayout(payoutId);
    if (payout.status.isFinal()) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYOUT_PROCESSED, "Payout already processed");
    }
    payout.reasonCode = reasonCode == null || reasonCode.isBlank() ? "415073" : reasonCode;
    payout.reasonDescription = reasonDescription == null ? "Payout failed" : reasonDescription;
    release(payout);
    payout.move(AirtmPayout.Status.FAILED, clock.instant());
    webhooks.emit("payout.failed", payout.toJson());
    return payout.toJson();
  }

  /** Moves a committed payout to {@code PENDING} (its recipient not ready); it stays there until told otherwise. */
  public synchronized ObjectNode pendPayout(String payoutId) {
    AirtmPayout payout = findPayout(payoutId);
    if (payout.status != AirtmPayout.Status.COMMITTED) {
      throw new AirtmRefusal(422, AirtmRefusal.CANNOT_PROCESS, "Payout in status " + payout.status
          + " cannot become pending");
    }
    payout.move(AirtmPayout.Status.PENDING, clock.instant());
    return payout.toJson();
  }

  /** Cancels a payout that is not final yet (as AirTM's automatic cancel of old pending payouts). */
  public synchronized ObjectNode expirePayout(String payoutId) {
    AirtmPayout payout = findPayout(payoutId);
    if (payout.status.isFinal()) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYOUT_NOT_CANCELABLE, "Payout already processed");
    }
    return cancel(payout);
  }

  /** How many pay-ins exist with this code (0 or 1: codes are unique). */
  public synchronized int payinsWithCode(String code) {
    return payinsByCode.containsKey(code) ? 1 : 0;
  }

  /** How many payouts exist with this code (0 or 1: codes are unique). */
  public synchronized int payoutsWithCode(String code) {
    return payoutsByCode.containsKey(code) ? 1 : 0;
  }

  /** How many {@code POST /payins} with this code reached the rules (accepted or refused). */
  public synchronized int payinRequests(String code) {
    return payinRequests.getOrDefault(code, 0);
  }

  /** How many {@code POST /payouts} with this code reached the rules (accepted or refused). */
  public synchronized int payoutRequests(String code) {
    return payoutRequests.getOrDefault(code, 0);
  }

  /** How many {@code POST /payouts/{id}/commit} for this payout reached the rules. */
  public synchronized int commitRequests(String payoutId) {
    return commitRequests.getOrDefault(payoutId, 0);
  }

  public synchronized int payinCount() {
    return payins.size();
  }

  public synchronized int payoutCount() {
    return payouts.size();
  }

  /** The counters as the {@code /_sim/counters} endpoint answers them. */
  synchronized ObjectNode countersJson() {
    ObjectNode node = Http.object();
    node.put("payinCount", payins.size());
    node.put("payoutCount", payouts.size());
    ObjectNode byCode = node.putObject("payins");
    payinsByCode.keySet().forEach(code -> byCode.put(code, 1));
    ObjectNode payoutsByCodeJson = node.putObject("payouts");
    payoutsByCode.keySet().forEach(code -> payoutsByCodeJson.put(code, 1));
    ObjectNode payinRequestsJson = node.putObject("payinRequests");
    payinRequests.forEach(payinRequestsJson::put);
    ObjectNode payoutRequestsJson = node.putObject("payoutRequests");
    payoutRequests.forEach(payoutRequestsJson::put);
    ObjectNode commits = node.putObject("commitRequests");
    commitRequests.forEach(commits::put);
    return node;
  }

  // ---- the API ----

  synchronized ObjectNode me() {
    ObjectNode node = Http.object();
    node.put("id", id);
    node.put("cancelPendingPayoutsAfterDays", 90);
    node.put("payoutRequireIdVerification", false);
    return node;
  }

  synchronized ObjectNode balance() {
    ObjectNode node = Http.object();
    node.put("available", available);
    node.put("pending", pending);
    return node;
  }

  synchronized ObjectNode user(String email) {
    AirtmUser user = users.get(key(email));
    if (user == null) {
      throw new AirtmRefusal(404, AirtmRefusal.RECIPIENT_NOT_FOUND, "Recipient not found");
    }
    return user.toJson();
  }

  synchronized void countPayinRequest(String code) {
    if (code != null) {
      payinRequests.merge(code, 1, Integer::sum);
    }
  }

  synchronized void countPayoutRequest(String code) {
    if (code != null) {
      payoutRequests.merge(code, 1, Integer::sum);
    }
  }

  synchronized ObjectNode createPayin(AirtmRequests.NewPayin terms) {
    if (payinsByCode.containsKey(terms.code())) {
      throw new AirtmRefusal(400, AirtmRefusal.PAYIN_CODE_EXISTS, "Payin code already exists");
    }
    BigDecimal fee = terms.amount().multiply(payinFeePercent).movePointLeft(2).setScale(2, RoundingMode.HALF_UP);
    AirtmPayin payin = new AirtmPayin(++sequence, terms, fee, clock.instant());
    payins.put(payin.id, payin);
    payinsByCode.put(terms.code(), payin);
    webhooks.emit("payin.created", payin.toJson());
    return payin.toJson();
  }

  synchronized ObjectNode payin(String payinId) {
    return findPayin(payinId).toJson();
  }

  synchronized ObjectNode payinByCode(String code) {
    AirtmPayin payin = payinsByCode.get(code);
    if (payin == null) {
      throw new AirtmRefusal(404, AirtmRefusal.PAYIN_NOT_FOUND, "Payin not found");
    }
    return payin.toJson();
  }

  /** Check-out view of a pay-in (null if unknown). */
  synchronized ObjectNode payinOrNull(String payinId) {
    AirtmPayin payin = payins.get(payinId);
    return payin == null ? null : payin.toJson();
  }

  /**
   * Pay-ins oldest first, {@code perPage} of them, after or before a cursor (a pay-in id), filtered
   * by status (case-insensitive) and enterprise id: {@code {items, startCursor, endCursor}}.
   */
  synchronized ObjectNode listPayins(String before, String after, int perPage, String status, String enterpriseId) {
    long afterSequence = after == null ? Long.MIN_VALUE : cursor(after, "after").sequence;
    long beforeSequence = before == null ? Long.MAX_VALUE : cursor(before, "before").sequence;
    List<AirtmPayin> matching = new ArrayList<>();
    for (AirtmPayin payin : payins.values()) {
      if (payin.sequence > afterSequence && payin.sequence < beforeSequence
          && (status == null || payin.status.name().equalsIgnoreCase(status))
          && (enterpriseId == null || enterpriseId.equals(id))) {
        matching.add(payin);
      }
    }
    List<AirtmPayin> page = before != null && after == null
        ? matching.subList(Math.max(0, matching.size() - perPage), matching.size())
        : matching.subList(0, Math.min(perPage, matching.size()));
    ObjectNode node = Http.object();
    ArrayNode items = node.putArray("items");
    page.forEach(payin -> items.add(payin.toJson()));
    if (page.isEmpty()) {
      node.putNull("startCursor");
      node.putNull("endCursor");
    } else {
      node.put("startCursor", page.get(0).id);
      node.put("endCursor", page.get(page.size() - 1).id);
    }
    return node;
  }

  private AirtmPayin cursor(String payinId, String name) {
    AirtmPayin payin = payins.get(payinId);
    if (payin == null) {
      throw AirtmRefusal.invalid(name, name + " is not a cursor of this list");
    }
    return payin;
  }

  synchronized ObjectNode createPayout(AirtmRequests.NewPayout terms) {
    if (terms.code() != null && payoutsByCode.containsKey(terms.code())) {
      throw new AirtmRefusal(400, AirtmRefusal.PAYOUT_CODE_EXISTS, "Payout code already exists");
    }
    AirtmUser user = users.get(key(terms.email()));
    if (user == null) {
      throw new AirtmRefusal(422, AirtmRefusal.RECIPIENT_NOT_FOUND, "Recipient not found");
    }
    if (!user.active()) {
      throw new AirtmRefusal(422, AirtmRefusal.RECIPIENT_INACTIVE, "Recipient address is inactive");
    }
    if (user.us() && terms.amount().compareTo(ONE) < 0) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYOUT_BELOW_MINIMUM, "Payout below the minimum amount of 1.00");
    }
    BigDecimal debit = terms.amount().subtract(terms.enterpriseFee());
    if (available.compareTo(debit) < 0) {
      throw new AirtmRefusal(422, AirtmRefusal.INSUFFICIENT_BALANCE, "Insufficient balance for payout");
    }
    AirtmPayout payout = new AirtmPayout(terms, user.id(), clock.instant());
    payouts.put(payout.id, payout);
    if (terms.code() != null) {
      payoutsByCode.put(terms.code(), payout);
    }
    available = available.subtract(debit);
    pending = pending.add(debit);
    webhooks.emit("payout.created", payout.toJson());
    if (terms.commit()) {
      commit(payout);
    }
    return payout.toJson();
  }

  synchronized void commit(String payoutId) {
    if (payouts.containsKey(payoutId)) {
      commitRequests.merge(payoutId, 1, Integer::sum);
    }
    AirtmPayout payout = findPayout(payoutId);
    if (payout.status != AirtmPayout.Status.CREATED) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYOUT_PROCESSED, "Payout already processed");
    }
    commit(payout);
  }

  private void commit(AirtmPayout payout) {
    payout.move(AirtmPayout.Status.COMMITTED, clock.instant());
    AirtmUser user = users.get(key(payout.terms.email()));
    if (user == null || !user.ready()) {
      payout.move(AirtmPayout.Status.PENDING, clock.instant());
    } else {
      completeLater(payout, AirtmPayout.Status.COMMITTED);
    }
  }

  /** Completes the payout after the delay if it is still in {@code from} by then (at once for a zero delay). */
  private void completeLater(AirtmPayout payout, AirtmPayout.Status from) {
    if (completionDelay.isZero()) {
      complete(payout);
      return;
    }
    try {
      timer.schedule(() -> {
        synchronized (this) {
          if (payout.status == from) {
            complete(payout);
          }
        }
      }, completionDelay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // the simulator is stopping
    }
  }

  private void complete(AirtmPayout payout) {
    pending = pending.subtract(payout.debit());
    payout.move(AirtmPayout.Status.COMPLETED, clock.instant());
    webhooks.emit("payout.completed", payout.toJson());
  }

  synchronized ObjectNode payout(String payoutId) {
    return findPayout(payoutId).toJson();
  }

  synchronized ObjectNode payoutByCode(String code) {
    AirtmPayout payout = payoutsByCode.get(code);
    if (payout == null) {
      throw new AirtmRefusal(404, AirtmRefusal.PAYOUT_NOT_FOUND, "Payout not found");
    }
    return payout.toJson();
  }

  synchronized ArrayNode payoutEvents(String payoutId) {
    return findPayout(payoutId).eventsJson();
  }

  /** {@code DELETE /payouts/{id}}: only {@code CREATED} or {@code PENDING} payouts. */
  synchronized ObjectNode cancelPayout(String payoutId) {
    AirtmPayout payout = findPayout(payoutId);
    if (payout.status != AirtmPayout.Status.CREATED && payout.status != AirtmPayout.Status.PENDING) {
      throw new AirtmRefusal(422, AirtmRefusal.PAYOUT_NOT_CANCELABLE, "Cannot cancel a non-pending payout");
    }
    return cancel(payout);
  }

  private ObjectNode cancel(AirtmPayout payout) {
    release(payout);
    payout.move(AirtmPayout.Status.CANCELED, clock.instant());
    webhooks.emit("payout.canceled", payout.toJson());
    return payout.toJson();
  }

  /** The payout's reserved amount returns from pending to available. */
  private void release(AirtmPayout payout) {
    pending = pending.subtract(payout.debit());
    available = available.add(payout.debit());
  }

  private AirtmPayin findPayin(String payinId) {
    AirtmPayin payin = payins.get(payinId);
    if (payin == null) {
      throw new AirtmRefusal(404, AirtmRefusal.PAYIN_NOT_FOUND, "Payin not found");
    }
    return payin;
  }

  private AirtmPayout findPayout(String payoutId) {
    AirtmPayout payout = payouts.get(payoutId);
    if (payout == null) {
      throw new AirtmRefusal(404, AirtmRefusal.PAYOUT_NOT_FOUND, "Payout not found");
    }
    return payout;
  }

  private static String key(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private static BigDecimal cents(BigDecimal value, String name) {
    if (value == null || value.signum() < 0 || value.stripTrailingZeros().scale() > 2) {
      throw AirtmRefusal.invalid(name, name + " must be a non-negative amount with at most 2 decimals");
    }
    return value.setScale(2);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Books;
import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.internal.TxScope;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.TopUpStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fiat top-ups through the configured {@link PaymentProvider} (spec/01 §6.5). The top-up is recorded
 * before the provider is called and updated after; a succeeded pay-in credits the user's available
 * balance exactly once. Without a provider every call raises PROVIDER_NOT_CONFIGURED. Thread-safe.
 */
public final class TopUpOperations {
  private static final Logger LOG = LoggerFactory.getLogger(TopUpOperations.class);
  /** How long a pay-in waits for its payer: AirTM's pay-ins expire after 15 days. */
  static final java.time.Duration PAYIN_LIFETIME = java.time.Duration.ofDays(15);
  private final EngineContext engine;
  private final RequestContext ctx;

  TopUpOperations(EngineContext engine, RequestContext ctx) {
    this.engine = engine;
    this.ctx = ctx;
  }

  /**
   * Checks that a linked AirTM account is still eligible, records the top-up ({@code TOPUP_CREATED},
   * no provider reference: the durable intent), then asks
   * the provider for the pay-in (reference = top-up id) and applies its answer, normally
   * {@code TOPUP_AWAITING_USER_CONFIRMATION} with the confirmation page. A refusal fails the
   * top-up. When the provider's answer is lost the top-up is returned as it stands, still
   * {@code TOPUP_CREATED} without a confirmation page, and never marked failed: the pay-in may exist
   * and later succeed. The background runner ({@link FiatSettlement}), a {@link #refresh} or a retry
   * with the same idempotency key then looks it up by reference (creating it with the same
   * reference if the provider has none), so a pay-in that settles is always credited, once.
   */
  public TopUp create(String userId, String amount, String description) {
    PaymentProvider provider = provider();
    Check.id("userId", userId);
    Money value = Check.amount("amount", amount, ErrorCode.VALIDATION_ERROR);
    Check.optionalText("description", description, Check.MAX_TEXT);
    String linked = engine.tx.read(scope -> scope.session.users().find(userId)).map(User::airtmEmail).orElse(null);
    if (linked != null) {
      UserOperations.eligibleAccount(engine, linked); // spec/02 op 43: AIRTM_USER_INVALID, nothing recorded
    }
    TopUp created = engine.tx.command(ctx, "topups.create", userId + "|" + amount + "|" + description, scope -> {
      User user = scope.session.users().find(userId).orElseThrow(() -> UserOperations.notFound(userId));
      TopUp topUp = new TopUp(engine.ids.next("topup_"), user.id(), value, "USD", TopUpStatus.TOPUP_CREATED, null,
          null, description, null, scope.now, scope.now);
      scope.session.topUps().insert(topUp);
      FiatSettlement.schedule(scope, topUp.id(), SettlementRepository.Kind.PAYIN);
      scope.audit("TOPUP_CREATED", "topup", topUp.id(), userId, Map.of(), Payloads.status(topUp.status()));
      scope.event("topup.created", "TopUp", topUp.id(), userId, Payloads.of("userId", userId, "amount", value,
          "currency", "USD", "topupId", topUp.id()));
      return topUp;
    }).result();
    TopUp current = ctx.wasReplayed() ? get(created.id()) : created;
    boolean awaitsPayin = current.status() == TopUpStatus.TOPUP_CREATED && current.providerRef() == null;
    if (!awaitsPayin) {
      return current;
    }
    try {
      return settle(provider, current, ctx.wasReplayed());
    } catch (ProviderException e) {
      LOG.warn("pay-in for top-up {}: outcome unknown, the runner will look it up: {}", current.id(), e.toString());
      return get(current.id());
    }
  }

  public TopUp get(String topUpId) {
    Check.id("topupId", topUpId);
    return engine.tx.read(scope -> scope.session.topUps().find(topUpId)).orElseThrow(() -> notFound(topUpId));
  }

  /** The top-up a provider payment belongs to (for webhooks, which name only the provider's id). */
  public java.util.Optional<TopUp> findByProviderRef(String providerRef) {
    Check.text("providerRef", providerRef, Check.MAX_ID);
    return engine.tx.read(scope -> scope.session.topUps().findByProviderRef(providerRef));
  }

  /** Newest first; {@code userId} null lists every user's. */
  public List<TopUp> list(String userId, int offset, int limit) {
    Check.optionalText("userId", userId, Check.MAX_ID);
    Check.offset(offset);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.topUps().listByUser(userId, offset, limit));
  }

  /** As {@link #list}, after {@code after} (null: from the newest) rather than an offset. */
  public List<TopUp> listAfter(String userId, Keyset after, int limit) {
    Check.optionalText("userId", userId, Check.MAX_ID);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.topUps().listByUserAfter(userId, after, limit));
  }

  /**
   * Asks the provider where the pay-in stands and applies it (crediting on success, once). Without a
   * provider reference (create answer lost) it looks the pay-in up by the top-up id.
   *
   * @throws OrchestratorException {@code PROVIDER_ERROR} when the provider could not be asked;
   *     nothing changed
   */
  public TopUp refresh(String topUpId) {
    PaymentProvider provider = provider();
    TopUp topUp = get(topUpId);
    if (topUp.status().isTerminal()) {
      return topUp;
    }
    return call(() -> settle(provider, topUp, true));
  }

  /**
   * Cancels a top-up awaiting the user's confirmation (BR-21). The provider's answer decides: on
   * {@code CANCELED} the top-up is canceled. If the user already confirmed (the provider answers
   * processing, succeeded or failed) that status is applied (a success is credited) and the cancel
   * is refused with {@code INVALID_STATE}. If the answer is lost the cancel is refused with
   * {@code PROVIDER_ERROR} and nothing changes here; the provider's later status wins on refresh or
   * in the background runner.
   */
  public TopUp cancel(String topUpId) {
    PaymentProvider provider = provider();
    TopUp topUp = get(topUpId);
    if (topUp.status() != TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION) {
      throw com.offerhub.orchestrator.model.Transitions.illegal("top-up", topUpId, topUp.status(),
          TopUpStatus.TOPUP_CANCELED);
    }
    ProviderPayment answer = call(() -> provider.cancelPayin(topUp.providerRef()));
    if (answer.status() == ProviderPaymentStatus.AWAITING_USER_CONFIRMATION) {
      throw new OrchestratorException(ErrorCode.PROVIDER_ERROR, "The provider did not cancel the payment of top-up "
          + topUpId + "; nothing changed");
    }
    if (answer.status() != ProviderPaymentStatus.CANCELED) {
      TopUp applied = engine.tx.write(ctx, scope -> apply(scope, lock(scope, topUpId), answer));
      throw new OrchestratorException(ErrorCode.INVALID_STATE, "Top-up " + topUpId + " cannot be canceled: the "
          + "provider reports the payment " + answer.status().name().toLowerCase(java.util.Locale.ROOT),
          Map.of("currentState", applied.status().name(), "targetState", TopUpStatus.TOPUP_CANCELED.name()));
    }
    return engine.tx.write(ctx, scope -> {
      TopUp current = lock(scope, topUpId);
      if (current.status() == TopUpStatus.TOPUP_CANCELED) {
        return current;
      }
      TopUp canceled = current.moveTo(TopUpStatus.TOPUP_CANCELED, scope.now);
      scope.session.topUps().update(canceled);
      scope.audit("TOPUP_CANCELED", "topup", topUpId, current.userId(), Payloads.status(current.status()),
          Payloads.status(canceled.status()));
      scope.event("topup.canceled", "TopUp", topUpId, current.userId(), Payloads.of("topupId", topUpId, "userId",
          current.userId(), "amount", current.amount(), "canceledBy", "user"));
      return canceled;
    });
  }

  /** The background runner's part ({@link FiatSettlement}): settles one claimed top-up. */
  FiatSettlement.Progress settleClaimed(String topUpId) {
    TopUp before = get(topUpId);
    if (before.status().isTerminal()) {
      return FiatSettlement.Progress.FINAL;
    }
    boolean expired = before.status() == TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION
        && before.createdAt().plus(PAYIN_LIFETIME).isBefore(engine.clock.instant());
    TopUp after = expired ? expire(before) : settle(provider(), before, true);
    return after.status().isTerminal() ? FiatSettlement.Progress.FINAL
        : after.equals(before) ? FiatSettlement.Progress.UNCHANGED : FiatSettlement.Progress.CHANGED;
  }

  /**
   * A pay-in still awaiting its payer after {@link #PAYIN_LIFETIME} is dead at AirTM (spec/06 §5.2,
   * §9): the runner cancels it there and applies the answer, so a payer who confirmed at the last
   * moment is still credited and an abandoned top-up ends canceled instead of being asked about
   * forever.
   *
   * @throws ProviderException the answer is unknown; nothing was changed
   */
  private TopUp expire(TopUp topUp) {
    ProviderPayment answer = provider().cancelPayin(topUp.providerRef());
    return engine.tx.write(ctx, scope -> apply(scope, lock(scope, topUp.id()), answer));
  }

  /**
   * Asks the provider about the pay-in (reference = top-up id, see {@link FiatSettlement#ask}) and
   * applies the answer.
   *
   * @throws ProviderException the answer is unknown; nothing was changed
   */
  private TopUp settle(PaymentProvider provider, TopUp topUp, boolean resuming) {
    ProviderPayment payment = FiatSettlement.ask(topUp.providerRef(), topUp.id(), resuming,
        new FiatSettlement.Calls() {
          public ProviderPayment status(String providerRef) {
            return provider.payinStatus(providerRef);
          }

          public Optional<ProviderPayment> find(String reference) {
            return provider.findPayin(reference);
          }

          public ProviderPayment create() {
            return provider.createPayin(new PayinRequest(topUp.id(), topUp.userId(), topUp.amount(),
                topUp.currency(), topUp.description()));
          }
        });
    return engine.tx.write(ctx, scope -> apply(scope, lock(scope, topUp.id()), payment));
  }

  /** Applies the provider's answer; a terminal top-up never changes, so a success is credited once. */
  private TopUp apply(TxScope scope, TopUp topUp, ProviderPayment payment) {
    if (topUp.status().isTerminal()) {
      return topUp;
    }
    TopUp current = topUp.withProvider(payment.providerRef(), payment.confirmationUri(), null, scope.now);
    TopUpStatus target = switch (payment.status()) {
      case AWAITING_USER_CONFIRMATION, CREATED, COMMITTED -> TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION;
      case PROCESSING -> TopUpStatus.TOPUP_PROCESSING;
      case SUCCEEDED -> TopUpStatus.TOPUP_SUCCEEDED;
      case FAILED -> TopUpStatus.TOPUP_FAILED;
      case CANCELED -> TopUpStatus.TOPUP_CANCELED;
    };
    if (target == TopUpStatus.TOPUP_SUCCEEDED && current.status() != TopUpStatus.TOPUP_PROCESSING
        && current.status().canMoveTo(TopUpStatus.TOPUP_PROCESSING)) {
      current = step(scope, current, TopUpStatus.TOPUP_PROCESSING, payment);
    }
    if (current.status() != target && current.status().canMoveTo(target)) {
      current = step(scope, current, target, payment);
    } else if (java.util.Objects.equals(current.providerRef(), topUp.providerRef())
        && java.util.Objects.equals(current.confirmationUri(), topUp.confirmationUri())) {
      return topUp;
    } else {
      scope.session.topUps().update(current);
    }
    return current;
  }

  private TopUp step(TxScope scope, TopUp from, TopUpStatus target, ProviderPayment payment) {
    TopUp next = from.moveTo(target, scope.now).withProvider(null, null, payment.failureReason(), scope.now);
    scope.session.topUps().update(next);
    scope.audit(target.name(), "topup", next.id(), next.userId(), Payloads.status(from.status()),
        Payloads.status(target));
    String id = next.id();
    switch (target) {
      case TOPUP_AWAITING_USER_CONFIRMATION -> scope.event("topup.confirmation_required", "TopUp", id, next.userId(),
          Payloads.of("topupId", id, "confirmationUri", next.confirmationUri()));
      case TOPUP_PROCESSING -> scope.event("topup.processing", "TopUp", id, next.userId(),
          Payloads.of("topupId", id, "airtmPayinId", next.providerRef()));
      case TOPUP_SUCCEEDED -> {
        Books.Change change = scope.books().transfer("CREDIT_AVAILABLE", id, LedgerAccounts.TOPUPS,
            LedgerAccounts.available(next.userId()), next.amount()).get(next.userId());
        scope.event("balance.credited", "Balance", next.userId(), next.userId(),
            Payloads.credited(change, next.amount(), "topup", id));
        scope.event("topup.succeeded", "TopUp", id, next.userId(), Payloads.of("topupId", id, "userId",
            next.userId(), "amount", next.amount(), "currency", next.currency(), "newAvailableBalance",
            change.after().available(), "airtmPayinId", next.providerRef()));
      }
      case TOPUP_FAILED -> scope.event("topup.failed", "TopUp", id, next.userId(), Payloads.of("topupId", id,
          "userId", next.userId(), "amount", next.amount(), "reason", payment.failureReason() == null
              ? "Transaction failed" : payment.failureReason(), "airtmPayinId", next.providerRef()));
      case TOPUP_CANCELED -> scope.event("topup.canceled", "TopUp", id, next.userId(), Payloads.of("topupId", id,
          "userId", next.userId(), "amount", next.amount(), "canceledBy", "system"));
      default -> { }
    }
    return next;
  }

  private PaymentProvider provider() {
    if (engine.provider == null) {
      throw new OrchestratorException(ErrorCode.PROVIDER_NOT_CONFIGURED, "No fiat payment provider is configured");
    }
    return engine.provider;
  }

  private static <T> T call(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (ProviderException e) {
      throw new OrchestratorException(ErrorCode.PROVIDER_ERROR, "Provider error: " + e.getMessage(), Map.of(), e);
    }
  }

  private static TopUp lock(TxScope scope, String topUpId) {
    return scope.session.topUps().lock(topUpId).orElseThrow(() -> notFound(topUpId));
  }

  static OrchestratorException notFound(String topUpId) {
    return new OrchestratorException(ErrorCode.TOPUP_NOT_FOUND, "Top-up " + topUpId + " not found");
  }
}

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
import java.util.List;
import java.util.Map;

/**
 * Fiat top-ups through the configured {@link PaymentProvider} (spec/01 §6.5). The top-up is recorded
 * before the provider is called and updated after; a succeeded pay-in credits the user's available
 * balance exactly once. Without a provider every call raises PROVIDER_NOT_CONFIGURED. Thread-safe.
 */
public final class TopUpOperations {
  private final EngineContext engine;
  private final RequestContext ctx;

  TopUpOperations(EngineContext engine, RequestContext ctx) {
    this.engine = engine;
    this.ctx = ctx;
  }

  public TopUp create(String userId, String amount, String description) {
    PaymentProvider provider = provider();
    Check.id("userId", userId);
    Money value = Check.amount("amount", amount, ErrorCode.VALIDATION_ERROR);
    Check.optionalText("description", description, Check.MAX_TEXT);
    TopUp created = engine.tx.command(ctx, "topups.create", userId + "|" + amount + "|" + description, scope -> {
      User user = scope.session.users().find(userId).orElseThrow(() -> UserOperations.notFound(userId));
      TopUp topUp = new TopUp(engine.ids.next("topup_"), user.id(), value, "USD", TopUpStatus.TOPUP_CREATED, null,
          null, description, null, scope.now, scope.now);
      scope.session.topUps().insert(topUp);
      scope.audit("TOPUP_CREATED", "topup", topUp.id(), userId, Map.of(), Payloads.status(topUp.status()));
      scope.event("topup.created", "TopUp", topUp.id(), userId, Payloads.of("userId", userId, "amount", value,
          "currency", "USD", "topupId", topUp.id()));
      return topUp;
    }).result();
    if (ctx.wasReplayed()) {
      return get(created.id());
    }
    ProviderPayment payment;
    try {
      payment = provider.createPayin(new PayinRequest(created.id(), userId, value, "USD", description));
    } catch (ProviderException e) {
      String reason = "Provider error: " + e.getMessage();
      engine.tx.write(ctx, scope -> {
        TopUp current = lock(scope, created.id());
        TopUp failed = current.moveTo(TopUpStatus.TOPUP_FAILED, scope.now).withProvider(null, null, reason, scope.now);
        scope.session.topUps().update(failed);
        scope.event("topup.failed", "TopUp", failed.id(), userId, Payloads.of("topupId", failed.id(), "userId",
            userId, "amount", value, "reason", reason));
        return failed;
      });
      throw new OrchestratorException(ErrorCode.PROVIDER_ERROR, reason, Map.of(), e);
    }
    return engine.tx.write(ctx, scope -> apply(scope, lock(scope, created.id()), payment));
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

  /** Asks the provider for the pay-in's status and applies it (crediting on success). */
  public TopUp refresh(String topUpId) {
    PaymentProvider provider = provider();
    TopUp topUp = get(topUpId);
    if (topUp.status().isTerminal() || topUp.providerRef() == null) {
      return topUp;
    }
    ProviderPayment payment = call(() -> provider.payinStatus(topUp.providerRef()));
    return engine.tx.write(ctx, scope -> apply(scope, lock(scope, topUpId), payment));
  }

  /** Cancels a top-up awaiting the user's confirmation (BR-21). */
  public TopUp cancel(String topUpId) {
    PaymentProvider provider = provider();
    TopUp topUp = get(topUpId);
    if (topUp.status() != TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION) {
      throw com.offerhub.orchestrator.model.Transitions.illegal("top-up", topUpId, topUp.status(),
          TopUpStatus.TOPUP_CANCELED);
    }
    try {
      provider.cancelPayin(topUp.providerRef());
    } catch (ProviderException e) {
      // The provider's cancel is best effort (spec/01 §6.5); its later status wins on refresh.
    }
    return engine.tx.write(ctx, scope -> {
      TopUp current = lock(scope, topUpId);
      TopUp canceled = current.moveTo(TopUpStatus.TOPUP_CANCELED, scope.now);
      scope.session.topUps().update(canceled);
      scope.audit("TOPUP_CANCELED", "topup", topUpId, current.userId(), Payloads.status(current.status()),
          Payloads.status(canceled.status()));
      scope.event("topup.canceled", "TopUp", topUpId, current.userId(), Payloads.of("topupId", topUpId, "userId",
          current.userId(), "amount", current.amount(), "canceledBy", "user"));
      return canceled;
    });
  }

  private TopUp apply(TxScope scope, TopUp topUp, ProviderPayment payment) {
    TopUp current = topUp.withProvider(payment.providerRef(), payment.confirmationUri(), null, scope.now);
    TopUpStatus target = switch (payment.status()) {
      case AWAITING_USER_CONFIRMATION -> TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION;
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

  private static ProviderPayment call(java.util.function.Supplier<ProviderPayment> call) {
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

package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.SagaStarter;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks from the fiat provider (spec/06 §8.3), after their signature was verified. A message is
 * stored first, keyed by the provider's message id, so a redelivery is recognised; then the payment
 * it names is refreshed from the provider: the webhook only says "look again", and the provider's
 * current state, never the payload, moves money. That also makes out-of-order delivery harmless
 * (an old event pulls the newest state) and a webhook racing a refresh credit or pay once, under
 * the same row lock. A message that could not be applied (provider unreachable) stays unprocessed
 * and is applied on redelivery; the background runner settles the payment meanwhile anyway.
 * Thread-safe.
 */
public final class WebhookOperations {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookOperations.class);
  private final EngineContext engine;
  private final RequestContext ctx;
  private final SagaStarter sagas;

  WebhookOperations(EngineContext engine, RequestContext ctx, SagaStarter sagas) {
    this.engine = engine;
    this.ctx = ctx;
    this.sagas = sagas;
  }

  /** What became of a message: a duplicate of one already processed, or processed now (or not). */
  public record Receipt(boolean duplicate, boolean processed, String outcome) {}

  /**
   * Receives one provider message.
   *
   * @param provider the provider's name, e.g. {@code AIRTM}
   * @param messageId the provider's message id (AirTM: {@code svix-id}), the same on every redelivery
   * @param eventType e.g. {@code payin.confirmed}, {@code payout.completed}
   * @param objectId the provider's id of the payment, or null
   * @param objectCode our reference of the payment (the top-up or withdrawal id sent as AirTM's
   *     {@code code}), or null
   */
  public Receipt receive(String provider, String messageId, String eventType, String objectId, String objectCode) {
    Check.text("provider", provider, 32);
    Check.text("messageId", messageId, 200);
    Check.text("eventType", eventType, 100);
    String id = trimmed(objectId, 200);
    String code = trimmed(objectCode, 200);
    WebhookInboxRepository.Message message = new WebhookInboxRepository.Message(provider, messageId, eventType, id,
        code, engine.clock.instant(), null, null);
    boolean seenAndDone = engine.tx.write(ctx, scope -> {
      if (scope.session.webhookInbox().add(message)) {
        return false;
      }
      return scope.session.webhookInbox().find(provider, messageId).map(m -> m.processedAt() != null).orElse(false);
    });
    if (seenAndDone) {
      return new Receipt(true, true, "duplicate");
    }
    String outcome;
    boolean processed;
    try {
      outcome = apply(eventType, id, code);
      processed = true;
    } catch (OrchestratorException e) {
      LOG.warn("{} webhook {} ({}) not applied yet, the runner settles the payment: {}", provider, messageId,
          eventType, e.getMessage());
      return new Receipt(false, false, "not applied: " + e.code());
    }
    String done = outcome;
    engine.tx.write(ctx, scope -> {
      scope.session.webhookInbox().markProcessed(provider, messageId, scope.now, done);
      return null;
    });
    boolean known = !outcome.startsWith("ignored");
    if (!known) {
      LOG.info("{} webhook {} ({}) acknowledged: {}", provider, messageId, eventType, outcome);
    }
    return new Receipt(false, processed && known, outcome);
  }

  /** Refreshes the payment the event names; the answer says what was done. */
  private String apply(String eventType, String id, String code) {
    if (engine.provider == null) {
      return "ignored: no provider configured";
    }
    if (eventType.startsWith("payin.")) {
      TopUpOperations topUps = new TopUpOperations(engine, ctx);
      Optional<TopUp> topUp = id == null ? Optional.empty() : topUps.findByProviderRef(id);
      if (topUp.isEmpty() && code != null && code.startsWith("topup_")) {
        topUp = engine.tx.read(scope -> scope.session.topUps().find(code));
      }
      return topUp.map(t -> "top-up " + t.id() + " " + topUps.refresh(t.id()).status())
          .orElse("ignored: unknown pay-in");
    }
    if (eventType.startsWith("payout.")) {
      Optional<Withdrawal> withdrawal = code == null || !code.startsWith("wd_") ? Optional.empty()
          : engine.tx.read(scope -> scope.session.withdrawals().find(code));
      WithdrawalOperations withdrawals = new WithdrawalOperations(engine, ctx, sagas);
      return withdrawal.map(w -> "withdrawal " + w.id() + " " + withdrawals.refresh(w.id()).status())
          .orElse("ignored: unknown payout");
    }
    return "ignored: event type " + eventType;
  }

  private static String trimmed(String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.length() > max ? value.substring(0, max) : value;
  }
}

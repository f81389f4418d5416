package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Books;
import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.internal.SagaStarter;
import com.offerhub.orchestrator.internal.TxScope;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import java.util.List;
import java.util.Map;

/**
 * Withdrawals (spec/01 §6.6). A crypto withdrawal moves the amount from available to an in-flight
 * account in the same transaction that records it (BR-19), pays it from the user's wallet through a
 * saga, and books it out when the chain confirms, or back to available when the payment definitively
 * fails. Thread-safe.
 */
public final class WithdrawalOperations {
  private final EngineContext engine;
  private final RequestContext ctx;
  private final SagaStarter sagas;

  WithdrawalOperations(EngineContext engine, RequestContext ctx, SagaStarter sagas) {
    this.engine = engine;
    this.ctx = ctx;
    this.sagas = sagas;
  }

  public Withdrawal create(CreateWithdrawalRequest request) {
    Check.notNull("request", request);
    String userId = Check.id("userId", request.userId());
    Money amount = Check.amount("amount", request.amount(), ErrorCode.VALIDATION_ERROR);
    DestinationType type = Check.notNull("destinationType", request.destinationType());
    String destination = Check.text("destinationRef", request.destinationRef(), Check.MAX_ID);
    Check.optionalText("description", request.description(), Check.MAX_TEXT);
    if (type != DestinationType.CRYPTO) {
      throw new OrchestratorException(ErrorCode.PROVIDER_NOT_CONFIGURED,
          "Withdrawals to " + type + " need a fiat payment provider, which is not configured");
    }
    if (!destination.matches("G[A-Z2-7]{55}") || !engine.chain.canReceiveUsdc(destination)) {
      throw new OrchestratorException(ErrorCode.WITHDRAWAL_DESTINATION_INVALID,
          "Destination " + destination + " is not a Stellar account that can receive USDC");
    }
    return sagas.run(ctx, "withdrawals.create", request, scope -> {
      if (scope.session.users().find(userId).isEmpty()) {
        throw UserOperations.notFound(userId);
      }
      boolean active = scope.session.wallets().findPrimary(userId).map(w -> w.status() == WalletStatus.ACTIVE)
          .orElse(false);
      if (!active) {
        throw new OrchestratorException(ErrorCode.ESCROW_NOT_READY, "Wallet of user " + userId + " is not active");
      }
      Withdrawal withdrawal = new Withdrawal(engine.ids.next("wd_"), userId, amount, "USD",
          WithdrawalStatus.WITHDRAWAL_PENDING, type, destination, null, null, null, request.description(), scope.now,
          scope.now);
      Books.Change change = scope.books().transfer("DEBIT_AVAILABLE", withdrawal.id(),
          LedgerAccounts.available(userId), LedgerAccounts.withdrawalInFlight(withdrawal.id()), amount).get(userId);
      scope.session.withdrawals().insert(withdrawal);
      scope.audit("DEBIT_AVAILABLE", "balance", userId, userId, Payloads.balance(change.before()),
          Payloads.audit("available", change.after().available(), "reserved", change.after().reserved(),
              "withdrawalId", withdrawal.id()));
      scope.event("balance.debited", "Balance", userId, userId, Payloads.debited(change, amount, "withdrawal",
          withdrawal.id()));
      scope.event("withdrawal.created", "Withdrawal", withdrawal.id(), userId, Payloads.of("withdrawalId",
          withdrawal.id(), "userId", userId, "amount", amount, "currency", "USD", "destinationType",
          type.name().toLowerCase(java.util.Locale.ROOT), "destinationRef", destination));
      return sagas.start(scope, SagaKind.WITHDRAWAL, withdrawal.id(), List.of(SagaStep.planned(0, "payment", userId)),
          Map.of());
    }, ErrorCode.STELLAR_NETWORK_ERROR, (scope, saga) -> find(scope, saga.subjectId()));
  }

  public Withdrawal get(String withdrawalId) {
    Check.id("withdrawalId", withdrawalId);
    return engine.tx.read(scope -> find(scope, withdrawalId));
  }

  public List<Withdrawal> list(String userId, int offset, int limit) {
    Check.id("userId", userId);
    Check.offset(offset);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.withdrawals().listByUser(userId, offset, limit));
  }

  /** Crypto withdrawals are never committable (spec/01 §6.6). */
  public Withdrawal commit(String withdrawalId) {
    Withdrawal withdrawal = get(withdrawalId);
    throw new OrchestratorException(ErrorCode.WITHDRAWAL_NOT_COMMITTABLE, "Withdrawal " + withdrawalId
        + " cannot be committed in status " + withdrawal.status(), Map.of("currentStatus",
        withdrawal.status().name()));
  }

  private static Withdrawal find(TxScope scope, String withdrawalId) {
    if (withdrawalId == null) {
      throw new OrchestratorException(ErrorCode.WITHDRAWAL_NOT_FOUND, "Withdrawal not found");
    }
    return scope.session.withdrawals().find(withdrawalId).orElseThrow(() -> new OrchestratorException(
        ErrorCode.WITHDRAWAL_NOT_FOUND, "Withdrawal " + withdrawalId + " not found"));
  }
}

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
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
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
 * Withdrawals (spec/01 §6.6). A crypto withdrawal moves the amount from available to an in-flight
 * account in the same transaction that records it (BR-19), pays it from the user's wallet through a
 * saga, and books it out when the chain confirms, or back to available when the payment definitively
 * fails. Thread-safe.
 */
public final class WithdrawalOperations {
  private static final Logger LOG = LoggerFactory.getLogger(WithdrawalOperations.class);
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
      return createFiat(request, userId, amount, type, destination);
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

  /**
   * Fiat path (spec/01 §6.6, spec/06 §6, ARCHITECTURE rule 12). The recipient is the user's linked
   * account, checked with the provider before anything is held. The amount is then held (available
   * to reserved) in the transaction that records the withdrawal in {@code WITHDRAWAL_CREATED}
   * without a provider reference: that row is the durable payout intent. With {@code commit} the
   * same transaction records the decision to commit ({@code WITHDRAWAL_COMMITTED}). The provider is
   * asked for the payout (reference = withdrawal id) outside the transaction and its answer applied
   * in a second one. A definitive refusal fails the withdrawal and returns the hold. When the answer
   * is lost (or the process stops before or after the call) the hold stays and the withdrawal is
   * returned as it stands: the background runner ({@link FiatSettlement}), a {@link #refresh} or a
   * retry with the same idempotency key asks the provider again with the same reference, so exactly
   * one payout is made, and commits it if the decision to commit was recorded.
   */
  private Withdrawal createFiat(CreateWithdrawalRequest request, String userId, Money amount, DestinationType type,
      String destination) {
    if (engine.provider == null) {
      throw new OrchestratorException(ErrorCode.PROVIDER_NOT_CONFIGURED,
          "Withdrawals to " + type + " need a fiat payment provider, which is not configured");
    }
    User user = engine.tx.read(scope -> scope.session.users().find(userId)).orElseThrow(
        () -> UserOperations.notFound(userId));
    if (user.airtmEmail() == null) {
      throw new OrchestratorException(ErrorCode.AIRTM_USER_NOT_LINKED,
          "User must link Airtm account before withdrawing to AirTM");
    }
    UserOperations.eligibleAccount(engine, user.airtmEmail());
    Withdrawal created = engine.tx.command(ctx, "withdrawals.create", request, scope -> {
      Withdrawal withdrawal = new Withdrawal(engine.ids.next("wd_"), userId, amount, "USD",
          WithdrawalStatus.WITHDRAWAL_CREATED, type, destination, null, null, null, request.description(), scope.now,
          scope.now);
      Books.Change change = scope.books().transfer("RESERVE", withdrawal.id(), LedgerAccounts.available(userId),
          LedgerAccounts.reserved(userId), amount).get(userId);
      scope.session.withdrawals().insert(withdrawal);
      FiatSettlement.schedule(scope, withdrawal.id(), SettlementRepository.Kind.PAYOUT);
      scope.audit("RESERVE", "balance", userId, userId, Payloads.balance(change.before()),
          Payloads.balance(change.after()));
      scope.event("balance.reserved", "Balance", userId, userId, Payloads.reservedOrReleased(change, amount,
          withdrawal.id(), null));
      scope.event("withdrawal.created", "Withdrawal", withdrawal.id(), userId, Payloads.of("withdrawalId",
          withdrawal.id(), "userId", userId, "amount", amount, "currency", "USD", "destinationType",
          type.name().toLowerCase(java.util.Locale.ROOT), "destinationRef", destination));
      return request.commit() ? committed(scope, withdrawal) : withdrawal;
    }).result();
    Withdrawal current = ctx.wasReplayed() ? get(created.id()) : created;
    boolean awaitsPayout = current.providerRef() == null && !current.status().isTerminal();
    if (!awaitsPayout) {
      return current;
    }
    try {
      return settle(current, ctx.wasReplayed());
    } catch (ProviderException e) {
      LOG.warn("payout for withdrawal {}: outcome unknown, hold kept, the runner will ask again: {}", current.id(),
          e.toString());
      return get(current.id());
    }
  }

  /** Records the decision to commit: {@code WITHDRAWAL_COMMITTED}, before the provider is asked. */
  private static Withdrawal committed(TxScope scope, Withdrawal withdrawal) {
    Withdrawal next = withdrawal.moveTo(WithdrawalStatus.WITHDRAWAL_COMMITTED, scope.now);
    scope.session.withdrawals().update(next);
    scope.audit("WITHDRAWAL_COMMITTED", "withdrawal", next.id(), next.userId(), Payloads.status(withdrawal.status()),
        Payloads.status(next.status()));
    scope.event("withdrawal.committed", "Withdrawal", next.id(), next.userId(), Payloads.of("withdrawalId", next.id(),
        "userId", next.userId(), "amount", next.amount(), "airtmPayoutId", next.providerRef()));
    return next;
  }

  /**
   * Asks the provider where a fiat withdrawal's payout stands and applies the answer. Without a
   * provider reference it asks again with the same reference, so exactly one payout results.
   *
   * @throws OrchestratorException {@code PROVIDER_ERROR} when the provider could not be asked;
   *     nothing changed
   */
  public Withdrawal refresh(String withdrawalId) {
    Withdrawal withdrawal = get(withdrawalId);
    if (withdrawal.status().isTerminal() || withdrawal.destinationType() == DestinationType.CRYPTO
        || engine.provider == null) {
      return withdrawal;
    }
    try {
      return settle(withdrawal, true);
    } catch (ProviderException e) {
      throw new OrchestratorException(ErrorCode.PROVIDER_ERROR, "Provider error: " + e.getMessage(), Map.of(), e);
    }
  }

  /** The background runner's part ({@link FiatSettlement}): settles one claimed fiat withdrawal. */
  FiatSettlement.Progress settleClaimed(String withdrawalId) {
    Withdrawal before = get(withdrawalId);
    if (before.status().isTerminal()) {
      return FiatSettlement.Progress.FINAL;
    }
    Withdrawal after = settle(before, true);
    return after.status().isTerminal() ? FiatSettlement.Progress.FINAL
        : after.equals(before) ? FiatSettlement.Progress.UNCHANGED : FiatSettlement.Progress.CHANGED;
  }

  /**
   * Asks the provider about the payout (reference = withdrawal id, see {@link FiatSettlement#ask}),
   * commits it when the decision to commit is recorded and the provider still holds it uncommitted,
   * and applies the answer.
   *
   * @throws ProviderException the answer is unknown; nothing was changed
   */
  private Withdrawal settle(Withdrawal withdrawal, boolean resuming) {
    boolean commit = withdrawal.status() != WithdrawalStatus.WITHDRAWAL_CREATED;
    ProviderPayment payout = FiatSettlement.ask(withdrawal.providerRef(), withdrawal.id(), resuming,
        new FiatSettlement.Calls() {
          public ProviderPayment status(String providerRef) {
            return engine.provider.payoutStatus(providerRef);
          }

          public Optional<ProviderPayment> find(String reference) {
            return engine.provider.findPayout(reference);
          }

          public ProviderPayment create() {
            String recipient = engine.tx.read(scope -> scope.session.users().find(withdrawal.userId()))
                .map(User::airtmEmail).orElse(withdrawal.destinationRef());
            return engine.provider.createPayout(new PayoutRequest(withdrawal.id(), recipient, withdrawal.amount(),
                withdrawal.currency(), commit, withdrawal.description()));
          }
        });
    if (commit && payout.status() == ProviderPaymentStatus.CREATED) {
      // The answer to a lost commit is the payout still uncommitted (or committed: commit again is harmless).
      Withdrawal known = engine.tx.write(ctx, scope -> apply(scope, lock(scope, withdrawal.id()), payout));
      ProviderPayment after = engine.provider.commitPayout(payout.providerRef());
      return engine.tx.write(ctx, scope -> apply(scope, lock(scope, known.id()), after));
    }
    return engine.tx.write(ctx, scope -> apply(scope, lock(scope, withdrawal.id()), payout));
  }

  /**
   * Commits a fiat withdrawal created without {@code commit} (spec/02 op 49): the decision is
   * recorded ({@code WITHDRAWAL_COMMITTED}, {@code withdrawal.committed}) before the provider is
   * asked, so a lost answer or a crash is finished by the background runner, which commits the
   * payout it finds uncommitted. Only {@code WITHDRAWAL_CREATED} fiat withdrawals are committable.
   *
   * @throws OrchestratorException WITHDRAWAL_NOT_FOUND, WITHDRAWAL_NOT_COMMITTABLE
   */
  public Withdrawal commit(String withdrawalId) {
    Withdrawal decided = engine.tx.command(ctx, "withdrawals.commit", withdrawalId, scope -> {
      Withdrawal current = lock(scope, withdrawalId);
      if (current.destinationType() == DestinationType.CRYPTO
          || current.status() != WithdrawalStatus.WITHDRAWAL_CREATED) {
        throw new OrchestratorException(ErrorCode.WITHDRAWAL_NOT_COMMITTABLE, "Cannot commit withdrawal in "
            + current.status() + " status", Map.of("currentStatus", current.status().name()));
      }
      return committed(scope, current);
    }).result();
    if (engine.provider == null || decided.status() != WithdrawalStatus.WITHDRAWAL_COMMITTED) {
      return decided;
    }
    try {
      return settle(decided, true);
    } catch (ProviderException e) {
      LOG.warn("commit of withdrawal {}: outcome unknown, the runner will ask again: {}", withdrawalId, e.toString());
      return get(withdrawalId);
    }
  }

  /**
   * Applies the provider's answer: created or committed (reference stored), pending, completed (hold
   * booked out), or failed / canceled (hold returned). Only a definitive FAILED or CANCELED answer
   * returns money. A terminal withdrawal never changes, so a late or repeated answer books nothing
   * twice.
   */
  private Withdrawal apply(TxScope scope, Withdrawal current, ProviderPayment payout) {
    if (current.status().isTerminal()) {
      return current;
    }
    String userId = current.userId();
    Withdrawal next = current.withOutcome(null, null, payout.providerRef(), scope.now);
    ProviderPaymentStatus status = payout.status();
    switch (status) {
      case CREATED, COMMITTED, PROCESSING, AWAITING_USER_CONFIRMATION -> {
        if (status != ProviderPaymentStatus.CREATED && next.status() == WithdrawalStatus.WITHDRAWAL_CREATED) {
          next = committed(scope, next); // committed at the provider without a decision here (AirTM's portal)
        }
        WithdrawalStatus target = status == ProviderPaymentStatus.PROCESSING ? WithdrawalStatus.WITHDRAWAL_PENDING
            : status == ProviderPaymentStatus.AWAITING_USER_CONFIRMATION
                ? WithdrawalStatus.WITHDRAWAL_PENDING_USER_ACTION : next.status();
        if (next.status() != target && next.status().canMoveTo(target)) {
          next = next.moveTo(target, scope.now);
          scope.event(target == WithdrawalStatus.WITHDRAWAL_PENDING ? "withdrawal.pending"
              : "withdrawal.pending_user_action", "Withdrawal", next.id(), userId, Payloads.of("withdrawalId",
                  next.id(), "userId", userId, "amount", next.amount(), "airtmPayoutId", next.providerRef()));
        }
        if (next.status() == current.status() && java.util.Objects.equals(current.providerRef(), next.providerRef())) {
          return current;
        }
        scope.session.withdrawals().update(next);
        return next;
      }
      case SUCCEEDED -> {
        if (next.status() == WithdrawalStatus.WITHDRAWAL_CREATED) {
          next = committed(scope, next);
        }
        Books.Change change = scope.books().transfer("DEDUCT_RESERVED", next.id(), LedgerAccounts.reserved(userId),
            LedgerAccounts.WITHDRAWALS, next.amount()).get(userId);
        Withdrawal done = next.moveTo(WithdrawalStatus.WITHDRAWAL_COMPLETED, scope.now);
        scope.session.withdrawals().update(done);
        scope.audit("WITHDRAWAL_COMPLETED", "withdrawal", done.id(), userId, Payloads.status(current.status()),
            Payloads.status(done.status()));
        scope.event("balance.released", "Balance", userId, userId, Payloads.reservedOrReleased(change,
            done.amount(), done.id(), "other"));
        scope.event("withdrawal.completed", "Withdrawal", done.id(), userId, Payloads.of("withdrawalId", done.id(),
            "userId", userId, "amount", done.amount(), "currency", done.currency(), "completedAt", scope.now,
            "airtmPayoutId", done.providerRef()));
        return done;
      }
      default -> {
        boolean canceled = status == ProviderPaymentStatus.CANCELED;
        WithdrawalStatus target = canceled ? WithdrawalStatus.WITHDRAWAL_CANCELED : WithdrawalStatus.WITHDRAWAL_FAILED;
        String reason = payout.failureReason() == null ? "Payout " + status.name().toLowerCase(java.util.Locale.ROOT)
            : payout.failureReason();
        Books.Change change = scope.books().transfer("CANCEL_RESERVATION", next.id(), LedgerAccounts.reserved(userId),
            LedgerAccounts.available(userId), next.amount()).get(userId);
        Withdrawal ended = next.moveTo(target, scope.now).withOutcome(null, reason, null, scope.now);
        scope.session.withdrawals().update(ended);
        scope.audit(target.name(), "withdrawal", ended.id(), userId, Payloads.status(current.status()),
            Payloads.status(target), "FAILURE", reason);
        scope.event("balance.released", "Balance", userId, userId, Payloads.reservedOrReleased(change,
            ended.amount(), ended.id(), "cancel"));
        scope.event(canceled ? "withdrawal.canceled" : "withdrawal.failed", "Withdrawal", ended.id(), userId,
            Payloads.of("withdrawalId", ended.id(), "userId", userId, "amount", ended.amount(), "reason", reason,
                "airtmPayoutId", ended.providerRef()));
        return ended;
      }
    }
  }

  private static Withdrawal lock(TxScope scope, String withdrawalId) {
    return scope.session.withdrawals().lock(withdrawalId).orElseThrow(() -> new OrchestratorException(
        ErrorCode.WITHDRAWAL_NOT_FOUND, "Withdrawal " + withdrawalId + " not found"));
  }

  public Withdrawal get(String withdrawalId) {
    Check.id("withdrawalId", withdrawalId);
    return engine.tx.read(scope -> find(scope, withdrawalId));
  }

  /** Newest first; {@code userId} null lists every user's. */
  public List<Withdrawal> list(String userId, int offset, int limit) {
    Check.optionalText("userId", userId, Check.MAX_ID);
    Check.offset(offset);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.withdrawals().listByUser(userId, offset, limit));
  }

  /** As {@link #list}, after {@code after} (null: from the newest) rather than an offset. */
  public List<Withdrawal> listAfter(String userId, Keyset after, int limit) {
    Check.optionalText("userId", userId, Check.MAX_ID);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.withdrawals().listByUserAfter(userId, after, limit));
  }

  private static Withdrawal find(TxScope scope, String withdrawalId) {
    if (withdrawalId == null) {
      throw new OrchestratorException(ErrorCode.WITHDRAWAL_NOT_FOUND, "Withdrawal not found");
    }
    return scope.session.withdrawals().find(withdrawalId).orElseThrow(() -> new OrchestratorException(
        ErrorCode.WITHDRAWAL_NOT_FOUND, "Withdrawal " + withdrawalId + " not found"));
  }
}

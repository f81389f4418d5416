package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.EscrowStatus;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.StepState;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.spi.escrow.PayoutFormula;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a saga's confirmation or definitive failure changes in the books and aggregates. Runs inside
 * the transaction that records the final step, so state, ledger, audit and events commit together.
 * Money is booked only for what the chain confirmed; a failure before any confirmation returns
 * aggregates to where they were, with no ledger movement to undo. A failure after a confirmed step
 * never rolls back past it: local state follows the chain into a state from which an API command
 * can still settle the money, and the operator is told ({@code order.needs_attention}).
 */
final class SagaBook {
  private static final Logger LOG = LoggerFactory.getLogger(SagaBook.class);
  private final EngineContext engine;

  SagaBook(EngineContext engine) {
    this.engine = engine;
  }

  void contractDeployed(TxScope scope, Saga saga, String contractId, int serviceFeeBps) {
    Escrow escrow = scope.session.escrows().findByOrder(saga.subjectId()).orElseThrow();
    scope.session.escrows().update(escrow.withContract(contractId, serviceFeeBps, scope.now));
  }

  void complete(TxScope scope, Saga saga) {
    switch (saga.kind()) {
      case ESCROW_DEPLOY -> deployed(scope, saga);
      case ESCROW_FUND -> funded(scope, saga);
      case RELEASE, REFUND, DISPUTE_RESOLUTION -> settled(scope, saga);
      case WITHDRAWAL -> withdrawn(scope, saga);
      default -> throw new IllegalStateException(saga.kind().name());
    }
  }

  /** A definitive failure of {@code saga} (already marked FAILED). */
  void failed(TxScope scope, Saga saga, String reason) {
    switch (saga.kind()) {
      case ESCROW_DEPLOY -> {
        Order order = lockOrder(scope, saga);
        Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
        scope.session.escrows().delete(escrow.id());
        Order back = order.moveTo(OrderStatus.FUNDS_RESERVED, scope.now);
        scope.session.orders().update(back);
        scope.audit("ESCROW_CREATE_FAILED", "order", order.id(), order.buyerId(), Payloads.status(order.status()),
            Payloads.status(back.status()), "FAILURE", reason);
      }
      case ESCROW_FUND -> {
        Order order = lockOrder(scope, saga);
        Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
        scope.session.escrows().update(escrow.moveTo(EscrowStatus.CREATED, scope.now));
        scope.audit("ESCROW_FUNDING_FAILED", "order", order.id(), order.buyerId(), Payloads.status(order.status()),
            Payloads.status(order.status()), "FAILURE", reason);
      }
      case REFUND -> {
        if (confirmed(saga, "dispute")) {
          disputedOnChain(scope, saga, reason);
        } else {
          backToFunded(scope, saga, reason);
        }
      }
      case RELEASE -> backToFunded(scope, saga, reason);
      case DISPUTE_RESOLUTION -> {
        Order order = lockOrder(scope, saga);
        Dispute dispute = scope.session.disputes().findByOrder(order.id()).orElseThrow();
        scope.session.disputes().update(dispute.decide(null, null, null, null, scope.now));
        if (order.status() != OrderStatus.DISPUTED) {
          scope.session.orders().update(order.moveTo(OrderStatus.DISPUTED, scope.now));
        }
        scope.audit("DISPUTE_RESOLUTION_FAILED", "dispute", dispute.id(), order.buyerId(),
            Payloads.status(dispute.status()), Payloads.status(dispute.status()), "FAILURE", reason);
      }
      case WITHDRAWAL -> {
        Withdrawal withdrawal = scope.session.withdrawals().lock(saga.subjectId()).orElseThrow();
        String userId = withdrawal.userId();
        Books.Change change = scope.books().transfer("WITHDRAWAL_FAILED", withdrawal.id(),
            LedgerAccounts.withdrawalInFlight(withdrawal.id()), LedgerAccounts.available(userId),
            withdrawal.amount()).get(userId);
        Withdrawal failed = withdrawal.moveTo(WithdrawalStatus.WITHDRAWAL_FAILED, scope.now)
            .withOutcome(null, reason, null, scope.now);
        scope.session.withdrawals().update(failed);
        scope.audit("WITHDRAWAL_FAILED", "withdrawal", withdrawal.id(), userId, Payloads.status(withdrawal.status()),
            Payloads.status(failed.status()), "FAILURE", reason);
        scope.event("balance.credited", "Balance", userId, userId,
            Payloads.credited(change, withdrawal.amount(), "withdrawal_cancel", withdrawal.id()));
        scope.event("withdrawal.failed", "Withdrawal", withdrawal.id(), userId, Payloads.of("withdrawalId",
            withdrawal.id(), "userId", userId, "amount", withdrawal.amount(), "reason", reason));
      }
      default -> throw new IllegalStateException(saga.kind().name());
    }
    if (saga.anyConfirmed()) {
      needsAttention(scope, saga, reason);
    }
  }

  /**
   * Nothing that changes the escrow's status on chain was confirmed (at most milestone status and
   * approvals, which a new release skips): the contract is still funded and undisputed, so the order
   * is IN_PROGRESS again and may be released or refunded.
   */
  private static void backToFunded(TxScope scope, Saga saga, String reason) {
    Order order = lockOrder(scope, saga);
    Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
    scope.session.escrows().update(escrow.moveTo(EscrowStatus.FUNDED, scope.now));
    Order back = order.moveTo(OrderStatus.IN_PROGRESS, scope.now);
    scope.session.orders().update(back);
    scope.audit(saga.kind() == SagaKind.RELEASE ? "RELEASE_FAILED" : "REFUND_FAILED", "order", order.id(),
        order.buyerId(), Payloads.status(order.status()), Payloads.status(back.status()), "FAILURE", reason);
  }

  /**
   * The refund's dispute is confirmed on chain but its resolution failed for good: the contract can
   * now only be resolved. Order and escrow become DISPUTED with an OPEN dispute opened by the buyer
   * (the refund's disputer), so that assigning and resolving it (FULL_REFUND, SPLIT or FULL_RELEASE)
   * settles the money; the resolution does not dispute again (see SagaRunner#alreadyOnChain).
   */
  private void disputedOnChain(TxScope scope, Saga saga, String reason) {
    Order order = lockOrder(scope, saga);
    Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
    scope.session.escrows().update(escrow.moveTo(EscrowStatus.DISPUTED, scope.now));
    Order disputed = order.moveTo(OrderStatus.DISPUTED, scope.now);
    scope.session.orders().update(disputed);
    scope.audit("REFUND_FAILED", "order", order.id(), order.buyerId(), Payloads.status(order.status()),
        Payloads.status(disputed.status()), "FAILURE", reason);
    Dispute dispute = scope.session.disputes().findByOrder(order.id()).orElse(null);
    if (dispute == null) {
      dispute = new Dispute(engine.ids.next("dsp_"), order.id(), DisputeParty.BUYER, DisputeReason.OTHER, List.of(),
          DisputeStatus.OPEN, null, null, null, null, null, scope.now, scope.now);
      scope.session.disputes().insert(dispute);
      scope.audit("DISPUTE_OPENED", "dispute", dispute.id(), order.buyerId(), Map.of(), Payloads.audit("status",
          DisputeStatus.OPEN, "orderId", order.id(), "reason", DisputeReason.OTHER, "sagaId", saga.id()));
      scope.event("dispute.opened", "Dispute", dispute.id(), order.buyerId(), Payloads.of("disputeId", dispute.id(),
          "orderId", order.id(), "openedBy", DisputeParty.BUYER, "reason", DisputeReason.OTHER, "openedAt",
          scope.now));
    }
    scope.event("order.disputed", "Order", order.id(), order.buyerId(), Payloads.of("orderId", order.id(),
        "disputeId", dispute.id(), "openedBy", dispute.openedBy(), "reason", dispute.reason(), "openedAt",
        dispute.createdAt()));
  }

  /**
   * Tells the operator that on-chain work stopped after a confirmed step: an audit row, an
   * {@code order.needs_attention} event naming what the chain holds and where the order was left,
   * and an error log line.
   */
  private static void needsAttention(TxScope scope, Saga saga, String reason) {
    Order order = scope.session.orders().find(saga.subjectId()).orElseThrow();
    Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
    String disputeId = scope.session.disputes().findByOrder(order.id()).map(Dispute::id).orElse(null);
    List<String> confirmedSteps = saga.steps().stream().filter(s -> s.state() == StepState.CONFIRMED)
        .map(SagaStep::action).toList();
    String failedStep = saga.steps().stream().filter(s -> s.state() == StepState.FAILED).map(SagaStep::action)
        .findFirst().orElse(null);
    scope.audit("ORDER_NEEDS_ATTENTION", "order", order.id(), order.buyerId(), Map.of(), Payloads.audit("sagaId",
        saga.id(), "kind", saga.kind(), "confirmedSteps", String.join(",", confirmedSteps), "failedStep", failedStep,
        "status", order.status(), "escrowStatus", escrow.status()), "FAILURE", reason);
    scope.event("order.needs_attention", "Order", order.id(), order.buyerId(), Payloads.of("orderId", order.id(),
        "sagaId", saga.id(), "operation", saga.kind(), "confirmedSteps", confirmedSteps, "failedStep", failedStep,
        "reason", reason, "status", order.status(), "escrowStatus", escrow.status(), "disputeId", disputeId));
    LOG.error("order {} needs attention: {} saga {} failed for good at step {} after on-chain steps {} were "
        + "confirmed ({}); order left {} with escrow {}{}", order.id(), saga.kind(), saga.id(), failedStep,
        confirmedSteps, reason, order.status(), escrow.status(), disputeId == null ? "" : ", dispute " + disputeId);
  }

  private static boolean confirmed(Saga saga, String action) {
    return saga.steps().stream().anyMatch(s -> s.action().equals(action) && s.state() == StepState.CONFIRMED);
  }

  private static Order lockOrder(TxScope scope, Saga saga) {
    return scope.session.orders().lock(saga.subjectId()).orElseThrow();
  }

  private void deployed(TxScope scope, Saga saga) {
    Order order = lockOrder(scope, saga);
    Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
    Escrow created = escrow.moveTo(EscrowStatus.CREATED, scope.now);
    scope.session.escrows().update(created);
    Order funding = order.moveTo(OrderStatus.ESCROW_FUNDING, scope.now);
    scope.session.orders().update(funding);
    scope.audit("ESCROW_CREATED", "escrow", escrow.id(), order.buyerId(), Payloads.status(escrow.status()),
        Payloads.audit("status", created.status(), "contractId", created.contractId()));
    scope.event("escrow.created", "Escrow", escrow.id(), order.buyerId(), Payloads.of("escrowId", escrow.id(),
        "orderId", order.id(), "amount", escrow.amount(), "currency", order.currency(), "trustlessContractId",
        created.contractId()));
  }

  private void funded(TxScope scope, Saga saga) {
    Order order = lockOrder(scope, saga);
    Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
    String buyer = order.buyerId();
    List<LedgerEntry> entries = new ArrayList<>(List.of(
        new LedgerEntry(LedgerAccounts.reserved(buyer), escrow.amount().negate()),
        new LedgerEntry(LedgerAccounts.escrow(order.id()), escrow.amount())));
    String treasury = escrow.treasuryUserId();
    if (treasury != null) {
      // The treasury's USDC funded the contract: it is advanced against the buyer's fiat balance.
      entries.add(new LedgerEntry(LedgerAccounts.available(treasury), escrow.amount().negate()));
      entries.add(new LedgerEntry(LedgerAccounts.TREASURY_FLOAT, escrow.amount()));
    }
    Map<String, Books.Change> changes = scope.books().post("ESCROW_FUND", order.id(), entries);
    Books.Change change = changes.get(buyer);
    if (treasury != null) {
      treasuryAdvanced(scope, treasury, changes.get(treasury), escrow, order);
    }
    Escrow funded = escrow.moveTo(EscrowStatus.FUNDED, scope.now);
    scope.session.escrows().update(funded);
    Order inProgress = order.moveTo(OrderStatus.IN_PROGRESS, scope.now);
    scope.session.orders().update(inProgress);
    scope.audit("DEDUCT_RESERVED", "balance", buyer, buyer, Payloads.balance(change.before()),
        Payloads.balance(change.after()));
    scope.audit("ESCROW_FUNDED", "order", order.id(), buyer, Payloads.status(order.status()),
        Payloads.status(inProgress.status()));
    scope.event("balance.released", "Balance", buyer, buyer,
        Payloads.reservedOrReleased(change, escrow.amount(), order.id(), "escrow_funded"));
    scope.event("order.escrow_funded", "Order", order.id(), buyer, Payloads.of("orderId", order.id(),
        "escrowId", escrow.id(), "trustlessContractId", escrow.contractId(), "amount", escrow.amount(),
        "fundedAt", funded.fundedAt()));
  }

  /**
   * Audits an advance from the treasury and raises {@code treasury.balance_low} when what the
   * treasury still holds falls below the configured threshold, so the operator refills it in time.
   */
  private void treasuryAdvanced(TxScope scope, String treasury, Books.Change change, Escrow escrow, Order order) {
    scope.audit("TREASURY_ADVANCE", "treasury", treasury, treasury, Payloads.balance(change.before()),
        Payloads.audit("available", change.after().available(), "advanced", escrow.amount(), "orderId", order.id()));
    Money threshold = engine.config.treasury() == null ? Money.ZERO : engine.config.treasury().lowBalance();
    if (change.after().available().compareTo(threshold) < 0) {
      scope.event("treasury.balance_low", "Treasury", treasury, treasury, Payloads.of("treasuryUserId", treasury,
          "available", change.after().available(), "threshold", threshold, "orderId",
          order.id(), "advanced", escrow.amount()));
      LOG.warn("treasury {} holds {} USDC after advancing {} for order {}, below the threshold of {}", treasury,
          change.after().available(), escrow.amount(), order.id(), threshold);
    }
  }

  private void settled(TxScope scope, Saga saga) {
    Order order = lockOrder(scope, saga);
    Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
    Money toSeller = Money.ofStroops(Long.parseLong(saga.data().get("sellerStroops")));
    Money toBuyer = Money.ofStroops(Long.parseLong(saga.data().get("buyerStroops")));
    String escrowAccount = LedgerAccounts.escrow(order.id());
    List<LedgerEntry> entries = new ArrayList<>();
    // Money someone else paid into the contract: the books never saw it, and the resolution hands
    // it on (SagaRunner added it to one payee's share); it comes in from outside here.
    Money surplus = Money.ofStroops(Long.parseLong(saga.data().getOrDefault("surplusStroops", "0")));
    Money paidToSeller = toSeller;
    Money paidToBuyer = toBuyer;
    if (surplus.isPositive()) {
      entries.add(new LedgerEntry(LedgerAccounts.ESCROW_SURPLUS, surplus.negate()));
      entries.add(new LedgerEntry(escrowAccount, surplus));
      if ("seller".equals(saga.data().get("surplusTo"))) {
        paidToSeller = paidToSeller.plus(surplus);
      } else {
        paidToBuyer = paidToBuyer.plus(surplus);
      }
    }
    List<String> payees = new ArrayList<>();
    List<Money> grosses = new ArrayList<>();
    if (paidToSeller.isPositive()) {
      payees.add(LedgerAccounts.available(order.sellerId()));
      grosses.add(paidToSeller);
    }
    if (paidToBuyer.isPositive()) {
      payees.add(LedgerAccounts.available(order.buyerId()));
      grosses.add(paidToBuyer);
    }
    PayoutFormula formula = PayoutFormula.valueOf(saga.data().getOrDefault("payoutFormula",
        PayoutFormula.SHARED_FEES.name()));
    List<LedgerEntry> payout = Books.payout(escrowAccount, payees, Payouts.of(formula, grosses,
        escrow.serviceFeeBps(), escrow.platformFeeBps()));
    entries.addAll(payout);
    if (escrow.treasuryUserId() != null) {
      // The contract paid the parties' shares to the treasury wallet: that USDC is back, and the
      // parties' claims are fiat balances now. What the fees took stays in the float.
      Money returned = payout.stream().filter(e -> payees.contains(e.account())).map(LedgerEntry::amount)
          .reduce(Money.ZERO, Money::plus);
      entries.add(new LedgerEntry(LedgerAccounts.TREASURY_FLOAT, returned.negate()));
      entries.add(new LedgerEntry(LedgerAccounts.available(escrow.treasuryUserId()), returned));
    }
    Map<String, Books.Change> changes = scope.books().post(saga.kind().name(), order.id(), merge(entries));
    boolean toSellerOnly = toBuyer.isZero();
    boolean toBuyerOnly = toSeller.isZero();
    Escrow done = escrow.moveTo(toBuyerOnly ? EscrowStatus.REFUNDED : EscrowStatus.RELEASED, scope.now);
    scope.session.escrows().update(done);
    Order current = order;
    if (current.status() == OrderStatus.DISPUTED && !toSellerOnly && !toBuyerOnly) {
      current = current.moveTo(OrderStatus.RELEASED, scope.now);
    } else if (toBuyerOnly) {
      current = current.moveTo(OrderStatus.REFUNDED, scope.now);
    } else {
      current = current.moveTo(OrderStatus.RELEASED, scope.now);
    }
    Order closed = current.moveTo(OrderStatus.CLOSED, scope.now);
    scope.session.orders().update(closed);
    Books.Change seller = changes.get(order.sellerId());
    Books.Change buyer = changes.get(order.buyerId());
    if (seller != null) {
      scope.audit("RELEASE_CREDIT_AVAILABLE", "balance", order.sellerId(), order.sellerId(),
          Payloads.balance(seller.before()), Payloads.balance(seller.after()));
      scope.event("balance.credited", "Balance", order.sellerId(), order.sellerId(), Payloads.credited(seller,
          seller.after().available().minus(seller.before().available()), "release", order.id()));
    }
    if (buyer != null) {
      scope.audit("REFUND_CREDIT_AVAILABLE", "balance", order.buyerId(), order.buyerId(),
          Payloads.balance(buyer.before()), Payloads.balance(buyer.after()));
      scope.event("balance.credited", "Balance", order.buyerId(), order.buyerId(), Payloads.credited(buyer,
          buyer.after().available().minus(buyer.before().available()), "refund", order.id()));
    }
    scope.audit(toBuyerOnly ? "REFUNDED" : "RELEASED", "order", order.id(), order.buyerId(),
        Payloads.status(order.status()), Payloads.status(closed.status()));
    if (toSellerOnly) {
      scope.event("order.released", "Order", order.id(), order.buyerId(), Payloads.of("orderId", order.id(),
          "sellerId", order.sellerId(), "amount", order.amount(), "currency", order.currency(), "releasedAt",
          scope.now, "newSellerBalance", seller.after().available()));
    } else if (toBuyerOnly) {
      scope.event("order.refunded", "Order", order.id(), order.buyerId(), Payloads.of("orderId", order.id(),
          "buyerId", order.buyerId(), "amount", order.amount(), "currency", order.currency(), "refundedAt",
          scope.now, "newBuyerBalance", buyer.after().available()));
    }
    scope.event("order.closed", "Order", order.id(), order.buyerId(), Payloads.of("orderId", order.id(),
        "finalStatus", "CLOSED", "closedAt", scope.now));
    if (saga.kind() == com.offerhub.orchestrator.model.SagaKind.DISPUTE_RESOLUTION) {
      Dispute dispute = scope.session.disputes().findByOrder(order.id()).orElseThrow();
      Dispute resolved = dispute.resolved(scope.now);
      scope.session.disputes().update(resolved);
      scope.audit("DISPUTE_RESOLVED", "dispute", dispute.id(), order.buyerId(), Payloads.status(dispute.status()),
          Payloads.audit("status", resolved.status(), "decision", resolved.decision()));
      scope.event("dispute.resolved", "Dispute", dispute.id(), order.buyerId(), Payloads.of("disputeId",
          dispute.id(), "orderId", order.id(), "decision", resolved.decision(), "decisionNote",
          resolved.decisionNote(), "resolvedBy", saga.data().getOrDefault("resolvedBy", "system"), "resolvedAt",
          scope.now, "sellerAmount", toSeller, "buyerAmount", toBuyer));
    }
  }

  /** Folds entries on the same account so each account appears once. */
  private static List<LedgerEntry> merge(List<LedgerEntry> entries) {
    Map<String, Money> sums = new java.util.LinkedHashMap<>();
    entries.forEach(e -> sums.merge(e.account(), e.amount(), Money::plus));
    List<LedgerEntry> out = new ArrayList<>();
    sums.forEach((account, amount) -> {
      if (!amount.isZero()) {
        out.add(new LedgerEntry(account, amount));
      }
    });
    return out;
  }

  private void withdrawn(TxScope scope, Saga saga) {
    Withdrawal withdrawal = scope.session.withdrawals().lock(saga.subjectId()).orElseThrow();
    String hash = saga.steps().get(0).txHash();
    scope.books().transfer("WITHDRAWAL_COMPLETED", withdrawal.id(), LedgerAccounts.withdrawalInFlight(withdrawal.id()),
        LedgerAccounts.WITHDRAWALS, withdrawal.amount());
    Withdrawal done = withdrawal.moveTo(WithdrawalStatus.WITHDRAWAL_COMPLETED, scope.now)
        .withOutcome(hash, null, null, scope.now);
    scope.session.withdrawals().update(done);
    scope.audit("WITHDRAWAL_COMPLETED", "withdrawal", withdrawal.id(), withdrawal.userId(),
        Payloads.status(withdrawal.status()), Payloads.audit("status", done.status(), "transactionHash", hash));
    scope.event("withdrawal.completed", "Withdrawal", withdrawal.id(), withdrawal.userId(), Payloads.of(
        "withdrawalId", withdrawal.id(), "userId", withdrawal.userId(), "amount", withdrawal.amount(), "currency",
        withdrawal.currency(), "completedAt", scope.now, "transactionHash", hash));
  }


}

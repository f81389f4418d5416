package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.internal.Payouts;
import com.offerhub.orchestrator.internal.SagaRunner;
import com.offerhub.orchestrator.internal.SagaStarter;
import com.offerhub.orchestrator.internal.TxScope;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.ResolutionDecision;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.List;
import java.util.Map;

/** Disputes: assign, then resolve with FULL_RELEASE, FULL_REFUND or SPLIT (spec/01 §6.3). Thread-safe. */
public final class DisputeOperations {
  private final EngineContext engine;
  private final RequestContext ctx;
  private final SagaStarter sagas;

  DisputeOperations(EngineContext engine, RequestContext ctx, SagaStarter sagas) {
    this.engine = engine;
    this.ctx = ctx;
    this.sagas = sagas;
  }

  public Dispute get(String disputeId) {
    Check.id("disputeId", disputeId);
    return engine.tx.read(scope -> scope.session.disputes().find(disputeId)).orElseThrow(() -> notFound(disputeId));
  }

  /** Disputes newest first. */
  public List<Dispute> list(int offset, int limit) {
    Check.offset(offset);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.disputes().list(offset, limit));
  }

  /** As {@link #list}, after {@code after} (null: from the newest) rather than an offset. */
  public List<Dispute> listAfter(Keyset after, int limit) {
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.disputes().listAfter(after, limit));
  }

  /** OPEN to UNDER_REVIEW, recording who reviews it (BR-13). */
  public Dispute assign(String disputeId, String assignedTo) {
    Check.id("disputeId", disputeId);
    Check.text("assignedTo", assignedTo, Check.MAX_ID);
    return engine.tx.command(ctx, "disputes.assign", disputeId + "|" + assignedTo, scope -> {
      Dispute dispute = lock(scope, disputeId);
      Dispute assigned = dispute.assign(assignedTo, scope.now);
      scope.session.disputes().update(assigned);
      Order order = scope.session.orders().find(dispute.orderId()).orElseThrow();
      scope.audit("DISPUTE_ASSIGNED", "dispute", disputeId, order.buyerId(), Payloads.status(dispute.status()),
          Payloads.audit("status", assigned.status(), "assignedTo", assignedTo));
      scope.event("dispute.under_review", "Dispute", disputeId, assignedTo, Payloads.of("disputeId", disputeId,
          "orderId", dispute.orderId(), "reviewedBy", assignedTo, "reviewStartedAt", scope.now));
      return assigned;
    }).result();
  }

  /**
   * Settles the dispute on chain (dispute + resolve, the platform resolving) and in the books.
   * Returns the order snapshot, CLOSED when confirmed in time. A refused settlement leaves the
   * dispute UNDER_REVIEW and raises PROVIDER_ERROR.
   */
  public OrderSnapshot resolve(String disputeId, ResolveDisputeRequest request) {
    Check.id("disputeId", disputeId);
    Check.notNull("request", request);
    ResolutionDecision decision = Check.notNull("decision", request.decision());
    Check.optionalText("decisionNote", request.decisionNote(), Check.MAX_TEXT);
    Money release = null;
    Money refund = null;
    if (decision == ResolutionDecision.SPLIT) {
      if (request.releaseAmount() == null || request.refundAmount() == null) {
        throw new OrchestratorException(ErrorCode.INVALID_AMOUNT,
            "Both releaseAmount and refundAmount are required for SPLIT decision");
      }
      release = Money.parsePositive(request.releaseAmount(), ErrorCode.INVALID_AMOUNT);
      refund = Money.parsePositive(request.refundAmount(), ErrorCode.INVALID_AMOUNT);
    }
    Money splitRelease = release;
    Money splitRefund = refund;
    if (decision == ResolutionDecision.SPLIT) {
      refuseSplitThatReverts(disputeId, splitRelease, splitRefund);
    }
    return sagas.run(ctx, "disputes.resolve", disputeId + "|" + request, scope -> {
      Dispute dispute = lock(scope, disputeId);
      if (dispute.status() != DisputeStatus.UNDER_REVIEW || dispute.decision() != null) {
        throw new OrchestratorException(ErrorCode.INVALID_STATE, "Cannot resolve dispute " + disputeId
            + " in state " + dispute.status() + (dispute.decision() != null ? " (resolution in progress)" : ""),
            Map.of("currentState", dispute.status().name()));
      }
      Order order = scope.session.orders().lock(dispute.orderId()).orElseThrow();
      Money toSeller;
      Money toBuyer;
      switch (decision) {
        case FULL_RELEASE -> {
          toSeller = order.amount();
          toBuyer = Money.ZERO;
        }
        case FULL_REFUND -> {
          toSeller = Money.ZERO;
          toBuyer = order.amount();
        }
        default -> {
          toSeller = splitRelease;
          toBuyer = splitRefund;
          if (!toSeller.plus(toBuyer).equals(order.amount())) {
            throw new OrchestratorException(ErrorCode.INVALID_AMOUNT, "Split amounts (" + toSeller + " + " + toBuyer
                + " = " + toSeller.plus(toBuyer) + ") must equal order amount (" + order.amount() + ")");
          }
        }
      }
      scope.session.disputes().update(dispute.decide(decision, request.decisionNote(),
          decision == ResolutionDecision.SPLIT ? toSeller : null, decision == ResolutionDecision.SPLIT ? toBuyer : null,
          scope.now));
      if (decision == ResolutionDecision.FULL_RELEASE) {
        scope.session.orders().update(order.moveTo(OrderStatus.RELEASE_REQUESTED, scope.now));
      } else if (decision == ResolutionDecision.FULL_REFUND) {
        scope.session.orders().update(order.moveTo(OrderStatus.REFUND_REQUESTED, scope.now));
      }
      User platform = SagaRunner.platform(scope).orElseThrow();
      String disputer = dispute.openedBy() == DisputeParty.SELLER ? order.sellerId() : order.buyerId();
      return sagas.start(scope, SagaKind.DISPUTE_RESOLUTION, order.id(), List.of(
          SagaStep.planned(0, "dispute", disputer), SagaStep.planned(1, "resolve", platform.id())),
          OrderOperations.split(toSeller, toBuyer, ctx.principal()));
    }, ErrorCode.PROVIDER_ERROR, (scope, saga) -> OrderOperations.snapshot(scope, saga.subjectId()));
  }

  /**
   * Reads the contract (outside any transaction) and refuses, with the nearest amounts that work, a
   * split whose payouts the contract's fee arithmetic would carry beyond its balance, so the whole
   * resolution would revert (contract [A], spec/05 §5). Says nothing when the contract cannot be read
   * now or does not hold exactly the order's amount: the saga checks again right before building.
   */
  private void refuseSplitThatReverts(String disputeId, Money toSeller, Money toBuyer) {
    String contractId = engine.tx.read(scope -> scope.session.disputes().find(disputeId)
        .flatMap(d -> scope.session.escrows().findByOrder(d.orderId())).map(e -> e.contractId()).orElse(null));
    if (contractId == null) {
      return;
    }
    EscrowSnapshot chain;
    try {
      chain = engine.escrow.inspect(contractId);
    } catch (RuntimeException unreadable) {
      return;
    }
    Money total = toSeller.plus(toBuyer);
    if (!chain.balance().equals(total) || !Payouts.of(chain.payoutFormula(), List.of(toSeller, toBuyer),
        chain.serviceFeeBps(), chain.platformFeeBps()).reverts()) {
      return;
    }
    List<String> nearest = Payouts.nearestExactSplits(total, toSeller, chain.serviceFeeBps(), chain.platformFeeBps())
        .stream().map(Money::format).toList();
    throw new OrchestratorException(ErrorCode.INVALID_AMOUNT, "The escrow contract would revert this split: its fees"
        + " are shared so that " + toSeller.format() + " / " + toBuyer.format() + " pays out more than it holds. "
        + (nearest.isEmpty() ? "Only a full release or a full refund pays out exactly."
            : "Release amounts that pay out exactly: " + String.join(", ", nearest) + "."),
        Map.of("suggestedReleaseAmounts", nearest));
  }

  private static Dispute lock(TxScope scope, String disputeId) {
    return scope.session.disputes().lock(disputeId).orElseThrow(() -> notFound(disputeId));
  }

  static OrchestratorException notFound(String disputeId) {
    return new OrchestratorException(ErrorCode.DISPUTE_NOT_FOUND, "Dispute " + disputeId + " not found");
  }
}

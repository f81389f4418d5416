package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Books;
import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.internal.SagaRunner;
import com.offerhub.orchestrator.internal.SagaStarter;
import com.offerhub.orchestrator.internal.TxScope;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.EscrowStatus;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Milestone;
import com.offerhub.orchestrator.model.MilestoneStatus;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders and their escrow (spec/01 §6.1). Commands that need the chain persist an in-flight state,
 * then drive their saga for up to {@link EngineConfig#syncWait()}; they return the final state when
 * the chain answered in time, otherwise the intermediate one while the work finishes in the
 * background. Thread-safe.
 */
public final class OrderOperations {
  private final EngineContext engine;
  private final RequestContext ctx;
  private final SagaStarter sagas;

  OrderOperations(EngineContext engine, RequestContext ctx, SagaStarter sagas) {
    this.engine = engine;
    this.ctx = ctx;
    this.sagas = sagas;
  }

  /** O1: creates an order in ORDER_CREATED (BR-1..BR-6). */
  public OrderSnapshot create(CreateOrderRequest request) {
    Check.notNull("request", request);
    String buyerId = Check.id("buyerId", request.buyerId());
    String sellerId = Check.id("sellerId", request.sellerId());
    if (buyerId.equals(sellerId)) {
      throw new OrchestratorException(ErrorCode.INVALID_REQUEST, "Buyer and seller cannot be the same user");
    }
    Money amount = Check.amount("amount", request.amount(), ErrorCode.VALIDATION_ERROR);
    String title = Check.text("title", request.title(), 500);
    Check.optionalText("description", request.description(), Check.MAX_TEXT);
    Check.optionalText("metadata", request.metadata(), Check.MAX_METADATA);
    Check.optionalText("clientOrderRef", request.clientOrderRef(), 100);
    String currency = request.currency() == null ? "USD" : Check.text("currency", request.currency(), 10);
    List<Milestone> milestones = milestones(request.milestones(), amount);
    return engine.tx.command(ctx, "orders.create", request, scope -> {
      requireUser(scope, buyerId);
      requireUser(scope, sellerId);
      if (request.clientOrderRef() != null
          && scope.session.orders().findByClientRef(request.clientOrderRef()).isPresent()) {
        throw new OrchestratorException(ErrorCode.ORDER_ALREADY_EXISTS,
            "An order with clientOrderRef " + request.clientOrderRef() + " already exists");
      }
      Order order = new Order(engine.ids.next("ord_"), request.clientOrderRef(), buyerId, sellerId, amount,
          currency, OrderStatus.ORDER_CREATED, title, request.description(), request.metadata(), milestones,
          scope.now, scope.now);
      scope.session.orders().insert(order);
      scope.audit("ORDER_CREATED", "order", order.id(), buyerId, Map.of(), Payloads.audit("status",
          order.status(), "amount", amount, "milestoneCount", milestones.size()));
      scope.event("order.created", "Order", order.id(), buyerId, Payloads.of("orderId", order.id(), "buyerId",
          buyerId, "sellerId", sellerId, "amount", amount, "currency", currency, "title", title, "description",
          request.description(), "clientOrderRef", request.clientOrderRef()));
      return new OrderSnapshot(order, null, null);
    }).result();
  }

  private static List<Milestone> milestones(List<CreateOrderRequest.MilestoneInput> inputs, Money orderAmount) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    if (inputs.size() > 50) {
      throw OrchestratorException.validation("an order may have at most 50 milestones");
    }
    List<Milestone> out = new ArrayList<>();
    Set<String> refs = new HashSet<>();
    Money sum = Money.ZERO;
    for (CreateOrderRequest.MilestoneInput input : inputs) {
      Check.notNull("milestone", input);
      String ref = Check.text("milestone ref", input.ref(), 100);
      if (!refs.add(ref)) {
        throw OrchestratorException.validation("Duplicate milestone ref: " + ref);
      }
      String title = Check.text("milestone title", input.title(), 500);
      Money amount = Check.amount("milestone amount", input.amount(), ErrorCode.INVALID_AMOUNT);
      try {
        sum = sum.plus(amount);
      } catch (ArithmeticException e) {
        throw new OrchestratorException(ErrorCode.INVALID_AMOUNT,
            "Milestone amounts sum to more than the order amount (" + orderAmount + ")");
      }
      out.add(new Milestone(ref, title, amount, MilestoneStatus.OPEN, null));
    }
    if (!sum.equals(orderAmount)) {
      throw new OrchestratorException(ErrorCode.INVALID_AMOUNT,
          "Milestone amounts sum (" + sum + ") must equal order amount (" + orderAmount + ")");
    }
    return out;
  }

  public OrderSnapshot get(String orderId) {
    Check.id("orderId", orderId);
    return engine.tx.read(scope -> snapshot(scope, orderId));
  }

  /** Orders newest first; {@code userId} (buyer or seller) and {@code statuses} filter when given. */
  public List<Order> list(String userId, Set<OrderStatus> statuses, int offset, int limit) {
    Check.optionalText("userId", userId, Check.MAX_ID);
    Check.offset(offset);
    Check.limit(limit);
    Set<OrderStatus> filter = statuses == null ? Set.of() : Set.copyOf(statuses);
    return engine.tx.read(scope -> scope.session.orders().list(userId, filter, offset, limit));
  }

  /**
   * As {@link #list}, after {@code after} (null: from the newest) rather than an offset: each page
   * costs the same however deep it is.
   */
  public List<Order> listAfter(String userId, Set<OrderStatus> statuses, Keyset after, int limit) {
    Check.optionalText("userId", userId, Check.MAX_ID);
    Check.limit(limit);
    Set<OrderStatus> filter = statuses == null ? Set.of() : Set.copyOf(statuses);
    return engine.tx.read(scope -> scope.session.orders().listAfter(userId, filter, after, limit));
  }

  /** O2: reserves the order amount from the buyer's available balance. */
  public OrderSnapshot reserve(String orderId) {
    Check.id("orderId", orderId);
    return engine.tx.command(ctx, "orders.reserve", orderId, scope -> {
      Order order = lock(scope, orderId);
      Order reserved = order.moveTo(OrderStatus.FUNDS_RESERVED, scope.now);
      String buyer = order.buyerId();
      // the order first: the buyer's balance row, which all of the buyer's orders share, is then
      // locked only from its update to the commit
      scope.session.orders().update(reserved);
      Books.Change change = scope.books().transfer("RESERVE", orderId, LedgerAccounts.available(buyer),
          LedgerAccounts.reserved(buyer), order.amount()).get(buyer);
      scope.audit("RESERVE", "balance", buyer, buyer, Payloads.balance(change.before()),
          Payloads.balance(change.after()));
      scope.audit("FUNDS_RESERVED", "order", orderId, buyer, Payloads.status(order.status()),
          Payloads.status(reserved.status()));
      scope.event("balance.reserved", "Balance", buyer, buyer,
          Payloads.reservedOrReleased(change, order.amount(), orderId, null));
      scope.event("order.funds_reserved", "Order", orderId, buyer, Payloads.of("orderId", orderId, "buyerId",
          buyer, "amount", order.amount(), "currency", order.currency(), "reservedBalance",
          change.after().reserved(), "availableBalance", change.after().available()));
      return new OrderSnapshot(reserved, null, null);
    }).result();
  }

  /** O3/O4: cancels an order before escrow, returning reserved funds (BR-7). */
  public OrderSnapshot cancel(String orderId, String reason) {
    Check.id("orderId", orderId);
    Check.optionalText("reason", reason, Check.MAX_TEXT);
    return engine.tx.command(ctx, "orders.cancel", orderId + "|" + reason, scope -> {
      Order order = lock(scope, orderId);
      Order closed = order.moveTo(OrderStatus.CLOSED, scope.now);
      boolean fundsReleased = order.status() == OrderStatus.FUNDS_RESERVED;
      String buyer = order.buyerId();
      if (fundsReleased) {
        Books.Change change = scope.books().transfer("CANCEL_RESERVATION", orderId, LedgerAccounts.reserved(buyer),
            LedgerAccounts.available(buyer), order.amount()).get(buyer);
        scope.audit("CANCEL_RESERVATION", "balance", buyer, buyer, Payloads.balance(change.before()),
            Payloads.balance(change.after()));
        scope.event("balance.released", "Balance", buyer, buyer,
            Payloads.reservedOrReleased(change, order.amount(), orderId, "cancel"));
      }
      scope.session.orders().update(closed);
      scope.audit("ORDER_CANCELLED", "order", orderId, buyer, Payloads.status(order.status()),
          Payloads.audit("status", closed.status(), "reason", reason));
      scope.event("order.canceled", "Order", orderId, buyer, Payloads.of("orderId", orderId, "buyerId", buyer,
          "canceledBy", "user", "canceledAt", scope.now, "fundsReleased", fundsReleased, "reason", reason));
      return new OrderSnapshot(closed, null, null);
    }).result();
  }

  /**
   * O5: deploys the escrow contract (platform signs). Returns the order in ESCROW_FUNDING when the
   * deploy confirmed within the wait, else in ESCROW_CREATING. A refused deploy returns the order to
   * FUNDS_RESERVED and raises PROVIDER_ERROR.
   */
  public OrderSnapshot createEscrow(String orderId) {
    Check.id("orderId", orderId);
    return sagas.run(ctx, "orders.createEscrow", orderId, scope -> {
      Order order = lock(scope, orderId);
      if (scope.session.escrows().findByOrder(orderId).isPresent()) {
        throw new OrchestratorException(ErrorCode.ESCROW_ALREADY_EXISTS, "Order " + orderId + " already has an escrow");
      }
      Order creating = order.moveTo(OrderStatus.ESCROW_CREATING, scope.now);
      User platform = SagaRunner.platform(scope).orElseThrow(() -> new OrchestratorException(
          ErrorCode.ESCROW_NOT_READY, "The platform wallet is not initialised; call engine.initialize()"));
      String treasuryId = SagaRunner.treasury(scope).map(User::id).orElse(null);
      if (engine.config.treasury() != null && treasuryId == null) {
        throw new OrchestratorException(ErrorCode.ESCROW_NOT_READY,
            "The treasury wallet is not initialised; call engine.initialize()");
      }
      List<String> parties = treasuryId == null ? List.of(order.buyerId(), order.sellerId(), platform.id())
          : List.of(order.buyerId(), order.sellerId(), platform.id(), treasuryId);
      for (String userId : parties) {
        boolean active = scope.session.wallets().findPrimary(userId).map(w -> w.status() == WalletStatus.ACTIVE)
            .orElse(false);
        if (!active) {
          throw new OrchestratorException(ErrorCode.ESCROW_NOT_READY, "Wallet of user " + userId
              + " is not active on chain yet", Map.of("userId", userId));
        }
      }
      Escrow escrow = new Escrow(engine.ids.next("esc_"), orderId, null, EscrowStatus.CREATING, order.amount(),
          engine.config.platformFeeBps(), 0, !order.milestones().isEmpty(), treasuryId, null, null, null, scope.now,
          scope.now);
      scope.session.escrows().insert(escrow);
      scope.session.orders().update(creating);
      scope.audit("ESCROW_CREATING", "order", orderId, order.buyerId(), Payloads.status(order.status()),
          Payloads.audit("status", creating.status(), "escrowId", escrow.id()));
      scope.event("order.escrow_creating", "Order", orderId, order.buyerId(), Payloads.of("orderId", orderId,
          "escrowId", escrow.id(), "amount", order.amount()));
      return sagas.start(scope, SagaKind.ESCROW_DEPLOY, orderId, List.of(SagaStep.planned(0, "deploy",
          platform.id())), Map.of());
    }, ErrorCode.PROVIDER_ERROR, (scope, saga) -> snapshot(scope, orderId));
  }

  /**
   * O6: funds the escrow from the buyer's wallet (buyer signs). The reserved amount moves to the
   * escrow account when the chain confirms; a refused funding leaves it reserved and raises
   * ESCROW_FUNDING_FAILED, after which funding may be retried.
   */
  public OrderSnapshot fundEscrow(String orderId) {
    Check.id("orderId", orderId);
    return sagas.run(ctx, "orders.fundEscrow", orderId, scope -> {
      Order order = lock(scope, orderId);
      if (order.status() != OrderStatus.ESCROW_FUNDING) {
        throw com.offerhub.orchestrator.model.Transitions.illegal("order", orderId, order.status(),
            OrderStatus.IN_PROGRESS);
      }
      Escrow escrow = scope.session.escrows().findByOrder(orderId).orElseThrow(() -> new OrchestratorException(
          ErrorCode.ESCROW_NOT_READY, "Order " + orderId + " has no escrow"));
      if (escrow.status() != EscrowStatus.CREATED) {
        throw new OrchestratorException(ErrorCode.ESCROW_NOT_READY, "Escrow " + escrow.id() + " is "
            + escrow.status() + ", expected CREATED", Map.of("escrowStatus", escrow.status().name()));
      }
      String funder = escrow.treasuryUserId() == null ? order.buyerId() : escrow.treasuryUserId();
      if (escrow.treasuryUserId() != null) {
        Money held = scope.session.balances().find(funder).map(Balance::available).orElse(Money.ZERO);
        if (held.compareTo(escrow.amount()) < 0) {
          throw new OrchestratorException(ErrorCode.ESCROW_FUNDING_FAILED, "The treasury holds " + held
              + " USDC, less than the " + escrow.amount() + " this escrow needs; the operator must fund it",
              Map.of("treasuryAvailable", held.format(), "required", escrow.amount().format()));
        }
      }
      scope.session.escrows().update(escrow.moveTo(EscrowStatus.FUNDING, scope.now));
      scope.audit("ESCROW_FUNDING", "escrow", escrow.id(), order.buyerId(), Payloads.status(escrow.status()),
          Payloads.status(EscrowStatus.FUNDING));
      return sagas.start(scope, SagaKind.ESCROW_FUND, orderId, List.of(SagaStep.planned(0, "fund", funder)),
          Map.of());
    }, ErrorCode.ESCROW_FUNDING_FAILED, (scope, saga) -> snapshot(scope, orderId));
  }

  /** O7: marks a milestone completed while the order is IN_PROGRESS (BR-18). */
  public OrderSnapshot completeMilestone(String orderId, String milestoneRef) {
    Check.id("orderId", orderId);
    Check.text("milestoneRef", milestoneRef, 100);
    return engine.tx.command(ctx, "orders.completeMilestone", orderId + "|" + milestoneRef, scope -> {
      Order order = lock(scope, orderId);
      if (order.status() != OrderStatus.IN_PROGRESS) {
        throw new OrchestratorException(ErrorCode.INVALID_STATE, "Cannot complete milestones of order " + orderId
            + " in state " + order.status(), Map.of("currentState", order.status().name()));
      }
      List<Milestone> updated = new ArrayList<>();
      Milestone done = null;
      for (Milestone milestone : order.milestones()) {
        if (milestone.ref().equals(milestoneRef)) {
          if (milestone.status() == MilestoneStatus.COMPLETED) {
            throw new OrchestratorException(ErrorCode.INVALID_STATE, "Milestone " + milestoneRef
                + " is already completed");
          }
          done = milestone.complete(scope.now);
          updated.add(done);
        } else {
          updated.add(milestone);
        }
      }
      if (done == null) {
        throw new OrchestratorException(ErrorCode.MILESTONE_NOT_FOUND, "Milestone " + milestoneRef
            + " not found on order " + orderId);
      }
      Order next = order.withMilestones(updated, scope.now);
      scope.session.orders().update(next);
      Escrow escrow = scope.session.escrows().findByOrder(orderId).orElse(null);
      scope.audit("MILESTONE_COMPLETED", "milestone", orderId + ":" + milestoneRef, order.sellerId(),
          Payloads.status(MilestoneStatus.OPEN), Payloads.status(MilestoneStatus.COMPLETED));
      scope.event("escrow.milestone_completed", "Order", orderId, order.sellerId(), Payloads.of("escrowId",
          escrow == null ? null : escrow.id(), "orderId", orderId, "milestoneRef", milestoneRef, "milestoneTitle",
          done.title(), "amount", done.amount(), "completedAt", scope.now));
      return snapshot(scope, orderId);
    }).result();
  }

  /**
   * O8: releases the escrow to the seller (BR-9): milestone status and approval per milestone, then
   * release. Returns the order CLOSED when confirmed in time, else RELEASE_REQUESTED.
   */
  public OrderSnapshot release(String orderId) {
    Check.id("orderId", orderId);
    return sagas.run(ctx, "orders.release", orderId, scope -> {
      Order order = settleable(scope, orderId);
      List<String> open = order.milestones().stream().filter(m -> m.status() != MilestoneStatus.COMPLETED)
          .map(Milestone::ref).toList();
      if (!open.isEmpty()) {
        throw new OrchestratorException(ErrorCode.INVALID_STATE, "Cannot release order " + orderId
            + ": milestones not completed: " + open, Map.of("incompleteMilestones", open));
      }
      Order requested = order.moveTo(OrderStatus.RELEASE_REQUESTED, scope.now);
      Escrow escrow = scope.session.escrows().findByOrder(orderId).orElseThrow();
      scope.session.escrows().update(escrow.moveTo(EscrowStatus.RELEASING, scope.now));
      scope.session.orders().update(requested);
      scope.audit("RELEASE_REQUESTED", "order", orderId, order.buyerId(), Payloads.status(order.status()),
          Payloads.status(requested.status()));
      scope.event("order.release_requested", "Order", orderId, order.buyerId(), Payloads.of("orderId", orderId,
          "requestedBy", order.buyerId(), "requestedAt", scope.now));
      List<SagaStep> steps = new ArrayList<>();
      int milestones = Math.max(1, order.milestones().size());
      for (int i = 0; i < milestones; i++) {
        steps.add(SagaStep.planned(steps.size(), "complete:" + i, order.sellerId()));
        steps.add(SagaStep.planned(steps.size(), "approve:" + i, order.buyerId()));
      }
      steps.add(SagaStep.planned(steps.size(), "release", order.buyerId()));
      return sagas.start(scope, SagaKind.RELEASE, orderId, steps, split(order.amount(), Money.ZERO, null));
    }, ErrorCode.PROVIDER_ERROR, (scope, saga) -> snapshot(scope, orderId));
  }

  /** O9: refunds the escrow to the buyer through dispute + resolve (BR-10); {@code reason} required. */
  public OrderSnapshot refund(String orderId, String reason) {
    Check.id("orderId", orderId);
    Check.text("reason", reason, Check.MAX_TEXT);
    return sagas.run(ctx, "orders.refund", orderId + "|" + reason, scope -> {
      Order order = settleable(scope, orderId);
      Order requested = order.moveTo(OrderStatus.REFUND_REQUESTED, scope.now);
      Escrow escrow = scope.session.escrows().findByOrder(orderId).orElseThrow();
      scope.session.escrows().update(escrow.moveTo(EscrowStatus.REFUNDING, scope.now));
      scope.session.orders().update(requested);
      User platform = SagaRunner.platform(scope).orElseThrow();
      scope.audit("REFUND_REQUESTED", "order", orderId, order.buyerId(), Payloads.status(order.status()),
          Payloads.audit("status", requested.status(), "reason", reason));
      scope.event("order.refund_requested", "Order", orderId, order.buyerId(), Payloads.of("orderId", orderId,
          "requestedBy", order.buyerId(), "requestedAt", scope.now));
      return sagas.start(scope, SagaKind.REFUND, orderId, List.of(SagaStep.planned(0, "dispute", order.buyerId()),
          SagaStep.planned(1, "resolve", platform.id())), split(Money.ZERO, order.amount(), null));
    }, ErrorCode.PROVIDER_ERROR, (scope, saga) -> snapshot(scope, orderId));
  }

  /** O10: opens the order's one dispute (BR-12); the order and escrow become DISPUTED. */
  public OrderSnapshot openDispute(String orderId, OpenDisputeRequest request) {
    Check.id("orderId", orderId);
    Check.notNull("request", request);
    Check.notNull("openedBy", request.openedBy());
    Check.notNull("reason", request.reason());
    if (request.evidence().size() > 50) {
      throw OrchestratorException.validation("at most 50 evidence items");
    }
    request.evidence().forEach(e -> Check.text("evidence item", e, Check.MAX_TEXT));
    return engine.tx.command(ctx, "orders.openDispute", orderId + "|" + request, scope -> {
      Order order = lock(scope, orderId);
      if (scope.session.disputes().findByOrder(orderId).isPresent()) {
        throw new OrchestratorException(ErrorCode.DISPUTE_ALREADY_OPEN, "Dispute already exists for this order");
      }
      Order disputed = order.moveTo(OrderStatus.DISPUTED, scope.now);
      Escrow escrow = scope.session.escrows().findByOrder(orderId).orElseThrow();
      scope.session.escrows().update(escrow.moveTo(EscrowStatus.DISPUTED, scope.now));
      scope.session.orders().update(disputed);
      Dispute dispute = new Dispute(engine.ids.next("dsp_"), orderId, request.openedBy(), request.reason(),
          request.evidence(), DisputeStatus.OPEN, null, null, null, null, null, scope.now, scope.now);
      scope.session.disputes().insert(dispute);
      scope.audit("DISPUTE_OPENED", "dispute", dispute.id(), order.buyerId(), Map.of(),
          Payloads.audit("status", DisputeStatus.OPEN, "orderId", orderId, "reason", request.reason()));
      scope.event("dispute.opened", "Dispute", dispute.id(), order.buyerId(), Payloads.of("disputeId", dispute.id(),
          "orderId", orderId, "openedBy", request.openedBy(), "reason", request.reason(), "openedAt", scope.now,
          "evidence", request.evidence().isEmpty() ? null : request.evidence()));
      scope.event("order.disputed", "Order", orderId, order.buyerId(), Payloads.of("orderId", orderId,
          "disputeId", dispute.id(), "openedBy", request.openedBy(), "reason", request.reason(), "openedAt",
          scope.now));
      return snapshot(scope, orderId);
    }).result();
  }

  /** Guards shared by release and refund (BR-9..BR-11). */
  private static Order settleable(TxScope scope, String orderId) {
    Order order = lock(scope, orderId);
    Escrow escrow = scope.session.escrows().findByOrder(orderId).orElse(null);
    if (escrow == null) {
      throw new OrchestratorException(ErrorCode.INVALID_STATE, "Order " + orderId + " has no escrow",
          Map.of("currentState", order.status().name()));
    }
    scope.session.disputes().findByOrder(orderId).filter(d -> d.status() != DisputeStatus.RESOLVED)
        .ifPresent(d -> {
          throw new OrchestratorException(ErrorCode.DISPUTE_ALREADY_OPEN,
              "Active dispute prevents release/refund operations");
        });
    if (order.status() != OrderStatus.IN_PROGRESS || escrow.status() != EscrowStatus.FUNDED) {
      throw new OrchestratorException(ErrorCode.INVALID_STATE, "Cannot settle order " + orderId + " in state "
          + order.status() + " (escrow " + escrow.status() + ")", Map.of("currentState", order.status().name()));
    }
    return order;
  }

  /** Saga data: gross amounts to seller and buyer, in stroops. */
  static Map<String, String> split(Money toSeller, Money toBuyer, String resolvedBy) {
    Map<String, String> data = new java.util.HashMap<>();
    data.put("sellerStroops", Long.toString(toSeller.stroops()));
    data.put("buyerStroops", Long.toString(toBuyer.stroops()));
    if (resolvedBy != null) {
      data.put("resolvedBy", resolvedBy);
    }
    return data;
  }

  static Order lock(TxScope scope, String orderId) {
    return scope.session.orders().lock(orderId).orElseThrow(() -> new OrchestratorException(
        ErrorCode.ORDER_NOT_FOUND, "Order " + orderId + " not found"));
  }

  static OrderSnapshot snapshot(TxScope scope, String orderId) {
    Order order = scope.session.orders().find(orderId).orElseThrow(() -> new OrchestratorException(
        ErrorCode.ORDER_NOT_FOUND, "Order " + orderId + " not found"));
    return new OrderSnapshot(order, scope.session.escrows().findByOrder(orderId).orElse(null),
        scope.session.disputes().findByOrder(orderId).orElse(null));
  }

  private static void requireUser(TxScope scope, String userId) {
    if (scope.session.users().find(userId).isEmpty()) {
      throw UserOperations.notFound(userId);
    }
  }
}

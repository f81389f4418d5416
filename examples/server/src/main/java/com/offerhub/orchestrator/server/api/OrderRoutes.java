package com.offerhub.orchestrator.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OpenDisputeRequest;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.ResolveDisputeRequest;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.Milestone;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.ResolutionDecision;
import com.offerhub.orchestrator.server.http.ApiError;
import com.offerhub.orchestrator.server.http.Body;
import com.offerhub.orchestrator.server.http.Call;
import com.offerhub.orchestrator.server.http.Reply;
import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Orders, milestones, resolution and disputes (spec/02 §9.6-9.8). */
public final class OrderRoutes {
  private static final int ID = 128;
  private static final int MAX_MILESTONES = 50;

  public void register(Router router) {
    router.post("/orders", Scope.WRITE, this::create);
    router.get("/orders", Scope.READ, this::list);
    router.get("/orders/{orderId}", Scope.READ, call -> Reply.standard(200,
        Views.order(call.engine().orders().get(call.path("orderId")))));
    router.post("/orders/{orderId}/reserve", Scope.WRITE, call -> Reply.standard(201,
        Views.order(call.ops().orders().reserve(call.path("orderId")))));
    router.post("/orders/{orderId}/cancel", Scope.WRITE, call -> {
      String orderId = call.path("orderId");
      Body body = call.body().strict(Set.of("reason", "canceledBy"));
      String reason = body.text("reason", 500);
      body.text("canceledBy", 64);
      body.check();
      return Reply.standard(201, Views.order(call.ops().orders().cancel(orderId, reason)));
    });
    router.post("/orders/{orderId}/escrow", Scope.WRITE, call -> Reply.standard(201,
        Views.order(call.ops().orders().createEscrow(call.path("orderId")))));
    router.post("/orders/{orderId}/escrow/fund", Scope.WRITE, call -> Reply.standard(201,
        Views.order(call.ops().orders().fundEscrow(call.path("orderId")))));
    router.get("/orders/{orderId}/milestones", Scope.READ, call -> Reply.standard(200,
        Views.milestones(call.engine().orders().get(call.path("orderId")).order())));
    router.post("/orders/{orderId}/milestones/{milestoneRef}/complete", Scope.WRITE, this::completeMilestone);
    router.post("/orders/{orderId}/resolution/release", Scope.WRITE, call -> {
      String orderId = call.path("orderId");
      Body body = call.body().strict(Set.of("reason", "requestedBy"));
      body.text("reason", 500);
      body.text("requestedBy", ID);
      body.check();
      return Reply.standard(200, Views.order(call.ops().orders().release(orderId)));
    });
    router.post("/orders/{orderId}/resolution/refund", Scope.WRITE, call -> {
      String orderId = call.path("orderId");
      Body body = call.body().strict(Set.of("reason", "requestedBy"));
      String reason = body.requiredText("reason", 500);
      body.text("requestedBy", ID);
      body.check();
      return Reply.standard(200, Views.order(call.ops().orders().refund(orderId, reason)));
    });
    router.post("/orders/{orderId}/resolution/dispute", Scope.WRITE, this::openDispute);

    router.get("/disputes", Scope.READ, this::listDisputes);
    router.get("/disputes/{disputeId}", Scope.READ, call -> Reply.standard(200,
        disputeView(call, call.engine().disputes().get(call.path("disputeId")))));
    router.post("/disputes/{disputeId}/assign", Scope.SUPPORT, call -> {
      String disputeId = call.path("disputeId");
      Body body = call.body().strict(Set.of("assignedTo", "agentId", "notes"));
      String assignee = body.requiredText("assignedTo", ID, "agentId");
      body.text("notes", 2000);
      body.check();
      return Reply.standard(200, disputeView(call, call.ops().disputes().assign(disputeId, assignee)));
    });
    router.post("/disputes/{disputeId}/resolve", Scope.SUPPORT, this::resolve);
  }

  private Reply create(Call call) {
    Body body = call.body().strict(Set.of("buyer_id", "buyerId", "seller_id", "sellerId", "amount", "currency",
        "title", "description", "client_order_ref", "clientOrderRef", "milestones", "metadata"));
    String buyer = body.requiredText("buyer_id", ID, "buyerId");
    String seller = body.requiredText("seller_id", ID, "sellerId");
    String amount = body.amount("amount", true);
    String currency = AccountRoutes.currency(body);
    String title = body.requiredText("title", 200);
    String description = body.text("description", 2000);
    String ref = body.text("client_order_ref", 100, "clientOrderRef");
    String metadata = body.objectJson("metadata", 8192);
    List<CreateOrderRequest.MilestoneInput> milestones = new ArrayList<>();
    JsonNode items = body.raw("milestones");
    if (items != null) {
      if (!items.isArray() || items.size() > MAX_MILESTONES) {
        body.error("milestones", "milestones must be an array of at most " + MAX_MILESTONES + " items");
      } else {
        int index = 0;
        for (JsonNode item : items) {
          String prefix = "milestones[" + index++ + "]";
          if (!item.isObject()) {
            body.error(prefix, prefix + " must be an object");
            continue;
          }
          Body milestone = Body.of(item).strict(Set.of("milestone_ref", "ref", "title", "description", "amount"));
          String milestoneRef = milestone.requiredText("milestone_ref", ID, "ref");
          String milestoneTitle = milestone.requiredText("title", 200, "description");
          String milestoneAmount = milestone.amount("amount", true);
          body.absorb(prefix, milestone);
          milestones.add(new CreateOrderRequest.MilestoneInput(milestoneRef, milestoneTitle, milestoneAmount));
        }
      }
    }
    body.check();
    OrderSnapshot created = call.ops().orders().create(new CreateOrderRequest(buyer, seller, amount, currency, title,
        description, metadata, ref, milestones));
    return Reply.standard(201, Views.order(created));
  }

  private Reply list(Call call) {
    String buyer = call.query("buyer_id");
    String seller = call.query("seller_id");
    Set<OrderStatus> statuses = Set.of();
    String status = call.query("status");
    if (status != null) {
      for (OrderStatus candidate : OrderStatus.values()) {
        if (candidate.name().equals(status)) {
          statuses = Set.of(candidate);
        }
      }
    }
    String userFilter = buyer != null && seller != null ? (buyer.equals(seller) ? buyer : null)
        : buyer != null ? buyer : seller;
    Predicate<Order> filter = buyer != null && seller != null
        ? o -> o.buyerId().equals(buyer) || o.sellerId().equals(seller)
        : buyer != null ? o -> o.buyerId().equals(buyer)
        : seller != null ? o -> o.sellerId().equals(seller) : o -> true;
    Instant after = isoTime(call, "created_after");
    Instant before = isoTime(call, "created_before");
    if (after != null || before != null) {
      filter = filter.and(o -> (after == null || !o.createdAt().isBefore(after))
          && (before == null || o.createdAt().isBefore(before)));
    }
    Set<OrderStatus> chosen = statuses;
    return Paging.keyset((position, limit) -> call.engine().orders().listAfter(userFilter, chosen, position, limit),
        id -> AccountRoutes.found(() -> call.engine().orders().get(id).order()), o -> new Keyset(o.createdAt(), o.id()),
        filter, Order::id, call.query("cursor"), call.limit(), order -> Views.order(call.engine().orders()
            .get(order.id())));
  }

  /**
   * What {@code created_after} / {@code created_before} accept: the pattern of these parameters in
   * openapi.json (a test keeps the two equal). A 4-digit year, upper-case {@code T} and {@code Z}, an
   * offset {@code ±HH:MM}; a date alone means its start in UTC.
   */
  public static final String CREATED_BOUND_PATTERN =
      "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$";
  private static final java.util.regex.Pattern CREATED_BOUND = java.util.regex.Pattern.compile(CREATED_BOUND_PATTERN);

  /**
   * A {@code created_after} / {@code created_before} bound (spec/02 op 25, ISO 8601): see
   * {@link #CREATED_BOUND_PATTERN}; the date and time must also exist. The range is half-open: created_after
   * is inclusive, created_before exclusive. A parameter that is present but empty, undecodable or anything
   * else is a 400 VALIDATION_ERROR, never ignored.
   */
  private static Instant isoTime(Call call, String name) {
    String text = call.ctx().queryParam(name);
    if (text == null && !present(call.ctx().queryString(), name)) {
      return null;
    }
    try {
      if (text == null || text.length() > 64 || !CREATED_BOUND.matcher(text).matches()) {
        throw new DateTimeParseException("not the documented pattern", String.valueOf(text), 0);
      }
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ApiError(400, "VALIDATION_ERROR", name + " must be an ISO 8601 date or date-time",
          Map.of("validationErrors", List.of(name + " must be a valid ISO 8601 date string"), "parameter", name));
    }
  }

  /** Whether the raw query string names parameter {@code name} (with any value, or one that does not decode). */
  private static boolean present(String query, String name) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if ((equals < 0 ? pair : pair.substring(0, equals)).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private Reply completeMilestone(Call call) {
    String orderId = call.path("orderId");
    String ref = call.path("milestoneRef");
    Order order = call.ops().orders().completeMilestone(orderId, ref).order();
    for (Milestone milestone : order.milestones()) {
      if (milestone.ref().equals(ref)) {
        return Reply.standard(201, Views.milestone(order, milestone));
      }
    }
    throw ApiError.of(ErrorCode.MILESTONE_NOT_FOUND, "Milestone " + ref + " not found in order " + orderId);
  }

  private Reply openDispute(Call call) {
    String orderId = call.path("orderId");
    Body body = call.body().strict(Set.of("openedBy", "reason", "evidence", "orderId"));
    DisputeParty openedBy = body.enumValue("openedBy", DisputeParty.class, true);
    DisputeReason reason = body.enumValue("reason", DisputeReason.class, true);
    List<String> evidence = body.textList("evidence", 20, 2000, false);
    String bodyOrder = body.text("orderId", ID);
    if (bodyOrder != null && !bodyOrder.equals(orderId)) {
      body.error("orderId", "orderId in the body must match the order in the path");
    }
    body.check();
    OrderSnapshot snapshot = call.ops().orders().openDispute(orderId, new OpenDisputeRequest(openedBy, reason,
        evidence));
    return Reply.standard(201, Views.dispute(snapshot.dispute(), snapshot));
  }

  private Reply listDisputes(Call call) {
    String orderId = call.query("orderId");
    DisputeStatus status = enumQuery(call, "status", DisputeStatus.class);
    DisputeParty openedBy = enumQuery(call, "openedBy", DisputeParty.class);
    List<Object> out = new ArrayList<>();
    for (int offset = 0; offset < 10_000; offset += 100) {
      List<Dispute> page = call.engine().disputes().list(offset, 100);
      for (Dispute dispute : page) {
        if ((orderId == null || orderId.equals(dispute.orderId())) && (status == null || status == dispute.status())
            && (openedBy == null || openedBy == dispute.openedBy())) {
          out.add(disputeView(call, dispute));
        }
      }
      if (page.size() < 100) {
        break;
      }
    }
    return Reply.standard(200, out);
  }

  private static <E extends Enum<E>> E enumQuery(Call call, String name, Class<E> type) {
    String value = call.query(name);
    if (value == null) {
      return null;
    }
    for (E option : type.getEnumConstants()) {
      if (option.name().equals(value)) {
        return option;
      }
    }
    throw new ApiError(400, "VALIDATION_ERROR", name + " must be one of " + List.of(type.getEnumConstants()),
        Map.of("validationErrors", List.of(name + " must be one of the following values")));
  }

  private Reply resolve(Call call) {
    String disputeId = call.path("disputeId");
    Body body = call.body().strict(Set.of("decision", "releaseAmount", "release_amount", "refundAmount",
        "refund_amount", "note"));
    ResolutionDecision decision = body.enumValue("decision", ResolutionDecision.class, true);
    String release = body.amount("releaseAmount", false, "release_amount");
    String refund = body.amount("refundAmount", false, "refund_amount");
    String note = body.text("note", 2000);
    body.check();
    if (decision == ResolutionDecision.SPLIT) {
      checkSplitAmounts(release, refund);
    }
    OrderSnapshot snapshot;
    try {
      snapshot = call.ops().disputes().resolve(disputeId, new ResolveDisputeRequest(decision, note, release, refund));
    } catch (OrchestratorException e) {
      if (decision == ResolutionDecision.SPLIT && e.code() == ErrorCode.INVALID_AMOUNT) {
        throw splitAmountRefused(e.getMessage());
      }
      throw e;
    }
    Dispute dispute = snapshot.dispute() != null ? snapshot.dispute() : call.engine().disputes().get(disputeId);
    return Reply.standard(200, Views.dispute(dispute, snapshot));
  }

  /**
   * SPLIT amounts (spec/01 BR-14): both required and greater than zero, else 422 INVALID_AMOUNT; a
   * malformed amount is a 400 INVALID_AMOUNT_FORMAT like everywhere else. Their sum is checked by the
   * engine against the order, under its lock.
   */
  private static void checkSplitAmounts(String release, String refund) {
    if (release == null || refund == null) {
      throw splitAmountRefused("Both releaseAmount and refundAmount are required for SPLIT decision");
    }
    for (String amount : List.of(release, refund)) {
      if (Money.parse(amount, ErrorCode.INVALID_AMOUNT_FORMAT).isZero()) {
        throw splitAmountRefused("Split amounts must be greater than zero");
      }
    }
  }

  /** INVALID_AMOUNT is 400 elsewhere (milestones); on a SPLIT resolution the reference clients expect 422. */
  private static ApiError splitAmountRefused(String message) {
    return new ApiError(422, ErrorCode.INVALID_AMOUNT.name(), message);
  }

  private static Map<String, Object> disputeView(Call call, Dispute dispute) {
    return Views.dispute(dispute, call.engine().orders().get(dispute.orderId()));
  }
}

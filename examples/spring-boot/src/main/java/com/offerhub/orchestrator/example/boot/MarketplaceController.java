package com.offerhub.orchestrator.example.boot;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A few endpoints over the auto-configured engine: users, balances, a manual credit, orders through
 * escrow, and (sandbox only) a deposit from outside on the simulated network. State-changing calls
 * take an {@code Idempotency-Key}; the engine's refusals become their HTTP status with a stable code.
 */
@RestController
@RequestMapping("/api")
public class MarketplaceController {
  private static final String PRINCIPAL = "example-app";
  private final OrchestratorEngine engine;
  private final ObjectProvider<SimulatedNetwork> sandbox;

  public MarketplaceController(OrchestratorEngine engine, ObjectProvider<SimulatedNetwork> sandbox) {
    this.engine = engine;
    this.sandbox = sandbox;
  }

  public record NewUser(String externalUserId) {}

  public record Credit(String amount, String reason) {}

  public record NewOrder(String buyerId, String sellerId, String amount, String title) {}

  public record Deposit(String userId, String amount) {}

  @PostMapping("/users")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Object> createUser(@RequestBody NewUser body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    User user = as(key).users().create(CreateUserRequest.of(body.externalUserId()));
    return Map.of("id", user.id(), "externalUserId", user.externalUserId(), "depositAddress",
        engine.wallets().depositAddress(user.id()));
  }

  @GetMapping("/users/{userId}/balance")
  public Map<String, Object> balance(@PathVariable("userId") String userId) {
    engine.users().get(userId);
    return balanceView(engine.balances().get(userId));
  }

  /** Money the chain never saw: an operator's credit, with its reason kept in the audit log. */
  @PostMapping("/users/{userId}/balance/credit")
  public Map<String, Object> credit(@PathVariable("userId") String userId, @RequestBody Credit body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    as(key).balances().credit(userId, BalanceRequest.of(body.amount()), body.reason());
    return balanceView(engine.balances().get(userId));
  }

  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Object> createOrder(@RequestBody NewOrder body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    return orderView(as(key).orders().create(CreateOrderRequest.of(body.buyerId(), body.sellerId(), body.amount(),
        body.title())));
  }

  /** One step of an order's life: {@code reserve}, {@code escrow}, {@code fund} or {@code release}. */
  @PostMapping("/orders/{orderId}/{step}")
  public Map<String, Object> orderStep(@PathVariable("orderId") String orderId, @PathVariable("step") String step,
      @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    OrchestratorEngine.Operations ops = as(key);
    OrderSnapshot order = switch (step) {
      case "reserve" -> ops.orders().reserve(orderId);
      case "escrow" -> ops.orders().createEscrow(orderId);
      case "fund" -> ops.orders().fundEscrow(orderId);
      case "release" -> ops.orders().release(orderId);
      default -> throw OrchestratorException.validation("step must be reserve, escrow, fund or release");
    };
    return orderView(order);
  }

  /** Sandbox only: an outside account pays USDC to the user's wallet; the deposit watcher credits it. */
  @PostMapping("/sandbox/deposits")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Map<String, Object> sandboxDeposit(@RequestBody Deposit body) {
    SimulatedNetwork network = sandbox.getIfAvailable();
    if (network == null) {
      throw new NotFound("sandbox deposits exist only with offerhub.mode=sandbox");
    }
    engine.users().get(body.userId());
    Money amount = Money.parsePositive(body.amount());
    String hash = network.depositFromOutside(engine.wallets().depositAddress(body.userId()), amount);
    return Map.of("transactionHash", hash, "amount", amount.format());
  }

  @ExceptionHandler(OrchestratorException.class)
  public ResponseEntity<Map<String, Object>> refused(OrchestratorException e) {
    return error(e.code().httpStatus(), e.code().name(), e.getMessage());
  }

  @ExceptionHandler(NotFound.class)
  public ResponseEntity<Map<String, Object>> notFound(NotFound e) {
    return error(404, "NOT_FOUND", e.getMessage());
  }

  private static ResponseEntity<Map<String, Object>> error(int status, String code, String message) {
    return ResponseEntity.status(status).body(Map.of("error", Map.of("code", code, "message", message)));
  }

  private OrchestratorEngine.Operations as(String idempotencyKey) {
    RequestContext context = RequestContext.of(PRINCIPAL);
    return engine.as(idempotencyKey == null ? context : context.withIdempotencyKey(idempotencyKey));
  }

  private static Map<String, Object> balanceView(Balance balance) {
    return Map.of("userId", balance.userId(), "available", balance.available().format(), "reserved",
        balance.reserved().format());
  }

  private static Map<String, Object> orderView(OrderSnapshot snapshot) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", snapshot.order().id());
    view.put("status", snapshot.order().status().name());
    view.put("amount", snapshot.order().amount().format());
    snapshot.findEscrow().ifPresent(escrow -> view.put("escrowStatus", escrow.status().name()));
    return view;
  }

  /** A route that does not exist in this mode. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }
}

package com.offerhub.orchestrator.server.api;

import com.offerhub.orchestrator.BalanceOperationResult;
import com.offerhub.orchestrator.BalanceOperations;
import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.BalanceSync;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.server.http.ApiError;
import com.offerhub.orchestrator.server.http.Body;
import com.offerhub.orchestrator.server.http.Call;
import com.offerhub.orchestrator.server.http.Reply;
import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import com.offerhub.orchestrator.server.http.Times;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Users, balances, wallets, top-ups and withdrawals (spec/02 §9.3-9.5, 9.9, 9.10). */
public final class AccountRoutes {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]{2,63}$");
  private static final int TEXT = 500;
  private static final int ID = 128;
  private final ServerContext server;

  public AccountRoutes(ServerContext server) {
    this.server = server;
  }

  public void register(Router router) {
    router.post("/users", Scope.WRITE, this::createUser);
    router.get("/users/{userId}", Scope.READ, call -> Reply.standard(200, userView(call.engine(),
        call.engine().users().get(call.path("userId")))));
    router.post("/users/{userId}/airtm/link", Scope.WRITE, this::linkAirtm);
    router.get("/users/{userId}/balance", Scope.READ, call -> Reply.flat(200,
        Views.balance(call.engine().balances().get(call.path("userId")))));
    // Manual credits and debits create or destroy money the chain never saw: operator actions with a reason.
    router.post("/users/{userId}/balance/credit", Scope.SUPPORT, call -> manualBalanceOp(call,
        (ops, req, reason) -> ops.balances().credit(call.path("userId"), req, reason)));
    router.post("/users/{userId}/balance/debit", Scope.SUPPORT, call -> manualBalanceOp(call,
        (ops, req, reason) -> ops.balances().debit(call.path("userId"), req, reason)));
    router.post("/users/{userId}/balance/reserve", Scope.WRITE, call -> balanceOp(call, true, false,
        (ops, req) -> ops.balances().reserve(call.path("userId"), req)));
    router.post("/users/{userId}/balance/release", Scope.WRITE, call -> balanceOp(call, true, true,
        (ops, req) -> ops.balances().release(call.path("userId"), req)));
    router.post("/users/{userId}/balance/cancel-reservation", Scope.WRITE, call -> balanceOp(call, true, false,
        (ops, req) -> ops.balances().cancelReservation(call.path("userId"), req)));
    router.post("/users/{userId}/balance/deduct-reserved", Scope.WRITE, call -> balanceOp(call, true, false,
        (ops, req) -> ops.balances().deductReserved(call.path("userId"), req)));
    router.post("/users/{userId}/balance/sync", Scope.WRITE, call -> Reply.flat(200,
        Views.sync(call.ops().balances().sync(call.path("userId")))));
    router.get("/users/{userId}/balance/verify", Scope.READ, this::verify);
    router.get("/users/{userId}/wallet", Scope.READ, this::wallet);
    router.get("/users/{userId}/wallet/deposit", Scope.READ, this::depositInfo);
    router.get("/users/{userId}/wallet/transactions", Scope.READ, this::transactions);

    router.post("/topups", Scope.WRITE, this::createTopUp);
    router.get("/topups", Scope.READ, call -> {
      // without AirTM there are no top-ups: an empty list, and 404 for any id (the reference clients' reading)
      String userId = call.query("userId");
      return Paging.keyset((after, limit) -> call.engine().topUps().listAfter(userId, after, limit),
          id -> found(() -> call.engine().topUps().get(id)), t -> new Keyset(t.createdAt(), t.id()), t -> true,
          TopUp::id, call.query("cursor"), call.limit(), Views::topUp);
    });
    router.get("/topups/{topupId}", Scope.READ, call -> Reply.flat(200, Views.topUp(ownedTopUp(call))));
    router.post("/topups/{topupId}/refresh", Scope.READ, call -> {
      TopUp owned = ownedTopUp(call);
      return Reply.flat(200, Views.topUp(call.ops().topUps().refresh(owned.id())));
    });
    router.post("/topups/{topupId}/cancel", Scope.WRITE, call -> {
      TopUp owned = ownedTopUp(call);
      return Reply.flat(200, Views.topUp(call.ops().topUps().cancel(owned.id())));
    });
    router.get("/topups/{topupId}/callback", Scope.PUBLIC, this::topUpCallback);

    router.post("/withdrawals", Scope.WRITE, this::createWithdrawal);
    router.get("/withdrawals", Scope.READ, call -> {
      String userId = call.query("userId");
      return Paging.keyset((after, limit) -> call.engine().withdrawals().listAfter(userId, after, limit),
          id -> found(() -> call.engine().withdrawals().get(id)), w -> new Keyset(w.createdAt(), w.id()), w -> true,
          Withdrawal::id, call.query("cursor"), call.limit(), Views::withdrawal);
    });
    router.get("/withdrawals/{withdrawalId}", Scope.READ, call -> Reply.flat(200,
        Views.withdrawal(ownedWithdrawal(call))));
    router.post("/withdrawals/{withdrawalId}/commit", Scope.WRITE, call -> {
      Withdrawal owned = ownedWithdrawal(call);
      return Reply.flat(200, Views.withdrawal(call.ops().withdrawals().commit(owned.id())));
    });
    router.post("/withdrawals/{withdrawalId}/refresh", Scope.READ, call -> {
      Withdrawal owned = ownedWithdrawal(call);
      return Reply.flat(200, Views.withdrawal(call.ops().withdrawals().refresh(owned.id())));
    });
  }

  static Map<String, Object> userView(OrchestratorEngine engine, User user) {
    return Views.user(user, engine.balances().get(user.id()));
  }

  private Reply createUser(Call call) {
    Body body = call.body().strict(Set.of("externalUserId", "external_user_id", "email", "type"));
    String external = body.requiredText("externalUserId", ID, "external_user_id");
    String email = body.text("email", 254);
    if (email != null && !EMAIL.matcher(email).matches()) {
      body.error("email", "email must be an email");
    }
    UserType type = body.enumValue("type", UserType.class, false);
    body.check();
    User user = call.ops().users().create(new CreateUserRequest(external, email, type));
    return Reply.standard(201, userView(call.engine(), user));
  }

  private Reply linkAirtm(Call call) {
    String userId = call.path("userId");
    Body body = call.body().strict(Set.of("email"));
    String email = body.requiredText("email", 254);
    if (email != null && !EMAIL.matcher(email).matches()) {
      body.error("email", "email must be an email");
    }
    body.check();
    if (!server.airtm()) {
      throw ApiError.of(ErrorCode.PROVIDER_NOT_CONFIGURED,
          "AirTM is not configured on this server (PAYMENT_PROVIDER=crypto): there is no AirTM account to link");
    }
    User linked;
    try {
      linked = call.ops().users().linkAirtm(userId, email);
    } catch (OrchestratorException e) {
      if (e.code() != ErrorCode.AIRTM_USER_INVALID) {
        throw e;
      }
      // spec/02 op 11: the link answers 400 with the reason itself as the code
      String reason = String.valueOf(e.details().getOrDefault("failureReason", "AIRTM_USER_INVALID"));
      throw new ApiError(400, reason, e.getMessage(), Map.of("failureReason", reason));
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("success", true);
    view.put("userId", linked.id());
    view.put("airtmUserId", linked.airtmUserId());
    view.put("airtmLinkedAt", Times.iso(linked.airtmLinkedAt()));
    view.put("linkedAt", Times.iso(linked.airtmLinkedAt()));
    view.put("eligible", true);
    view.put("email", linked.airtmEmail());
    view.put("airtmEmail", linked.airtmEmail());
    return Reply.standard(200, view);
  }

  private Reply balanceOp(Call call, boolean needsOrder, boolean needsSeller,
      BiFunction<OrchestratorEngine.Operations, BalanceRequest, BalanceOperationResult> op) {
    String userId = call.path("userId");
    Set<String> allowed = needsSeller ? Set.of("amount", "currency", "description", "orderId", "reference",
        "sellerId", "recipientId") : needsOrder ? Set.of("amount", "currency", "description", "orderId", "reference")
        : Set.of("amount", "currency", "description", "reference");
    Body body = call.body().strict(allowed);
    String amount = body.amount("amount", true);
    String currency = currency(body);
    String description = body.text("description", TEXT);
    String reference = needsOrder ? body.requiredText("orderId", ID, "reference") : body.text("reference", ID);
    String seller = needsSeller ? body.requiredText("sellerId", ID, "recipientId") : null;
    body.check();
    BalanceRequest request = new BalanceRequest(amount, currency, description, reference, seller);
    return Reply.flat(200, Views.balanceOperation(op.apply(call.ops(), request)));
  }

  /** A manual credit or debit (operator action). */
  @FunctionalInterface
  private interface ManualOp {
    BalanceOperationResult apply(OrchestratorEngine.Operations ops, BalanceRequest request, String reason);
  }

  private Reply manualBalanceOp(Call call, ManualOp op) {
    call.path("userId");
    Body body = call.body().strict(Set.of("amount", "currency", "description", "reference", "reason"));
    String amount = body.amount("amount", true);
    String currency = currency(body);
    String description = body.text("description", TEXT);
    String reference = body.text("reference", ID);
    String reason = body.requiredText("reason", BalanceOperations.MAX_REASON);
    body.check();
    BalanceRequest request = new BalanceRequest(amount, currency, description, reference, null);
    return Reply.flat(200, Views.balanceOperation(op.apply(call.ops(), request, reason)));
  }

  static String currency(Body body) {
    String currency = body.text("currency", 8);
    if (currency != null && !currency.equals("USD")) {
      body.error("currency", "currency must be USD");
    }
    return currency == null ? "USD" : currency;
  }

  private Reply verify(Call call) {
    String userId = call.path("userId");
    BalanceSync sync = call.ops().balances().verify(userId);
    Balance balance = call.engine().balances().get(userId);
    Map<String, Object> view = Views.balance(balance);
    view.put("providerVerified", sync.synced() && "none".equals(sync.action()));
    return Reply.flat(200, view);
  }

  private Reply wallet(Call call) {
    String userId = call.path("userId");
    Wallet wallet = call.engine().wallets().get(userId);
    // chain reads, outside any transaction
    return Reply.standard(200, Views.wallet(wallet, call.engine().wallets().onChainBalance(userId),
        call.engine().wallets().onChainXlmBalance(userId)));
  }

  private Reply depositInfo(Call call) {
    String address = call.engine().wallets().depositAddress(call.path("userId"));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("provider", "crypto");
    view.put("method", "stellar_address");
    view.put("address", address);
    Map<String, Object> asset = new LinkedHashMap<>();
    asset.put("code", server.sandbox() ? "USDC" : server.config().stellar().usdcCode());
    asset.put("issuer", server.usdcIssuer());
    view.put("asset", asset);
    view.put("network", server.config().mode().name().toLowerCase(Locale.ROOT));
    view.put("instructions", "Send USDC to this Stellar address. Deposits are detected automatically within seconds.");
    return Reply.standard(200, view);
  }

  private Reply transactions(Call call) {
    String userId = call.path("userId");
    String asset = (server.sandbox() ? "USDC" : server.config().stellar().usdcCode()) + ":" + server.usdcIssuer();
    List<Object> out = new ArrayList<>();
    for (IncomingPayment payment : call.engine().wallets().transactions(userId, call.limit())) {
      out.add(Views.walletTransaction(payment, asset));
    }
    return Reply.standard(200, out);
  }

  private void requireAirtm() {
    if (!server.airtm()) {
      throw ApiError.of(ErrorCode.PROVIDER_NOT_CONFIGURED,
          "Top-ups need the AirTM provider; this server runs with PAYMENT_PROVIDER=crypto");
    }
  }

  /** AirTM operations need a linked AirTM account (spec/02 §9.9). */
  private static void requireLinked(Call call, String userId, String message) {
    if (call.engine().users().get(userId).airtmUserId() == null) {
      throw ApiError.of(ErrorCode.AIRTM_USER_NOT_LINKED, message);
    }
  }

  private Reply createTopUp(Call call) {
    Body body = call.body().strict(Set.of("userId", "user_id", "amount", "currency", "description", "return_url",
        "cancel_url", "metadata"));
    String userId = body.requiredText("userId", ID, "user_id");
    String amount = body.amount("amount", true);
    currency(body);
    String description = body.text("description", TEXT);
    body.check();
    requireAirtm();
    requireLinked(call, userId, "User must link Airtm account before creating top-ups");
    TopUp topUp = call.ops().topUps().create(userId, amount, description);
    Map<String, Object> view = Views.topUp(topUp);
    view.put("expiresAt", null);
    return Reply.flat(201, view);
  }

  private TopUp ownedTopUp(Call call) {
    TopUp topUp = call.engine().topUps().get(call.path("topupId"));
    String owner = call.query("userId");
    if (owner != null && !owner.equals(topUp.userId())) {
      throw ApiError.of(ErrorCode.TOPUP_NOT_FOUND, "Top-up not found");
    }
    return topUp;
  }

  private Reply topUpCallback(Call call) {
    String success = server.setting("TOPUP_SUCCESS_REDIRECT_URL", "http://localhost:3001/topups/success");
    String cancel = server.setting("TOPUP_CANCEL_REDIRECT_URL", "http://localhost:3001/topups/canceled");
    if (!server.airtm()) {
      return Reply.redirect(cancel);
    }
    TopUp topUp;
    try {
      topUp = call.engine().topUps().get(call.path("topupId"));
    } catch (RuntimeException e) {
      return Reply.redirect(cancel);
    }
    try {
      topUp = call.engine().topUps().refresh(topUp.id());
    } catch (RuntimeException e) {
      // the provider is unreachable: the stored status decides
    }
    String status = topUp.status().name();
    return Reply.redirect(status.equals("TOPUP_SUCCEEDED") || status.equals("TOPUP_PROCESSING") ? success : cancel);
  }

  private Reply createWithdrawal(Call call) {
    Body body = call.body().strict(Set.of("userId", "user_id", "amount", "currency", "destinationType",
        "destinationRef", "commit", "description"));
    String userId = body.requiredText("userId", ID, "user_id");
    String amount = body.amount("amount", true);
    currency(body);
    DestinationType type = body.lowerEnum("destinationType", DestinationType.class, true);
    String destination = body.requiredText("destinationRef", 256);
    Boolean commit = body.bool("commit");
    String description = body.text("description", TEXT);
    body.check();
    if (type != DestinationType.CRYPTO && !server.airtm()) {
      throw ApiError.of(ErrorCode.PROVIDER_NOT_CONFIGURED, "destinationType " + type.name().toLowerCase(Locale.ROOT)
          + " needs the AirTM provider; this server runs with PAYMENT_PROVIDER=crypto");
    }
    if (type != DestinationType.CRYPTO) {
      requireLinked(call, userId, "User must link Airtm account before withdrawing to AirTM");
    }
    OrchestratorEngine.Operations ops = call.ops();
    boolean committed = type == DestinationType.CRYPTO || Boolean.TRUE.equals(commit);
    Withdrawal withdrawal = ops.withdrawals().create(new CreateWithdrawalRequest(userId, amount, type, destination,
        description, committed));
    Map<String, Object> view = Views.withdrawal(withdrawal);
    view.put("committed", committed);
    return Reply.flat(201, view);
  }

  private Withdrawal ownedWithdrawal(Call call) {
    Withdrawal withdrawal = call.engine().withdrawals().get(call.path("withdrawalId"));
    String owner = call.query("userId");
    if (owner != null && !owner.equals(withdrawal.userId())) {
      throw ApiError.of(ErrorCode.WITHDRAWAL_NOT_FOUND, "Withdrawal not found");
    }
    return withdrawal;
  }

  /** The record {@code get} finds, or empty when it says not found (an unknown cursor). */
  static <T> java.util.Optional<T> found(java.util.function.Supplier<T> get) {
    try {
      return java.util.Optional.of(get.get());
    } catch (OrchestratorException e) {
      return java.util.Optional.empty();
    }
  }

  static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
          text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.testkit.network.AccountView;
import com.offerhub.orchestrator.testkit.network.AuthEntry;
import com.offerhub.orchestrator.testkit.network.EscrowArgs;
import com.offerhub.orchestrator.testkit.network.EscrowView;
import com.offerhub.orchestrator.testkit.network.Op;
import com.offerhub.orchestrator.testkit.network.ScVal;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import com.offerhub.orchestrator.testkit.network.Tx;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import com.offerhub.orchestrator.testkit.network.TxResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Trustless Work's V1 REST API at {@code /tw} (spec/05 §2, §12), single-release escrows: every
 * write endpoint checks the API key, the body and the contract's rules against the current state
 * (refusing with the contract's exact message) and answers an unsigned transaction built as the
 * conventions say (source = the signer, next sequence number, 100,000 stroops of fee, 300 s of
 * validity, one contract call with source-account authorisation and Soroban data). The signed
 * transaction comes back through {@code /helper/send-transaction} (fee-bumps accepted too).
 */
final class TrustlessFront {
  private static final long FEE = 100_000;
  private static final long VALIDITY_SECONDS = 300;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SENT = "The transaction has been successfully sent to the Stellar network.";
  private final StellarSimulator simulator;
  private final SimulatedNetwork network;
  private final XdrCodec codec;
  private final Faults faults;

  TrustlessFront(StellarSimulator simulator) {
    this.simulator = simulator;
    this.network = simulator.network();
    this.codec = simulator.codec();
    this.faults = simulator.faults();
  }

  /** A refusal with Trustless Work's error body. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;

    Refusal(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  boolean handle(Http http) throws IOException {
    String endpoint = http.path().substring("/tw".length());
    long latency = faults.twLatency(endpoint);
    if (latency > 0) {
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int forced = faults.takeTwStatus(endpoint);
    if (forced != 0) {
      if (forced == 429) {
        http.header("Retry-After", "1");
      }
      http.json(forced, error(forced, forced == 429 ? "Too many requests" : "Unexpected error (fault knob)"));
      return true;
    }
    String key = http.header("x-api-key");
    if (key == null || !MessageDigest.isEqual(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        simulator.twApiKey().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      http.json(401, error(401, "Unauthorized"));
      return true;
    }
    try {
      String method = http.method();
      if (method.equals("GET")) {
        switch (endpoint) {
          case "/helper/get-multiple-escrow-balance" -> balances(http);
          case "/helper/get-escrows-by-signer" -> list(http, required(http, "signer"), "signer");
          case "/helper/get-escrows-by-role" -> byRole(http);
          case "/helper/get-escrow-by-contract-ids" -> byIds(http);
          default -> throw new Refusal(404, "Cannot GET " + endpoint);
        }
        return true;
      }
      if (!method.equals("POST") && !method.equals("PUT")) {
        throw new Refusal(404, "Cannot " + method + " " + endpoint);
      }
      JsonNode body = http.json();
      if (body == null || !body.isObject()) {
        throw new Refusal(400, "The request body must be a JSON object");
      }
      switch (endpoint) {
        case "/deployer/single-release" -> deploy(http, body);
        case "/deployer/multi-release", "/escrow/multi-release/fund-escrow" ->
            throw new Refusal(400, "Multi-release escrows are not supported by this simulator");
        case "/escrow/single-release/fund-escrow" -> fund(http, body);
        case "/escrow/single-release/change-milestone-status" -> changeStatus(http, body);
        case "/escrow/single-release/approve-milestone" -> approve(http, body);
        case "/escrow/single-release/release-funds" -> release(http, body);
        case "/escrow/single-release/dispute-escrow" -> dispute(http, body);
        case "/escrow/single-release/resolve-dispute" -> resolve(http, body);
        case "/helper/send-transaction" -> send(http, body);
        case "/indexer/update-from-txHash" -> updateFromHash(http, body);
        default -> throw new Refusal(404, "Cannot " + method + " " + endpoint);
      }
    } catch (Refusal refusal) {
      http.json(refusal.status, error(refusal.status, refusal.getMessage()));
    }
    return true;
  }

  private static ObjectNode error(int status, String message) {
    ObjectNode node = Http.object();
    node.put("statusCode", status);
    node.put("message", message);
    node.put("error", switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> "Internal Server Error";
    });
    return node;
  }

  // ---- body fields ----

  private static String text(JsonNode body, String field) throws Refusal {
    JsonNode value = body.get(field);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new Refusal(400, field + " required");
    }
    return value.asText();
  }

  private static String account(JsonNode body, String field) throws Refusal {
    String value = text(body, field);
    if (!HorizonFront.validAccount(value)) {
      throw new Refusal(400, field + " must be a valid Stellar address");
    }
    return value;
  }

  private static String required(Http http, String name) throws Refusal {
    String value = http.query(name);
    if (value == null || value.isBlank()) {
      throw new Refusal(400, name + " required");
    }
    return value;
  }

  /** A token amount (JSON number, or a numeric string) as stroops; at most 7 decimals. */
  private static long stroops(JsonNode body, String field) throws Refusal {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw new Refusal(400, field + " required");
    }
    BigDecimal amount;
    try {
      amount = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
      return amount.movePointRight(7).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new Refusal(400, field + " must be a number with at most 7 decimals");
    }
  }

  private static long index(JsonNode body) throws Refusal {
    String value = text(body, "milestoneIndex");
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new Refusal(400, "milestoneIndex must be an integer");
    }
  }

  private EscrowView escrow(JsonNode body) throws Refusal {
    String contractId = text(body, "contractId");
    EscrowView view = network.escrow(contractId);
    if (view == null) {
      throw new Refusal(404, "Escrow not found");
    }
    return view;
  }

  // ---- write endpoints ----

  private void deploy(Http http, JsonNode body) throws IOException, Refusal {
    String signer = account(body, "signer");
    JsonNode roles = body.get("roles");
    if (roles == null || !roles.isObject()) {
      throw new Refusal(400, "roles required");
    }
    EscrowArgs.Roles parsedRoles = new EscrowArgs.Roles(account(roles, "approver"), account(roles, "serviceProvider"),
        account(roles, "platformAddress"), account(roles, "releaseSigner"), account(roles, "disputeResolver"),
        account(roles, "receiver"));
    String engagementId = text(body, "engagementId");
    long amount = stroops(body, "amount");
    BigDecimal feePercent;
    JsonNode fee = body.get("platformFee");
    if (fee == null || fee.isNull()) {
      throw new Refusal(400, "platformFee required");
    }
    try {
      feePercent = fee.isNumber() ? fee.decimalValue() : new BigDecimal(fee.asText().trim());
    } catch (NumberFormatException e) {
      throw new Refusal(400, "platformFee must be a number");
    }
    long feeBps;
    try {
      feeBps = feePercent.movePointRight(2).longValueExact();
    } catch (ArithmeticException e) {
      throw new Refusal(400, "platformFee must have at most 2 decimals");
    }
    if (feeBps < 0) {
      throw new Refusal(400, "platformFee must not be negative");
    }
    JsonNode milestones = body.get("milestones");
    if (milestones == null || !milestones.isArray()) {
      throw new Refusal(400, "milestones required");
    }
    List<EscrowArgs.Milestone> parsed = new ArrayList<>();
    for (JsonNode m : milestones) {
      parsed.add(new EscrowArgs.Milestone(text(m, "description"), m.path("status").asText(""), null,
          m.path("approved").asBoolean(false)));
    }
    JsonNode trustline = body.get("trustline");
    if (trustline == null || !trustline.isObject()) {
      throw new Refusal(400, "trustline required");
    }
    String trustlineAddress = account(trustline, "address");
    String symbol = text(trustline, "symbol");
    EscrowArgs.Properties properties = new EscrowArgs.Properties(engagementId, body.path("title").asText(""),
        body.path("description").asText(""), parsedRoles, amount, feeBps, parsed, trustlineAddress, symbol);
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    String function = network.defaultVariant() == SimulatedNetwork.Variant.A ? EscrowArgs.DEPLOY_A
        : EscrowArgs.DEPLOY_B;
    answer(http, signer, network.deployerContract(), function, List.of(ScVal.address(signer),
        new ScVal.Bytes(HexFormat.of().formatHex(salt)), EscrowArgs.escrowMap(properties)));
  }

  private void fund(Http http, JsonNode body) throws IOException, Refusal {
    EscrowView view = escrow(body);
    String signer = account(body, "signer");
    long amount = stroops(body, "amount");
    answer(http, signer, view.contractId(), EscrowArgs.FUND, List.of(ScVal.address(signer),
        EscrowArgs.escrowMap(view), ScVal.i128(amount)));
  }

  private void changeStatus(Http http, JsonNode body) throws IOException, Refusal {
    EscrowView view = escrow(body);
    long index = index(body);
    String status = text(body, "newStatus");
    String provider = account(body, "serviceProvider");
    JsonNode evidence = body.get("newEvidence");
    ScVal evidenceValue = evidence == null || evidence.isNull() ? new ScVal.Void() : ScVal.str(evidence.asText());
    answer(http, provider, view.contractId(), EscrowArgs.CHANGE_STATUS, List.of(ScVal.i128(index), ScVal.str(status),
        evidenceValue, ScVal.address(provider)));
  }

  private void approve(Http http, JsonNode body) throws IOException, Refusal {
    EscrowView view = escrow(body);
    long index = index(body);
    String approver = account(body, "approver");
    answer(http, approver, view.contractId(), EscrowArgs.APPROVE, List.of(ScVal.i128(index), ScVal.address(approver)));
  }

  private void release(Http http, JsonNode body) throws IOException, Refusal {
    EscrowView view = escrow(body);
    String signer = account(body, "releaseSigner");
    List<ScVal> args = view.variant() == SimulatedNetwork.Variant.A ? List.of(ScVal.address(signer))
        : List.of(ScVal.address(signer), ScVal.address(simulator.twFeeAddress()));
    answer(http, signer, view.contractId(), EscrowArgs.RELEASE, args);
  }

  private void dispute(Http http, JsonNode body) throws IOException, Refusal {
    EscrowView view = escrow(body);
    String signer = account(body, "signer");
    answer(http, signer, view.contractId(), EscrowArgs.DISPUTE, List.of(ScVal.address(signer)));
  }

  private void resolve(Http http, JsonNode body) throws IOException, Refusal {
    EscrowView view = escrow(body);
    String resolver = account(body, "disputeResolver");
    JsonNode distributions = body.get("distributions");
    if (distributions == null || !distributions.isArray() || distributions.isEmpty()) {
      throw new Refusal(400, "distributions required");
    }
    Map<String, Long> amounts = new LinkedHashMap<>();
    for (JsonNode d : distributions) {
      amounts.merge(account(d, "address"), stroops(d, "amount"), Long::sum);
    }
    List<ScVal.Entry> entries = new ArrayList<>();
    amounts.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> entries.add(new ScVal.Entry(ScVal.address(e.getKey()), ScVal.i128(e.getValue()))));
    ScVal.Map map = new ScVal.Map(entries);
    List<ScVal> args = view.variant() == SimulatedNetwork.Variant.A ? List.of(ScVal.address(resolver), map)
        : List.of(ScVal.address(resolver), ScVal.address(simulator.twFeeAddress()), map);
    answer(http, resolver, view.contractId(), EscrowArgs.RESOLVE, args);
  }

  /**
   * Runs the contract's checks against the current state and answers the unsigned transaction, or
   * refuses with the contract's message.
   */
  private void answer(Http http, String signer, String contract, String function, List<ScVal> args)
      throws IOException, Refusal {
    AccountView account = network.account(signer);
    if (account == null) {
      throw new Refusal(400, "The signer account " + signer + " does not exist on the network");
    }
    AuthEntry auth = AuthEntry.sourceAccount(new AuthEntry.Invocation(contract, function, args, List.of()));
    Op.InvokeContract op = new Op.InvokeContract(null, contract, function, args, List.of(auth));
    TxResult refusal = network.check(op, signer);
    if (refusal != null) {
      throw new Refusal(400, refusal.message() != null ? refusal.message() : refusal.describe());
    }
    long now = network.clock().millis() / 1000;
    Tx tx = Tx.builder().source(signer).sequence(account.sequence() + 1).fee(FEE)
        .timeBounds(0, (now + VALIDITY_SECONDS) * 1000).op(op).build();
    String xdr = codec.build(tx, XdrCodec.sorobanData(FEE - 100)).toEnvelopeXdrBase64();
    ObjectNode node = Http.object();
    node.put("status", "SUCCESS");
    node.put("unsignedTransaction", xdr);
    http.json(200, node);
  }

  // ---- submission ----

  private void send(Http http, JsonNode body) throws IOException, Refusal {
    String signed = text(body, "signedXdr");
    Tx tx;
    try {
      tx = codec.decode(signed);
    } catch (XdrCodec.MalformedException e) {
      throw new Refusal(400, "The signed transaction could not be decoded: " + e.getMessage());
    }
    Faults.Send fault = faults.takeSend();
    if (fault == Faults.Send.FAILED_WITHOUT_APPLY) {
      ObjectNode node = Http.object();
      node.put("status", "FAILED");
      node.put("message", "The transaction could not be sent to the Stellar network.");
      http.json(200, node);
      return;
    }
    if (fault == Faults.Send.BAD_SEQ) {
      throw new Refusal(400, "Transaction failed: tx_bad_seq");
    }
    SimulatedNetwork.Submission submission = network.submit(tx);
    TxRecord record = submission.record();
    TxResult refusal = submission.refusal();
    if (record == null && refusal == null && submission.status() != SimulatedNetwork.Status.TRY_AGAIN_LATER) {
      SimulatedNetwork.Awaited awaited = network.await(tx.primaryHash(), simulator.submitTimeout());
      record = awaited.record();
      refusal = awaited.dropped();
    }
    if (fault == Faults.Send.APPLY_THEN_500) {
      throw new Refusal(500, "The transaction result could not be read yet (resultMetaXdr is not available); "
          + "it may not be complete yet");
    }
    if (record == null && refusal == null) {
      throw new Refusal(500, "The transaction was sent but may not be complete yet (no resultMetaXdr)");
    }
    if (record == null || !record.success()) {
      TxResult failure = record != null ? record.result() : refusal;
      ObjectNode node = error(400, failure.message() != null ? failure.message() : "Transaction failed: "
          + failure.describe());
      node.put("status", "FAILED");
      http.json(400, node);
      return;
    }
    ObjectNode node = Http.object();
    node.put("status", "SUCCESS");
    node.put("message", SENT);
    node.put("hash", tx.primaryHash());
    if (record.result().returnValue() instanceof ScVal.Address deployed && deployed.value().startsWith("C")) {
      node.put("contractId", deployed.value());
      EscrowView view = network.escrow(deployed.value());
      if (view != null) {
        node.set("escrow", indexerRecord(view));
      }
    }
    http.json(200, node);
  }

  private void updateFromHash(Http http, JsonNode body) throws IOException, Refusal {
    String hash = text(body, "txHash").toLowerCase(Locale.ROOT);
    if (network.record(hash) == null) {
      throw new Refusal(400, "Transaction " + hash + " not found on the network");
    }
    ObjectNode node = Http.object();
    node.put("status", "SUCCESS");
    node.put("message", "The escrow has been updated from the transaction.");
    http.json(200, node);
  }

  // ---- readers ----

  private void balances(Http http) throws IOException, Refusal {
    List<String> addresses = http.queryList("addresses");
    if (addresses.isEmpty()) {
      throw new Refusal(400, "addresses required");
    }
    ArrayNode out = Http.JSON.createArrayNode();
    for (String address : addresses) {
      ObjectNode item = out.addObject();
      item.put("address", address);
      item.put("balance", BigDecimal.valueOf(network.usdcBalance(address).stroops()).movePointLeft(7)
          .stripTrailingZeros());
    }
    http.json(200, out);
  }

  private void byRole(Http http) throws IOException, Refusal {
    String role = required(http, "role");
    String address = required(http, "roleAddress");
    if (!List.of("approver", "serviceProvider", "platformAddress", "releaseSigner", "disputeResolver", "receiver",
        "signer").contains(role)) {
      throw new Refusal(400, "role must be one of approver, serviceProvider, platformAddress, releaseSigner, "
          + "disputeResolver, receiver, signer");
    }
    list(http, address, role);
  }

  private void byIds(Http http) throws IOException, Refusal {
    List<String> ids = http.queryList("contractIds");
    if (ids.isEmpty()) {
      throw new Refusal(400, "contractIds required");
    }
    ArrayNode out = Http.JSON.createArrayNode();
    for (String id : ids) {
      EscrowView view = network.escrow(id);
      if (view != null) {
        out.add(indexerRecord(view));
      }
    }
    http.json(200, out);
  }

  private void list(Http http, String address, String role) throws IOException, Refusal {
    Predicate<EscrowView> match = switch (role) {
      case "signer" -> v -> v.deployer().equals(address);
      case "approver" -> v -> v.roles().approver().equals(address);
      case "serviceProvider" -> v -> v.roles().serviceProvider().equals(address);
      case "platformAddress" -> v -> v.roles().platformAddress().equals(address);
      case "releaseSigner" -> v -> v.roles().releaseSigner().equals(address);
      case "disputeResolver" -> v -> v.roles().disputeResolver().equals(address);
      default -> v -> v.roles().receiver().equals(address);
    };
    String engagementId = http.query("engagementId");
    String title = http.query("title");
    String status = http.query("status");
    String type = http.query("type");
    BigDecimal min = decimal(http, "minAmount");
    BigDecimal max = decimal(http, "maxAmount");
    List<EscrowView> found = new ArrayList<>();
    for (EscrowView view : network.escrows()) {
      BigDecimal amount = BigDecimal.valueOf(view.amount()).movePointLeft(7);
      if (match.test(view) && (engagementId == null || engagementId.equals(view.engagementId()))
          && (title == null || view.title().toLowerCase(Locale.ROOT).contains(title.toLowerCase(Locale.ROOT)))
          && (status == null || status.equals(status(view)))
          && (type == null || type.equals("single-release"))
          && (min == null || amount.compareTo(min) >= 0) && (max == null || amount.compareTo(max) <= 0)) {
        found.add(view);
      }
    }
    Comparator<EscrowView> order = switch (http.query("orderBy") == null ? "createdAt" : http.query("orderBy")) {
      case "updatedAt" -> Comparator.comparingLong(EscrowView::updatedAtMillis);
      case "amount" -> Comparator.comparingLong(EscrowView::amount);
      default -> Comparator.comparingLong(EscrowView::createdAtMillis);
    };
    if (!"asc".equalsIgnoreCase(http.query("orderDirection"))) {
      order = order.reversed();
    }
    found.sort(order);
    ArrayNode out = Http.JSON.createArrayNode();
    found.forEach(v -> out.add(indexerRecord(v)));
    http.json(200, out);
  }

  private static BigDecimal decimal(Http http, String name) throws Refusal {
    String value = http.query(name);
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new Refusal(400, name + " must be a number");
    }
  }

  private static String status(EscrowView view) {
    if (view.released()) {
      return "released";
    }
    if (view.resolved()) {
      return "resolved";
    }
    if (view.disputed()) {
      return "inDispute";
    }
    return view.milestones().stream().allMatch(EscrowArgs.Milestone::approved) ? "pendingRelease" : "working";
  }

  /** The indexer's record of an escrow (spec/05 §3.1): token units as JSON numbers, timestamps as {@code _seconds}. */
  static ObjectNode indexerRecord(EscrowView view) {
    ObjectNode node = Http.object();
    node.put("contractId", view.contractId());
    node.put("signer", view.deployer());
    node.put("type", "single-release");
    node.put("engagementId", view.engagementId());
    node.put("title", view.title());
    node.put("description", view.description());
    ObjectNode roles = node.putObject("roles");
    roles.put("approver", view.roles().approver());
    roles.put("serviceProvider", view.roles().serviceProvider());
    roles.put("platformAddress", view.roles().platformAddress());
    roles.put("releaseSigner", view.roles().releaseSigner());
    roles.put("disputeResolver", view.roles().disputeResolver());
    roles.put("receiver", view.roles().receiver());
    node.put("amount", BigDecimal.valueOf(view.amount()).movePointLeft(7).stripTrailingZeros());
    node.put("platformFee", BigDecimal.valueOf(view.platformFeeBps()).movePointLeft(2).stripTrailingZeros());
    node.put("balance", BigDecimal.valueOf(view.balance()).movePointLeft(7).stripTrailingZeros());
    ArrayNode milestones = node.putArray("milestones");
    for (EscrowArgs.Milestone m : view.milestones()) {
      ObjectNode item = milestones.addObject();
      item.put("description", m.description());
      item.put("status", m.status());
      if (m.evidence() != null) {
        item.put("evidence", m.evidence());
      }
      item.put("approved", m.approved());
    }
    ObjectNode flags = node.putObject("flags");
    flags.put("disputed", view.disputed());
    flags.put("released", view.released());
    flags.put("resolved", view.resolved());
    flags.put("approved", view.milestones().stream().allMatch(EscrowArgs.Milestone::approved));
    ObjectNode trustline = node.putObject("trustline");
    trustline.put("address", view.trustlineAddress());
    trustline.put("symbol", view.trustlineSymbol());
    node.put("isActive", true);
    node.put("user", view.deployer());
    node.put("contractVariant", view.variant().name());
    node.put("serviceFeeBps", view.serviceFeeBps());
    ObjectNode created = node.putObject("createdAt");
    created.put("_seconds", view.createdAtMillis() / 1000);
    created.put("_nanoseconds", (view.createdAtMillis() % 1000) * 1_000_000);
    ObjectNode updated = node.putObject("updatedAt");
    updated.put("_seconds", view.updatedAtMillis() / 1000);
    updated.put("_nanoseconds", (view.updatedAtMillis() % 1000) * 1_000_000);
    return node;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.testkit.network.AccountView;
import com.offerhub.orchestrator.testkit.network.Asset;
import com.offerhub.orchestrator.testkit.network.Memo;
import com.offerhub.orchestrator.testkit.network.OpRecord;
import com.offerhub.orchestrator.testkit.network.ScVal;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import com.offerhub.orchestrator.testkit.network.Tx;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import com.offerhub.orchestrator.testkit.network.TxResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.stellar.sdk.xdr.DecoratedSignature;
import org.stellar.sdk.xdr.TransactionEnvelope;

/**
 * Horizon at {@code /}: root, accounts, transaction submission (plain and fee-bump) and lookup by
 * outer or inner hash, payments (global and per account) as pages or server-sent events, fee
 * stats. JSON shapes as Horizon sends them and the 0.44.0 SDK parses them.
 */
final class HorizonFront {
  static final long MAX_LIMIT = 200;
  private final StellarSimulator simulator;
  private final SimulatedNetwork network;
  private final XdrCodec codec;
  private final Faults faults;

  HorizonFront(StellarSimulator simulator) {
    this.simulator = simulator;
    this.network = simulator.network();
    this.codec = simulator.codec();
    this.faults = simulator.faults();
  }

  boolean handle(Http http) throws IOException {
    String path = http.path();
    String method = http.method();
    if (path.equals("/") && method.equals("GET")) {
      root(http);
    } else if (path.equals("/fee_stats") && method.equals("GET")) {
      feeStats(http);
    } else if (path.equals("/transactions") && method.equals("POST")) {
      submit(http);
    } else if (path.startsWith("/transactions/") && method.equals("GET")) {
      transaction(http, path.substring("/transactions/".length()));
    } else if (path.equals("/payments") && method.equals("GET")) {
      payments(http, null);
    } else if (path.startsWith("/accounts/") && path.endsWith("/payments") && method.equals("GET")) {
      String id = path.substring("/accounts/".length(), path.length() - "/payments".length());
      payments(http, id);
    } else if (path.startsWith("/accounts/") && method.equals("GET") && path.indexOf('/', 10) < 0) {
      account(http, path.substring("/accounts/".length()));
    } else {
      return false;
    }
    return true;
  }

  private void root(Http http) throws IOException {
    ObjectNode node = Http.object();
    long ledger = network.ledger();
    String passphrase = faults.reportedPassphrase() != null ? faults.reportedPassphrase() : network.passphrase();
    node.put("horizon_version", "offerhub-simulator");
    node.put("core_version", "offerhub-simulator");
    node.put("ingest_latest_ledger", ledger);
    node.put("history_latest_ledger", ledger);
    node.put("history_latest_ledger_closed_at", iso(network.lastClose().toEpochMilli()));
    node.put("history_elder_ledger", 1);
    node.put("core_latest_ledger", ledger);
    node.put("network_passphrase", passphrase);
    node.put("current_protocol_version", 21);
    node.put("supported_protocol_version", 21);
    node.put("core_supported_protocol_version", 21);
    http.json(200, node);
  }

  private void feeStats(Http http) throws IOException {
    ObjectNode node = Http.object();
    node.put("last_ledger", Long.toString(network.ledger()));
    node.put("last_ledger_base_fee", "100");
    node.put("ledger_capacity_usage", "0.01");
    for (String name : new String[] {"fee_charged", "max_fee"}) {
      ObjectNode stats = node.putObject(name);
      for (String key : new String[] {"max", "min", "mode", "p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80",
          "p90", "p95", "p99"}) {
        stats.put(key, "100");
      }
    }
    http.json(200, node);
  }

  private void account(Http http, String id) throws IOException {
    AccountView account = network.account(id);
    if (account == null) {
      notFound(http);
      return;
    }
    ObjectNode node = Http.object();
    node.putObject("_links").putObject("self").put("href", base(http) + "/accounts/" + id);
    node.put("id", id);
    node.put("account_id", id);
    node.put("sequence", Long.toString(account.sequence()));
    node.put("subentry_count", account.subentries());
    node.put("last_modified_ledger", account.lastModifiedLedger());
    node.put("last_modified_time", iso(network.lastClose().toEpochMilli()));
    ObjectNode thresholds = node.putObject("thresholds");
    thresholds.put("low_threshold", 0);
    thresholds.put("med_threshold", 0);
    thresholds.put("high_threshold", 0);
    ObjectNode flags = node.putObject("flags");
    flags.put("auth_required", false);
    flags.put("auth_revocable", false);
    flags.put("auth_immutable", false);
    flags.put("auth_clawback_enabled", false);
    ArrayNode balances = node.putArray("balances");
    if (account.usdc() != null) {
      ObjectNode usdc = balances.addObject();
      usdc.put("balance", XdrCodec.amount(account.usdc()));
      usdc.put("limit", XdrCodec.amount(account.usdcLimit()));
      usdc.put("buying_liabilities", "0.0000000");
      usdc.put("selling_liabilities", "0.0000000");
      usdc.put("last_modified_ledger", account.lastModifiedLedger());
      usdc.put("is_authorized", true);
      usdc.put("is_authorized_to_maintain_liabilities", true);
      usdc.put("is_clawback_enabled", false);
      usdc.put("asset_type", network.usdcCode().length() <= 4 ? "credit_alphanum4" : "credit_alphanum12");
      usdc.put("asset_code", network.usdcCode());
      usdc.put("asset_issuer", network.usdcIssuer());
      if (account.trustlineSponsor() != null) {
        usdc.put("sponsor", account.trustlineSponsor());
      }
    }
    ObjectNode xlm = balances.addObject();
    xlm.put("balance", XdrCodec.amount(account.xlm()));
    xlm.put("buying_liabilities", "0.0000000");
    xlm.put("selling_liabilities", "0.0000000");
    xlm.put("asset_type", "native");
    ArrayNode signers = node.putArray("signers");
    ObjectNode master = signers.addObject();
    master.put("weight", 1);
    master.put("key", id);
    master.put("type", "ed25519_public_key");
    node.putObject("data");
    node.put("num_sponsoring", account.numSponsoring());
    node.put("num_sponsored", account.numSponsored());
    if (account.sponsor() != null) {
      node.put("sponsor", account.sponsor());
    }
    node.put("paging_token", id);
    http.json(200, node);
  }

  // ---- submission ----

  private void submit(Http http) throws IOException {
    Faults.Submit fault = faults.takeSubmit();
    String envelope = http.form("tx");
    Tx tx = null;
    XdrCodec.MalformedException malformed = null;
    if (envelope != null && !envelope.isBlank()) {
      try {
        tx = codec.decode(envelope);
        simulator.submitted(tx.primaryHash(), envelope);
      } catch (XdrCodec.MalformedException e) {
        malformed = e;
      }
    }
    if (fault != null && !fault.applies()) {
      refuseWith(http, fault);
      return;
    }
    if (envelope == null || envelope.isBlank()) {
      http.problem(400, "transaction_malformed", "Transaction Malformed",
          "The request has no transaction envelope in the form field 'tx'.", null);
      return;
    }
    if (malformed != null) {
      XdrCodec.MalformedException e = malformed;
      ObjectNode extras = Http.object();
      extras.put("envelope_xdr", envelope);
      http.problem(400, "transaction_malformed", "Transaction Malformed",
          "Horizon could not decode the transaction envelope in this request. " + e.getMessage(), extras);
      return;
    }
    SimulatedNetwork.Submission submission = network.submit(tx);
    TxRecord record = submission.record();
    TxResult refusal = submission.refusal();
    if (submission.status() == SimulatedNetwork.Status.QUEUED
        || submission.status() == SimulatedNetwork.Status.DUPLICATE && record == null) {
      SimulatedNetwork.Awaited awaited = network.await(tx.primaryHash(), simulator.submitTimeout());
      record = awaited.record();
      refusal = awaited.dropped();
    }
    if (fault == Faults.Submit.TIMEOUT_AFTER_APPLY) {
      timeout(http);
      return;
    }
    if (fault == Faults.Submit.STALL_AFTER_APPLY) {
      stall(http);
      return;
    }
    if (submission.status() == SimulatedNetwork.Status.TRY_AGAIN_LATER) {
      http.problem(503, "server_over_capacity", "Server Over Capacity",
          "The transaction queue is full; submit again later.", null);
      return;
    }
    if (record != null) {
      if (record.success()) {
        http.json(200, transactionJson(http, record, tx.primaryHash()));
      } else {
        failed(http, tx, record.result());
      }
      return;
    }
    if (refusal != null) {
      failed(http, tx, refusal);
      return;
    }
    timeout(http);
  }

  private void refuseWith(Http http, Faults.Submit fault) throws IOException {
    switch (fault) {
      case TIMEOUT -> timeout(http);
      case UNAVAILABLE -> http.problem(503, "service_unavailable", "Service Unavailable",
          "The simulator refused the request (fault knob).", null);
      case RESET -> http.abort();
      case RATE_LIMITED -> {
        http.header("Retry-After", Integer.toString(faults.retryAfterSeconds()));
        http.problem(429, "rate_limit_exceeded", "Rate Limit Exceeded",
            "The rate limit for the requesting IP address is over its alloted limit.", null);
      }
      case STALL -> stall(http);
      default -> throw new IllegalStateException();
    }
  }

  /** Holds the request past the client's timeout, then drops the connection without an answer. */
  private void stall(Http http) {
    stall(faults.stallMillis());
    http.abort();
  }

  static void stall(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void timeout(Http http) throws IOException {
    http.problem(504, "timeout", "Timeout",
        "Your request timed out before completing. The transaction may still be applied; look it up by hash.", null);
  }

  private void failed(Http http, Tx tx, TxResult result) throws IOException {
    ObjectNode extras = Http.object();
    extras.put("envelope_xdr", tx.envelope());
    extras.put("result_xdr", XdrResults.result(tx, result));
    ObjectNode codes = extras.putObject("result_codes");
    codes.put("transaction", XdrResults.outerCode(tx, result));
    if (tx.isFeeBump() && !XdrResults.outerCode(tx, result).equals(result.code())) {
      codes.put("inner_transaction", result.code());
    }
    if (!result.opCodes().isEmpty()) {
      ArrayNode ops = codes.putArray("operations");
      result.opCodes().forEach(ops::add);
    }
    if (result.message() != null) {
      extras.put("result_message", result.describe());
    }
    http.problem(400, "transaction_failed", "Transaction Failed",
        "The transaction failed when submitted to the stellar network. The `extras.result_codes` field on this "
            + "response contains further details.", extras);
  }

  // ---- lookup ----

  private void transaction(Http http, String hash) throws IOException {
    TxRecord record = network.record(hash.toLowerCase(java.util.Locale.ROOT));
    if (record == null) {
      notFound(http);
      return;
    }
    http.json(200, transactionJson(http, record, hash.toLowerCase(java.util.Locale.ROOT)));
  }

  /** A transaction resource; asked by a fee-bump's inner hash, {@code hash} is the inner one (as Horizon does). */
  ObjectNode transactionJson(Http http, TxRecord record, String askedHash) {
    Tx tx = record.tx();
    boolean inner = tx.isFeeBump() && askedHash.equals(tx.hash());
    String hash = tx.isFeeBump() && !inner ? tx.outerHash() : tx.hash();
    ObjectNode node = Http.object();
    ObjectNode links = node.putObject("_links");
    links.putObject("self").put("href", base(http) + "/transactions/" + hash);
    node.put("id", hash);
    node.put("paging_token", Long.toString(record.pagingToken()));
    node.put("successful", record.success());
    node.put("hash", hash);
    node.put("ledger", record.ledger());
    node.put("created_at", iso(record.closedAtMillis()));
    node.put("source_account", tx.source());
    node.put("source_account_sequence", Long.toString(tx.sequence()));
    node.put("fee_account", tx.feePayer());
    node.put("fee_charged", Long.toString(record.result().feeCharged()));
    node.put("max_fee", Long.toString(tx.isFeeBump() ? tx.outerFee() : tx.fee()));
    node.put("operation_count", tx.operations().size());
    node.put("envelope_xdr", tx.envelope());
    node.put("result_xdr", XdrResults.result(record));
    node.put("result_meta_xdr", XdrResults.meta(record));
    node.put("fee_meta_xdr", "");
    Memo memo = tx.memo();
    switch (memo.kind()) {
      case TEXT -> {
        node.put("memo_type", "text");
        node.put("memo", memo.value());
        node.put("memo_bytes", Base64.getEncoder().encodeToString(memo.value().getBytes(StandardCharsets.UTF_8)));
      }
      case ID -> {
        node.put("memo_type", "id");
        node.put("memo", memo.value());
      }
      case HASH, RETURN -> {
        node.put("memo_type", memo.kind() == Memo.Kind.HASH ? "hash" : "return");
        node.put("memo", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(memo.value())));
      }
      default -> node.put("memo_type", "none");
    }
    Signatures signatures = signatures(tx);
    ArrayNode sigs = node.putArray("signatures");
    (tx.isFeeBump() && !inner ? signatures.outer() : signatures.inner()).forEach(sigs::add);
    ObjectNode preconditions = node.putObject("preconditions");
    ObjectNode bounds = preconditions.putObject("timebounds");
    bounds.put("min_time", Long.toString(tx.minTimeMillis() / 1000));
    if (tx.maxTimeMillis() != Long.MAX_VALUE) {
      bounds.put("max_time", Long.toString(tx.maxTimeMillis() / 1000));
      node.put("valid_before", iso(tx.maxTimeMillis() / 1000 * 1000));
    }
    node.put("valid_after", iso(tx.minTimeMillis() / 1000 * 1000));
    if (tx.isFeeBump()) {
      ObjectNode bump = node.putObject("fee_bump_transaction");
      bump.put("hash", tx.outerHash());
      ArrayNode outerSigs = bump.putArray("signatures");
      signatures.outer().forEach(outerSigs::add);
      ObjectNode innerNode = node.putObject("inner_transaction");
      innerNode.put("hash", tx.hash());
      innerNode.put("max_fee", Long.toString(tx.fee()));
      ArrayNode innerSigs = innerNode.putArray("signatures");
      signatures.inner().forEach(innerSigs::add);
    }
    return node;
  }

  /** The base64 signatures of the (inner) transaction and of the fee-bump. */
  private record Signatures(List<String> inner, List<String> outer) {}

  private static Signatures signatures(Tx tx) {
    List<String> inner = new ArrayList<>();
    List<String> outer = new ArrayList<>();
    try {
      TransactionEnvelope envelope = TransactionEnvelope.fromXdrBase64(tx.envelope());
      DecoratedSignature[] innerSigs;
      switch (envelope.getDiscriminant()) {
        case ENVELOPE_TYPE_TX -> innerSigs = envelope.getV1().getSignatures();
        case ENVELOPE_TYPE_TX_V0 -> innerSigs = envelope.getV0().getSignatures();
        case ENVELOPE_TYPE_TX_FEE_BUMP -> {
          innerSigs = envelope.getFeeBump().getTx().getInnerTx().getV1().getSignatures();
          for (DecoratedSignature s : envelope.getFeeBump().getSignatures()) {
            outer.add(Base64.getEncoder().encodeToString(s.getSignature().getSignature()));
          }
        }
        default -> innerSigs = new DecoratedSignature[0];
      }
      for (DecoratedSignature s : innerSigs) {
        inner.add(Base64.getEncoder().encodeToString(s.getSignature().getSignature()));
      }
    } catch (IOException | RuntimeException e) {
      // an envelope the network made itself without signatures
    }
    return new Signatures(inner, outer);
  }

  // ---- payments ----

  private void payments(Http http, String account) throws IOException {
    String cursorText = http.query("cursor");
    String lastEventId = http.header("Last-Event-ID");
    boolean ascending = !"desc".equalsIgnoreCase(http.query("order"));
    boolean join = "transactions".equals(http.query("join"));
    int limit;
    Long cursor;
    try {
      limit = http.query("limit") == null ? 10 : Integer.parseInt(http.query("limit"));
      String effective = lastEventId != null && !lastEventId.isBlank() ? lastEventId : cursorText;
      cursor = effective == null || effective.isBlank() ? null
          : effective.equals("now") ? Long.MAX_VALUE - 1 : Long.parseLong(effective);
    } catch (NumberFormatException e) {
      http.problem(400, "bad_request", "Bad Request", "The request you sent was invalid in some way.",
          invalidField("cursor", "the cursor must be a paging token or \"now\""));
      return;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      http.problem(400, "bad_request", "Bad Request", "The request you sent was invalid in some way.",
          invalidField("limit", "limit must be between 1 and 200"));
      return;
    }
    if (account != null && !validAccount(account)) {
      http.problem(400, "bad_request", "Bad Request", "The request you sent was invalid in some way.",
          invalidField("account_id", "not a valid account id"));
      return;
    }
    if ("text/event-stream".equalsIgnoreCase(http.header("Accept"))) {
      stream(http, account, cursor, join);
      return;
    }
    if (cursor != null && cursor == Long.MAX_VALUE - 1) {
      cursor = latestId();
    }
    List<OpRecord> records = network.operations(account, cursor, ascending, limit);
    int rewind = faults.takePageRewind();
    if (rewind > 0 && ascending && cursor != null) {
      List<OpRecord> again = new ArrayList<>(network.operations(account, cursor + 1, false, rewind));
      Collections.reverse(again);
      again.addAll(records);
      records = again.subList(0, Math.min(limit, again.size()));
    }
    ObjectNode page = Http.object();
    String self = base(http) + http.path();
    String order = ascending ? "asc" : "desc";
    String joinPart = join ? "&join=transactions" : "";
    ObjectNode links = page.putObject("_links");
    links.putObject("self").put("href", self + "?cursor=" + (cursor == null ? "" : cursor) + "&limit=" + limit
        + "&order=" + order + joinPart);
    String next = records.isEmpty() ? (cursor == null ? "" : Long.toString(cursor))
        : Long.toString(records.get(records.size() - 1).id());
    String prev = records.isEmpty() ? next : Long.toString(records.get(0).id());
    links.putObject("next").put("href", self + "?cursor=" + next + "&limit=" + limit + "&order=" + order + joinPart);
    links.putObject("prev").put("href", self + "?cursor=" + prev + "&limit=" + limit + "&order="
        + (ascending ? "desc" : "asc") + joinPart);
    // Written by hand around its records (the bytes Jackson would write), so that a cut can fall
    // right after any one of them.
    String head = Http.JSON.writeValueAsString(page);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes((head.substring(0, head.length() - 1) + ",\"_embedded\":{\"records\":[")
        .getBytes(StandardCharsets.UTF_8));
    int dropAfter = faults.takeStreamDrop();
    int cut = dropAfter == 0 ? body.size() : -1;
    int written = 0;
    for (OpRecord record : records) {
      byte[] item = Http.JSON.writeValueAsBytes(operationJson(http, record, join));
      for (int copy = faults.takeDuplicate() ? 2 : 1; copy > 0; copy--) {
        if (written > 0) {
          body.write(',');
        }
        body.writeBytes(item);
        if (++written == dropAfter) {
          cut = body.size();
        }
      }
    }
    body.writeBytes("]}}".getBytes(StandardCharsets.UTF_8));
    if (cut >= 0) {
      http.sendCut(200, "application/json; charset=utf-8", body.toByteArray(), cut);
    } else {
      http.send(200, "application/json; charset=utf-8", body.toByteArray());
    }
  }

  private long latestId() {
    return (network.ledger() + 1) << 32;
  }

  private static ObjectNode invalidField(String field, String reason) {
    ObjectNode extras = Http.object();
    extras.put("invalid_field", field);
    extras.put("reason", reason);
    return extras;
  }

  /**
   * Server-sent events: {@code open}, then one event per record after the cursor, then new records
   * as ledgers close; a comment line every few seconds keeps the connection alive.
   */
  private void stream(Http http, String account, Long cursor, boolean join) throws IOException {
    int dropAfter = faults.takeStreamDrop();
    int sent = 0;
    long last = cursor == null ? -1 : cursor == Long.MAX_VALUE - 1 ? latestId() : cursor;
    try (OutputStream out = http.stream("text/event-stream; charset=utf-8")) {
      out.write("retry: 1000\nevent: open\ndata: \"hello\"\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      long ledger = network.ledger();
      while (!simulator.closed()) {
        List<OpRecord> records = network.operations(account, last < 0 ? null : last, true, 200);
        for (OpRecord record : records) {
          byte[] event = ("id: " + record.id() + "\ndata: "
              + Http.JSON.writeValueAsString(operationJson(http, record, join)) + "\n\n")
              .getBytes(StandardCharsets.UTF_8);
          out.write(event);
          if (faults.takeDuplicate()) {
            out.write(event);
          }
          out.flush();
          last = record.id();
          sent++;
          if (dropAfter >= 0 && sent >= dropAfter) {
            return;
          }
        }
        if (records.size() == 200) {
          continue;
        }
        long now = network.awaitLedgerAfter(ledger, Duration.ofSeconds(5));
        if (now == ledger) {
          out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        ledger = now;
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  ObjectNode operationJson(Http http, OpRecord record, boolean join) {
    ObjectNode node = Http.object();
    String base = base(http);
    ObjectNode links = node.putObject("_links");
    links.putObject("self").put("href", base + "/operations/" + record.id());
    links.putObject("transaction").put("href", base + "/transactions/" + record.txHash());
    node.put("id", Long.toString(record.id()));
    node.put("paging_token", Long.toString(record.id()));
    node.put("transaction_successful", true);
    node.put("source_account", record.sourceAccount());
    node.put("type", record.type());
    node.put("created_at", iso(record.closedAtMillis()));
    node.put("transaction_hash", record.txHash());
    switch (record.type()) {
      case "create_account" -> {
        node.put("type_i", 0);
        node.put("starting_balance", XdrCodec.amount(record.amount()));
        node.put("funder", record.from());
        node.put("account", record.to());
      }
      case "payment" -> {
        node.put("type_i", 1);
        putAsset(node, record.asset());
        node.put("from", record.from());
        node.put("to", record.to());
        node.put("amount", XdrCodec.amount(record.amount()));
      }
      case "path_payment_strict_send", "path_payment_strict_receive" -> {
        node.put("type_i", record.type().equals("path_payment_strict_send") ? 13 : 2);
        putAsset(node, record.asset());
        node.put("from", record.from());
        node.put("to", record.to());
        node.put("amount", XdrCodec.amount(record.amount()));
        ObjectNode source = Http.object();
        putAsset(source, record.sourceAsset());
        source.properties().forEach(field -> node.set("source_" + field.getKey(), field.getValue()));
        node.put("source_amount", XdrCodec.amount(record.sourceAmount()));
        node.putArray("path");
      }
      default -> {
        node.put("type_i", 24);
        node.put("function", "HostFunctionTypeHostFunctionTypeInvokeContract");
        ArrayNode parameters = node.putArray("parameters");
        List<ScVal> values = new ArrayList<>();
        values.add(ScVal.address(record.contract()));
        values.add(new ScVal.Sym(record.function()));
        TxRecord tx = network.record(record.txHash());
        if (tx != null && tx.tx().operations().get(record.opIndex())
            instanceof com.offerhub.orchestrator.testkit.network.Op.InvokeContract invoke) {
          values.addAll(invoke.args());
        }
        for (ScVal value : values) {
          ObjectNode parameter = parameters.addObject();
          parameter.put("value", XdrResults.base64(XdrCodec.scVal(value)::toXdrBase64));
          parameter.put("type", value.getClass().getSimpleName());
        }
        node.put("address", "");
        node.put("salt", "");
        ArrayNode changes = node.putArray("asset_balance_changes");
        for (OpRecord.Transfer transfer : record.transfers()) {
          ObjectNode change = changes.addObject();
          putAsset(change, transfer.asset());
          change.put("type", "transfer");
          change.put("from", transfer.from());
          change.put("to", transfer.to());
          change.put("amount", XdrCodec.amount(transfer.amount()));
        }
      }
    }
    if (join) {
      TxRecord tx = network.record(record.txHash());
      if (tx != null) {
        node.set("transaction", transactionJson(http, tx, record.txHash()));
      }
    }
    return node;
  }

  private static void putAsset(ObjectNode node, Asset asset) {
    if (asset == null || asset.isNative()) {
      node.put("asset_type", "native");
      return;
    }
    node.put("asset_type", asset.code().length() <= 4 ? "credit_alphanum4" : "credit_alphanum12");
    node.put("asset_code", asset.code());
    node.put("asset_issuer", asset.issuer());
  }

  static boolean validAccount(String id) {
    try {
      org.stellar.sdk.StrKey.decodeEd25519PublicKey(id);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static void notFound(Http http) throws IOException {
    http.problem(404, "not_found", "Resource Missing",
        "The resource at the url requested was not found.  This usually occurs for one of two reasons:  The url "
            + "requested is not valid, or no data in our database could be found with the parameters provided.", null);
  }

  static String base(Http http) {
    String host = http.header("Host");
    return "http://" + (host == null ? "localhost" : host);
  }

  static String iso(long millis) {
    return Instant.ofEpochSecond(Math.floorDiv(millis, 1000)).toString();
  }
}

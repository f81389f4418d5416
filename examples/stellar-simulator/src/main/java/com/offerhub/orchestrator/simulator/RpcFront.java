package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.testkit.network.AccountView;
import com.offerhub.orchestrator.testkit.network.Op;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import com.offerhub.orchestrator.testkit.network.Tx;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import com.offerhub.orchestrator.testkit.network.TxResult;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.xdr.LedgerEntryType;
import org.stellar.sdk.xdr.LedgerKey;

/**
 * Soroban RPC at {@code /rpc} (JSON-RPC 2.0): health, network, latest ledger, account ledger
 * entries, simulation (transaction data, resource fee, the authorisation a call needs, its return
 * value), submission (PENDING, DUPLICATE, TRY_AGAIN_LATER, ERROR with the result XDR) and lookup.
 */
final class RpcFront {
  /** The resource fee simulation asks for: with the 100-stroop inclusion fee a call costs 100,000 stroops. */
  static final long MIN_RESOURCE_FEE = 99_900;
  private final StellarSimulator simulator;
  private final SimulatedNetwork network;
  private final XdrCodec codec;
  private final Faults faults;

  RpcFront(StellarSimulator simulator) {
    this.simulator = simulator;
    this.network = simulator.network();
    this.codec = simulator.codec();
    this.faults = simulator.faults();
  }

  boolean handle(Http http) throws IOException {
    if (!http.path().equals("/rpc") && !http.path().equals("/rpc/")) {
      return false;
    }
    if (!http.method().equals("POST")) {
      http.send(405, "text/plain", "POST a JSON-RPC 2.0 request".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return true;
    }
    JsonNode request = http.json();
    if (request == null || !request.hasNonNull("method")) {
      http.json(200, error(null, -32700, "parse error"));
      return true;
    }
    JsonNode id = request.get("id");
    JsonNode params = request.has("params") ? request.get("params") : Http.object();
    String method = request.get("method").asText();
    try {
      ObjectNode result = switch (method) {
        case "getHealth" -> health();
        case "getNetwork" -> networkInfo(http);
        case "getLatestLedger" -> latestLedger();
        case "getLedgerEntries" -> ledgerEntries(params);
        case "simulateTransaction" -> simulate(params);
        case "sendTransaction" -> {
          Faults.Submit fault = faults.takeSubmit();
          recordSubmission(params);
          if (fault != null && !fault.applies()) {
            httpFault(http, fault);
            yield null;
          }
          ObjectNode sent = send(params);
          if (fault != null) {
            network.await(sent.path("hash").asText(), simulator.submitTimeout());
            if (fault == Faults.Submit.STALL_AFTER_APPLY) {
              HorizonFront.stall(faults.stallMillis());
              http.abort();
            } else {
              http.send(504, "text/plain", "gateway timeout".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            yield null;
          }
          yield sent;
        }
        case "getTransaction" -> transaction(params);
        default -> null;
      };
      if (http.answered()) {
        return true;
      }
      if (result == null) {
        http.json(200, error(id, -32601, "method not found: " + method));
        return true;
      }
      ObjectNode response = Http.object();
      response.put("jsonrpc", "2.0");
      response.set("id", id);
      response.set("result", result);
      http.json(200, response);
    } catch (InvalidParams e) {
      http.json(200, error(id, -32602, e.getMessage()));
    }
    return true;
  }

  /** Notes the envelope for {@link StellarSimulator#submissions()}, if it can be read. */
  private void recordSubmission(JsonNode params) {
    String envelope = params.path("transaction").asText("");
    try {
      simulator.submitted(codec.decode(envelope).primaryHash(), envelope);
    } catch (XdrCodec.MalformedException | RuntimeException e) {
      // not recorded: send() answers it as invalid params
    }
  }

  private void httpFault(Http http, Faults.Submit fault) throws IOException {
    switch (fault) {
      case TIMEOUT -> http.send(504, "text/plain", "gateway timeout".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case UNAVAILABLE -> http.send(503, "text/plain", "unavailable".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case RESET -> http.abort();
      case RATE_LIMITED -> {
        http.header("Retry-After", Integer.toString(faults.retryAfterSeconds()));
        http.send(429, "text/plain", "too many requests".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      case STALL -> {
        HorizonFront.stall(faults.stallMillis());
        http.abort();
      }
      default -> throw new IllegalStateException();
    }
  }

  private static final class InvalidParams extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidParams(String message) {
      super(message);
    }
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode response = Http.object();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return response;
  }

  private ObjectNode health() {
    ObjectNode result = Http.object();
    result.put("status", "healthy");
    result.put("latestLedger", network.ledger());
    result.put("oldestLedger", 1);
    result.put("ledgerRetentionWindow", 17_280);
    return result;
  }

  private ObjectNode networkInfo(Http http) {
    ObjectNode result = Http.object();
    result.put("friendbotUrl", HorizonFront.base(http) + "/friendbot/");
    result.put("passphrase", network.passphrase());
    result.put("protocolVersion", 21);
    return result;
  }

  private ObjectNode latestLedger() {
    ObjectNode result = Http.object();
    long ledger = network.ledger();
    result.put("id", HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(ledger).array()));
    result.put("protocolVersion", 21);
    result.put("sequence", ledger);
    return result;
  }

  private ObjectNode ledgerEntries(JsonNode params) throws InvalidParams {
    JsonNode keys = params.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new InvalidParams("keys must be an array of base64 LedgerKey");
    }
    ObjectNode result = Http.object();
    ArrayNode entries = result.putArray("entries");
    for (JsonNode keyNode : keys) {
      LedgerKey key;
      try {
        key = LedgerKey.fromXdrBase64(keyNode.asText());
      } catch (IOException | RuntimeException e) {
        throw new InvalidParams("cannot decode ledger key");
      }
      if (key.getDiscriminant() == LedgerEntryType.ACCOUNT) {
        String id = KeyPair.fromXdrPublicKey(key.getAccount().getAccountID().getAccountID()).getAccountId();
        AccountView account = network.account(id);
        if (account != null) {
          ObjectNode entry = entries.addObject();
          entry.put("key", keyNode.asText());
          entry.put("xdr", XdrResults.accountEntry(account));
          entry.put("lastModifiedLedgerSeq", account.lastModifiedLedger());
        }
      }
    }
    result.put("latestLedger", network.ledger());
    return result;
  }

  /**
   * Simulates one contract call against the current state: on success the transaction data with
   * the resource fee, the authorisation entries the call needs (source-account credentials when the
   * authorising address is the source, otherwise address credentials still to be signed) and the
   * return value; on a refusal the contract's error.
   */
  private ObjectNode simulate(JsonNode params) throws InvalidParams {
    Tx tx;
    try {
      tx = codec.decode(params.path("transaction").asText());
    } catch (XdrCodec.MalformedException e) {
      throw new InvalidParams(e.getMessage());
    }
    ObjectNode result = Http.object();
    result.put("latestLedger", network.ledger());
    if (tx.operations().size() != 1 || !(tx.operations().get(0) instanceof Op.InvokeContract invoke)) {
      result.put("error", "simulation supports exactly one invoke-contract operation");
      return result;
    }
    String source = invoke.source() != null ? invoke.source() : tx.source();
    SimulatedNetwork.Simulation simulation = network.simulate(invoke, source);
    if (simulation.failure() != null) {
      TxResult failure = simulation.failure();
      result.put("error", "HostError: " + (failure.contractError() != null ? "Error(Contract, #"
          + failure.contractError() + ") " : "") + (failure.message() == null ? failure.describe() : failure.message()));
      result.putArray("events");
      return result;
    }
    result.put("transactionData", XdrResults.base64(XdrCodec.sorobanData(MIN_RESOURCE_FEE)::toXdrBase64));
    result.put("minResourceFee", Long.toString(MIN_RESOURCE_FEE));
    result.putArray("events");
    ObjectNode cost = result.putObject("cost");
    cost.put("cpuInsns", "1000000");
    cost.put("memBytes", "100000");
    ArrayNode results = result.putArray("results");
    ObjectNode call = results.addObject();
    ArrayNode auth = call.putArray("auth");
    if (simulation.authorizer() != null) {
      auth.add(XdrResults.base64(XdrCodec.authEntry(invoke, simulation.authorizer(), source)::toXdrBase64));
    }
    org.stellar.sdk.xdr.SCVal returned = XdrCodec.scVal(simulation.returnValue() == null
        ? new com.offerhub.orchestrator.testkit.network.ScVal.Void() : simulation.returnValue());
    call.put("xdr", XdrResults.base64(returned::toXdrBase64));
    return result;
  }

  private ObjectNode send(JsonNode params) throws InvalidParams {
    String envelope = params.path("transaction").asText();
    ObjectNode result = Http.object();
    result.put("latestLedger", network.ledger());
    result.put("latestLedgerCloseTime", Long.toString(network.lastClose().getEpochSecond()));
    Tx tx;
    try {
      tx = codec.decode(envelope);
    } catch (XdrCodec.MalformedException e) {
      throw new InvalidParams(e.getMessage());
    }
    result.put("hash", tx.primaryHash());
    SimulatedNetwork.Submission submission = network.submit(tx);
    switch (submission.status()) {
      case QUEUED, APPLIED -> result.put("status", "PENDING");
      case DUPLICATE -> result.put("status", "DUPLICATE");
      case TRY_AGAIN_LATER -> result.put("status", "TRY_AGAIN_LATER");
      default -> {
        result.put("status", "ERROR");
        result.put("errorResultXdr", XdrResults.result(tx, submission.refusal()));
        if (submission.refusal().message() != null) {
          result.put("errorMessage", submission.refusal().describe());
        }
      }
    }
    return result;
  }

  private ObjectNode transaction(JsonNode params) throws InvalidParams {
    String hash = params.path("hash").asText("").toLowerCase(Locale.ROOT);
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new InvalidParams("hash must be 64 hex characters");
    }
    ObjectNode result = Http.object();
    result.put("latestLedger", network.ledger());
    result.put("latestLedgerCloseTime", Long.toString(network.lastClose().getEpochSecond()));
    result.put("oldestLedger", 1);
    result.put("oldestLedgerCloseTime", "0");
    TxRecord record = network.record(hash);
    if (record == null) {
      result.put("status", "NOT_FOUND");
      return result;
    }
    result.put("status", record.success() ? "SUCCESS" : "FAILED");
    result.put("applicationOrder", record.applicationOrder());
    result.put("feeBump", record.tx().isFeeBump());
    result.put("envelopeXdr", record.tx().envelope());
    result.put("resultXdr", XdrResults.result(record));
    result.put("resultMetaXdr", XdrResults.meta(record));
    result.put("ledger", record.ledger());
    result.put("createdAt", Long.toString(record.closedAtMillis() / 1000));
    return result;
  }
}

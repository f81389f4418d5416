package com.offerhub.orchestrator.stellar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.spi.chain.ChainException;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.stellar.sdk.AccountNotFoundException;
import org.stellar.sdk.PrepareTransactionException;
import org.stellar.sdk.SorobanServer;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilderAccount;
import org.stellar.sdk.requests.sorobanrpc.SorobanRpcErrorResponse;

/**
 * Soroban RPC (JSON-RPC 2.0). Submission and lookups go through this class's own calls, because
 * the SDK's {@code sendTransaction} takes no fee-bump envelope and its answers need exact
 * classification; simulation and assembly use the SDK's {@link SorobanServer}.
 */
final class SorobanRpc implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");
  private final HttpUrl url;
  private final OkHttpClient client;
  private final SorobanServer sdk;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong();

  SorobanRpc(HttpUrl url, OkHttpClient client) {
    this.url = url;
    this.client = client;
    this.sdk = new SorobanServer(url.toString(), client);
  }

  /** What {@code sendTransaction} answered; {@code status} is null when no answer could be read. */
  record Sent(String status, String errorResultXdr, long latestLedger) {
  }

  /** What {@code getTransaction} answered. */
  record Found(String status, long ledger, String resultXdr, Instant latestLedgerCloseTime) {
  }

  /**
   * Sends a signed envelope. A transport failure or an unreadable answer is reported as a null
   * status (unknown); a JSON-RPC error is thrown as {@link RpcError}.
   */
  Sent send(String envelope) throws RpcError {
    JsonNode result;
    try {
      result = call("sendTransaction", Map.of("transaction", envelope));
    } catch (IOException e) {
      return new Sent(null, null, 0);
    }
    return new Sent(text(result, "status"), text(result, "errorResultXdr"), result.path("latestLedger").asLong(0));
  }

  Found transaction(String hash) {
    JsonNode result;
    try {
      result = call("getTransaction", Map.of("hash", hash));
    } catch (IOException | RpcError e) {
      throw new ChainException("Soroban RPC did not answer getTransaction for " + hash + " (" + e.getMessage() + ")", e);
    }
    String status = text(result, "status");
    if (status == null) {
      throw new ChainException("Soroban RPC answered getTransaction for " + hash + " without a status");
    }
    JsonNode closed = result.get("latestLedgerCloseTime");
    Instant latest = closed == null || closed.isNull() ? null : Instant.ofEpochSecond(closed.asLong());
    return new Found(status, result.path("ledger").asLong(0), text(result, "resultXdr"), latest);
  }

  long latestLedger() {
    try {
      return call("getLatestLedger", null).path("sequence").asLong();
    } catch (IOException | RpcError e) {
      throw new ChainException("Soroban RPC did not answer getLatestLedger (" + e.getMessage() + ")", e);
    }
  }

  String networkPassphrase() {
    try {
      return text(call("getNetwork", null), "passphrase");
    } catch (IOException | RpcError e) {
      throw new ChainException("Soroban RPC did not answer getNetwork (" + e.getMessage() + ")", e);
    }
  }

  /** The account's current sequence, read from the ledger through RPC. */
  TransactionBuilderAccount account(String accountId) {
    try {
      return sdk.getAccount(accountId);
    } catch (AccountNotFoundException e) {
      throw new ChainException("account " + accountId + " does not exist on the network");
    } catch (IOException | SorobanRpcErrorResponse | RuntimeException e) {
      throw new ChainException("Soroban RPC did not answer for account " + accountId + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Simulates and assembles {@code draft} (resources, resource fee; authorization kept when present). */
  Transaction prepare(Transaction draft) {
    try {
      return sdk.prepareTransaction(draft);
    } catch (PrepareTransactionException e) {
      String error = e.getSimulateTransactionResponse() == null ? e.getMessage()
          : e.getSimulateTransactionResponse().getError();
      throw new ChainException("Soroban RPC simulation refused the transaction: " + error);
    } catch (IOException | SorobanRpcErrorResponse | RuntimeException e) {
      throw new ChainException("Soroban RPC did not simulate the transaction (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")", e);
    }
  }

  private JsonNode call(String method, Map<String, Object> params) throws IOException, RpcError {
    ObjectNode request = json.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    if (params != null) {
      request.set("params", json.valueToTree(params));
    }
    Request http = new Request.Builder().url(url)
        .post(RequestBody.create(json.writeValueAsBytes(request), JSON))
        .build();
    try (Response response = client.newCall(http).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      JsonNode answer;
      try {
        answer = json.readTree(text);
      } catch (IOException e) {
        throw new IOException("unreadable answer");
      }
      if (answer == null || !answer.isObject()) {
        throw new IOException("unreadable answer");
      }
      JsonNode error = answer.get("error");
      if (error != null && !error.isNull()) {
        throw new RpcError(error.path("code").asInt(), error.path("message").asText(""));
      }
      JsonNode result = answer.get("result");
      if (result == null || !result.isObject()) {
        throw new IOException("answer without a result");
      }
      return result;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** A JSON-RPC error object: the server read the request and refused it. */
  static final class RpcError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;

    RpcError(int code, String message) {
      super("RPC error " + code + ": " + message);
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  @Override
  public void close() {
    try {
      sdk.close();
    } catch (IOException e) {
      // nothing held but pooled connections
    }
  }
}

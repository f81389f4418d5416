package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.Asset;
import org.stellar.sdk.ChangeTrustAsset;
import org.stellar.sdk.BeginSponsoringFutureReservesOperation;
import org.stellar.sdk.ChangeTrustOperation;
import org.stellar.sdk.CreateAccountOperation;
import org.stellar.sdk.EndSponsoringFutureReservesOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.Operation;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.Server;
import org.stellar.sdk.SorobanServer;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.responses.AccountResponse;
import org.stellar.sdk.responses.SubmitTransactionResponse;

/** A simulator started in process for one test, with the SDK's clients and small helpers. */
final class Sim implements AutoCloseable {
  static final Network NETWORK = Network.TESTNET;
  final StellarSimulator simulator;
  final Server horizon;
  final SorobanServer rpc;
  final Asset usdc = Asset.create("USDC:" + StellarSimulator.TESTNET_USDC_ISSUER);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Sim(StellarSimulator.Builder builder) {
    this.simulator = builder.port(0).host("127.0.0.1").start();
    this.horizon = new Server(simulator.baseUrl());
    this.rpc = new SorobanServer(simulator.baseUrl() + "/rpc");
  }

  /** Ledgers close on every submit. */
  static Sim instant() {
    return new Sim(StellarSimulator.builder().ledgerInterval(Duration.ZERO));
  }

  String url() {
    return simulator.baseUrl();
  }

  /** A new account funded by friendbot with 10,000 XLM. */
  KeyPair funded() throws IOException {
    KeyPair keys = KeyPair.random();
    HttpResponse<String> response = get("/friendbot?addr=" + keys.getAccountId(), null);
    assertEquals(200, response.statusCode(), response.body());
    return keys;
  }

  /** A funded account with a USDC trustline. */
  KeyPair withTrustline() throws Exception {
    KeyPair keys = funded();
    SubmitTransactionResponse response = submit(keys, new ChangeTrustOperation.Builder(ChangeTrustAsset.create(usdc),
        "922337203685.4775807").build());
    assertTrue(response.isSuccess(), () -> codes(response));
    return keys;
  }

  /** Sponsorship sandwich: the funding account pays both reserves, the new account holds 0 XLM. */
  KeyPair sponsoredWallet(KeyPair funding) throws Exception {
    KeyPair wallet = KeyPair.random();
    BeginSponsoringFutureReservesOperation begin = new BeginSponsoringFutureReservesOperation.Builder(
        wallet.getAccountId()).build();
    CreateAccountOperation create = new CreateAccountOperation.Builder(wallet.getAccountId(), "0").build();
    ChangeTrustOperation trust = new ChangeTrustOperation.Builder(ChangeTrustAsset.create(usdc),
        "922337203685.4775807").build();
    trust.setSourceAccount(wallet.getAccountId());
    EndSponsoringFutureReservesOperation end = new EndSponsoringFutureReservesOperation(wallet.getAccountId());
    Transaction tx = build(funding, begin, create, trust, end);
    tx.sign(funding);
    tx.sign(wallet);
    SubmitTransactionResponse response = horizon.submitTransaction(tx, true);
    assertTrue(response.isSuccess(), () -> Sim.codes(response));
    return wallet;
  }

  /** Pays {@code amount} USDC from an outside account through the admin endpoint. */
  String deposit(KeyPair to, String amount) throws IOException {
    HttpResponse<String> response = post("/admin/payments", "{\"to\":\"" + to.getAccountId() + "\",\"amount\":\""
        + amount + "\"}", null);
    assertEquals(200, response.statusCode(), response.body());
    return json(response).get("hash").asText();
  }

  Transaction build(KeyPair source, Operation... operations) throws IOException {
    AccountResponse account = horizon.accounts().account(source.getAccountId());
    TransactionBuilder builder = new TransactionBuilder(account, NETWORK).setBaseFee(100).setTimeout(60);
    for (Operation operation : operations) {
      builder.addOperation(operation);
    }
    return builder.build();
  }

  SubmitTransactionResponse submit(KeyPair source, Operation... operations) throws Exception {
    Transaction tx = build(source, operations);
    tx.sign(source);
    return horizon.submitTransaction(tx, true);
  }

  Operation pay(KeyPair to, String amount) {
    return new PaymentOperation.Builder(to.getAccountId(), usdc, amount).build();
  }

  String usdcBalance(KeyPair account) throws IOException {
    for (AccountResponse.Balance balance : horizon.accounts().account(account.getAccountId()).getBalances()) {
      if ("USDC".equals(balance.getAssetCode().orElse(null))) {
        return balance.getBalance();
      }
    }
    return null;
  }

  String xlmBalance(String account) throws IOException {
    for (AccountResponse.Balance balance : horizon.accounts().account(account).getBalances()) {
      if (balance.getAssetType().equals("native")) {
        return balance.getBalance();
      }
    }
    return null;
  }

  static String codes(SubmitTransactionResponse response) {
    if (response.isSuccess() || response.getExtras() == null) {
      return "success";
    }
    SubmitTransactionResponse.Extras.ResultCodes codes = response.getExtras().getResultCodes();
    return codes.getTransactionResultCode() + " " + codes.getOperationsResultCodes();
  }

  HttpResponse<String> get(String path, String apiKey) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).GET();
    if (apiKey != null) {
      request.header("x-api-key", apiKey);
    }
    return send(request.build());
  }

  HttpResponse<String> post(String path, String body, String apiKey) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("x-api-key", apiKey);
    }
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return Http.JSON.readTree(response.body());
  }

  /**
   * {@code sendTransaction} as raw JSON-RPC: SorobanServer only sends a {@code Transaction}, an
   * adapter sending a fee-bump to RPC writes the request itself.
   */
  JsonNode rpcSend(String envelope) throws IOException {
    HttpResponse<String> response = post("/rpc", "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":"
        + "\"sendTransaction\",\"params\":{\"transaction\":\"" + envelope + "\"}}", null);
    assertEquals(200, response.statusCode(), response.body());
    return json(response).get("result");
  }

  static AbstractTransaction parse(String xdr) throws IOException {
    return AbstractTransaction.fromEnvelopeXdr(xdr, NETWORK);
  }

  @Override
  public void close() {
    simulator.close();
  }
}

package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.simulator.StellarSimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 9 item 8: the server in testnet mode, configured by URLs and the API key alone, against the
 * standalone network simulator over HTTP (real XDR, Horizon, Soroban RPC, friendbot, Trustless
 * Work): a deposit credited by the watcher, an order escrowed on a real contract and released.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestnetModeTest {
  private StellarSimulator simulator;
  private ServerHarness harness;
  private Http api;

  @BeforeAll
  void start() {
    simulator = StellarSimulator.builder().port(0).ledgerInterval(Duration.ofMillis(200)).start();
    Map<String, String> env = ServerHarness.testnetEnv(simulator.baseUrl());
    harness = ServerHarness.start(ServerHarness.Db.POSTGRES, env);
    api = harness.client("read", "write", "support");
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void aDepositIsCreditedAndAnOrderIsEscrowedAndReleasedOnChain() throws Exception {
    assertEquals(404, api.post("/sandbox/deposits", Map.of("userId", "x", "amount", "1.00")).status(),
        "no sandbox routes outside the sandbox");
    String buyer = ServerHarness.user(api, "testnet-buyer");
    String seller = ServerHarness.user(api, "testnet-seller");
    JsonNode deposit = api.get("/users/" + buyer + "/wallet/deposit").json();
    String address = (deposit.has("data") ? deposit.get("data") : deposit).get("address").asText();
    waitFor(() -> walletReady(buyer) && walletReady(seller), "wallets activated on chain");
    pay(address, "150.00");
    waitFor(() -> available(buyer).compareTo(new BigDecimal("150")) == 0, "deposit credited once");
    String order = ServerHarness.fundedOrder(api, buyer, seller, "100.00", "testnet order");
    Http.Response released = api.post("/orders/" + order + "/resolution/release");
    assertTrue(released.status() == 200 || released.status() == 201 || released.status() == 202, released::toString);
    waitFor(() -> "CLOSED".equals(api.get("/orders/" + order).data().get("status").asText()), "order closed");
    // Trustless Work keeps 0.3 % on the simulator as on the real service: the seller is booked what moved
    assertEquals(0, new BigDecimal("99.7").compareTo(available(seller)), "seller: " + available(seller));
    assertEquals(0, new BigDecimal("50").compareTo(available(buyer)), "buyer: " + available(buyer));
    assertTrue(harness.server().engine().ledger().verify().isClean(),
        harness.server().engine().ledger().verify().problems().toString());
    String sellerAddress = harness.server().engine().wallets().depositAddress(seller);
    assertEquals(0, new BigDecimal("99.7").compareTo(simulator.network().usdcBalance(sellerAddress).toBigDecimal()),
        "the seller's wallet holds on chain what the books say");
    assertFalse(simulator.network().xlmBalance(sellerAddress).isPositive(), "wallets hold no XLM of their own");
  }

  private boolean walletReady(String userId) {
    return harness.server().engine().wallets().get(userId).status() == com.offerhub.orchestrator.model.WalletStatus.ACTIVE;
  }

  private BigDecimal available(String userId) {
    return new BigDecimal(api.get("/users/" + userId + "/balance").json().get("available").asText());
  }

  /** USDC from an outside account, as a user would send it: the simulator's admin endpoint. */
  private void pay(String to, String amount) throws Exception {
    HttpResponse<String> paid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(simulator.baseUrl() + "/admin/payments")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\",\"amount\":\"" + amount + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(paid.statusCode() / 100 == 2, paid::body);
  }

  /** Polls {@code condition} every 100 ms for up to a minute. */
  static void waitFor(Supplier<Boolean> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }
}

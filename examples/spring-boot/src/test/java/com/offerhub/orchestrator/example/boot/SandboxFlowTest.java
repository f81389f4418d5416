package com.offerhub.orchestrator.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.OrchestratorEngine;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example on the sandbox network, over HTTP: a deposit from outside credited by the background
 * deposit watcher, then an order through escrow on the simulated Trustless Work contract to its
 * release; the books verify and the health is UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "example.api-key=" + Api.KEY, "offerhub.sandbox.ledger-interval=50ms", "offerhub.jobs.interval=50ms"})
class SandboxFlowTest {
  @LocalServerPort
  int port;
  @Autowired
  OrchestratorEngine engine;

  @Test
  void aDepositThenAnOrderThroughEscrowToItsRelease() throws Exception {
    Api api = new Api(port);
    String buyer = api.user("buyer-1");
    String seller = api.user("seller-1");
    Api.Reply deposit = api.post("/api/sandbox/deposits", "{\"userId\":\"" + buyer + "\",\"amount\":\"100.00\"}");
    assertThat(deposit.status()).isEqualTo(202);
    api.awaitAvailable(buyer, "100.00");

    Api.Reply order = api.post("/api/orders", "{\"buyerId\":\"" + buyer + "\",\"sellerId\":\"" + seller
        + "\",\"amount\":\"80.00\",\"title\":\"Logo design\"}", "order-1");
    assertThat(order.status()).as(order.body().toString()).isEqualTo(201);
    String orderId = order.text("id");
    assertThat(api.post("/api/orders/" + orderId + "/reserve", "{}", "reserve-1").text("status"))
        .isEqualTo("FUNDS_RESERVED");
    Map<String, Object> reserved = api.get("/api/users/" + buyer + "/balance").body();
    assertThat(reserved).containsEntry("available", "20.00").containsEntry("reserved", "80.00");
    assertThat(api.post("/api/orders/" + orderId + "/escrow", "{}", "escrow-1").status()).isEqualTo(200);
    assertThat(api.post("/api/orders/" + orderId + "/fund", "{}", "fund-1").text("status")).isEqualTo("IN_PROGRESS");
    Api.Reply released = api.post("/api/orders/" + orderId + "/release", "{}", "release-1");
    assertThat(released.text("status")).as(released.body().toString()).isEqualTo("CLOSED");

    api.awaitAvailable(seller, "80.00");
    assertThat(api.get("/api/users/" + buyer + "/balance").body()).containsEntry("available", "20.00")
        .containsEntry("reserved", "0.00");
    assertThat(engine.ledger().verify().isClean()).isTrue();
    Api.Reply health = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
        .GET());
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().toString()).contains("offerhub").contains("verified");
    assertThat(health.text("status")).isEqualTo("UP");
    Api.Reply commands = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/actuator/metrics/offerhub.commands?tag=command:orders.release")).GET());
    assertThat(commands.status()).as(commands.body().toString()).isEqualTo(200);
    assertThat(commands.body().get("measurements").toString()).contains("statistic=COUNT, value=1.0");
  }

  @Test
  void theEnginesRefusalsAndAMissingKeyAreClientErrors() throws Exception {
    Api api = new Api(port);
    String user = api.user("refused-1");
    Api.Reply badAmount = api.post("/api/users/" + user + "/balance/credit", "{\"amount\":\"1e3\",\"reason\":\"x\"}");
    assertThat(badAmount.status()).isEqualTo(400);
    assertThat(badAmount.error()).isEqualTo("INVALID_AMOUNT_FORMAT");
    Api.Reply unknown = api.get("/api/users/usr_unknown/balance");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error()).isEqualTo("USER_NOT_FOUND");
    Api.Reply noKey = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/users/" + user
        + "/balance")).GET());
    assertThat(noKey.status()).isEqualTo(401);
  }
}

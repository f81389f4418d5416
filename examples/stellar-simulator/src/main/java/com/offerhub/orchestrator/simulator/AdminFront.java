package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import java.io.IOException;

/**
 * Friendbot at {@code /friendbot} and the test-only {@code /admin} surface: outside USDC payments,
 * closing a ledger, the load knob, the escrow variant and the fault knobs.
 */
final class AdminFront {
  static final long FRIENDBOT_XLM = 10_000L * 10_000_000L;
  private final StellarSimulator simulator;
  private final SimulatedNetwork network;
  private final Faults faults;
  private final HorizonFront horizon;

  AdminFront(StellarSimulator simulator, HorizonFront horizon) {
    this.simulator = simulator;
    this.network = simulator.network();
    this.faults = simulator.faults();
    this.horizon = horizon;
  }

  boolean handle(Http http) throws IOException {
    String path = http.path();
    if (path.equals("/friendbot") || path.equals("/friendbot/")) {
      friendbot(http);
      return true;
    }
    if (!path.startsWith("/admin/")) {
      return false;
    }
    if (!http.method().equals("POST")) {
      http.json(405, message("use POST"));
      return true;
    }
    JsonNode body = http.json();
    if (body == null) {
      body = Http.object();
    }
    try {
      switch (path) {
        case "/admin/payments" -> payment(http, body);
        case "/admin/ledger/close" -> {
          network.closeLedger();
          ObjectNode node = Http.object();
          node.put("ledger", network.ledger());
          http.json(200, node);
        }
        case "/admin/load" -> {
          network.setLoad(body.path("paymentsPerLedger").asInt(0));
          ObjectNode node = Http.object();
          node.put("paymentsPerLedger", network.load());
          http.json(200, node);
        }
        case "/admin/variant" -> {
          network.setDefaultVariant(SimulatedNetwork.Variant.valueOf(body.path("variant").asText("B")));
          ObjectNode node = Http.object();
          node.put("variant", network.defaultVariant().name());
          http.json(200, node);
        }
        case "/admin/faults/submit" -> {
          faults.retryAfterSeconds(body.path("retryAfterSeconds").asInt(1));
          if (body.has("stallMs")) {
            faults.stallMillis(body.get("stallMs").asLong());
          }
          faults.nextSubmits(Faults.Submit.valueOf(body.path("mode").asText()), body.path("count").asInt(1));
          http.json(200, message("ok"));
        }
        case "/admin/faults/delay" -> {
          faults.delay(body.path("ms").asLong(0));
          http.json(200, message("ok"));
        }
        case "/admin/faults/sse", "/admin/faults/payments" -> {
          if (body.has("dropAfterEvents")) {
            faults.dropNextStreamAfter(body.get("dropAfterEvents").asInt());
          }
          if (body.has("duplicateEvents")) {
            faults.duplicateNextEvents(body.get("duplicateEvents").asInt());
          }
          if (body.has("rewindRecords")) {
            faults.rewindNextPage(body.get("rewindRecords").asInt());
          }
          http.json(200, message("ok"));
        }
        case "/admin/faults/passphrase" -> {
          faults.reportPassphrase(body.hasNonNull("passphrase") ? body.get("passphrase").asText() : null);
          http.json(200, message("ok"));
        }
        case "/admin/faults/tw" -> {
          String endpoint = body.path("endpoint").asText("*");
          if (body.has("status")) {
            faults.twStatus(endpoint, body.get("status").asInt(), body.path("count").asInt(1));
          }
          if (body.has("latencyMs") && body.has("count")) {
            faults.twLatency(endpoint, body.get("latencyMs").asLong(), body.get("count").asInt());
          } else if (body.has("latencyMs")) {
            faults.twLatency(endpoint, body.get("latencyMs").asLong());
          }
          http.json(200, message("ok"));
        }
        case "/admin/faults/tw/send-transaction" -> {
          faults.nextSends(Faults.Send.valueOf(body.path("mode").asText()), body.path("count").asInt(1));
          http.json(200, message("ok"));
        }
        case "/admin/faults/reset" -> {
          faults.reset();
          http.json(200, message("ok"));
        }
        default -> http.json(404, message("no admin endpoint " + path));
      }
    } catch (IllegalArgumentException e) {
      http.json(400, message(e.getMessage()));
    }
    return true;
  }

  private void payment(Http http, JsonNode body) throws IOException {
    String to = body.path("to").asText(null);
    String amount = body.path("amount").asText(null);
    if (to == null || !HorizonFront.validAccount(to)) {
      http.json(400, message("to must be a Stellar account id (G...)"));
      return;
    }
    Money money;
    try {
      money = Money.parsePositive(amount);
    } catch (RuntimeException e) {
      http.json(400, message("amount must be a positive decimal string with at most 7 decimals"));
      return;
    }
    try {
      String hash = network.depositFromOutside(to, money);
      ObjectNode node = Http.object();
      node.put("hash", hash);
      node.put("to", to);
      node.put("amount", money.toBigDecimal().setScale(7).toPlainString());
      http.json(200, node);
    } catch (IllegalArgumentException e) {
      http.json(400, message(e.getMessage()));
    }
  }

  private void friendbot(Http http) throws IOException {
    String address = http.query("addr");
    if (address == null || !HorizonFront.validAccount(address)) {
      http.problem(400, "bad_request", "Bad Request", "The request you sent was invalid in some way.",
          invalidField("addr"));
      return;
    }
    if (network.account(address) != null) {
      ObjectNode extras = Http.object();
      ObjectNode codes = extras.putObject("result_codes");
      codes.put("transaction", "tx_failed");
      codes.putArray("operations").add("op_already_exists");
      http.problem(400, "transaction_failed", "Transaction Failed",
          "createAccountAlreadyExist: account " + address + " is already funded", extras);
      return;
    }
    try {
      String hash = network.fund(address, FRIENDBOT_XLM);
      TxRecord record = network.record(hash);
      http.json(200, horizon.transactionJson(http, record, hash));
    } catch (IllegalStateException e) {
      http.problem(400, "transaction_failed", "Transaction Failed", e.getMessage(), null);
    }
  }

  private static ObjectNode invalidField(String field) {
    ObjectNode extras = Http.object();
    extras.put("invalid_field", field);
    extras.put("reason", "not a valid account id");
    return extras;
  }

  static ObjectNode message(String text) {
    ObjectNode node = Http.object();
    node.put("message", text);
    return node;
  }
}

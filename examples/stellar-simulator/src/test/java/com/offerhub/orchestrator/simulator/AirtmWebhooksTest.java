package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.airtm.SvixSignature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AirTM's Svix-signed webhooks from the simulator (spec/06 §8, §10): delivery, retries and the knobs. */
class AirtmWebhooksTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A simulator whose webhooks go to {@code receiver}, retried quickly; returns the secret. */
  private static String register(AirtmClient airtm, WebhookReceiver receiver) throws Exception {
    String secret = AirtmWebhooks.newSecret();
    JsonNode registered = airtm.control("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + secret
        + "\"}");
    assertEquals(secret, registered.get("secret").asText());
    airtm.control("/webhooks/knobs", "{\"retryScheduleMs\":[0,100,200],\"timeoutMs\":2000}");
    return secret;
  }

  private static List<String> types(List<WebhookReceiver.Received> received) throws Exception {
    List<String> types = new ArrayList<>();
    for (WebhookReceiver.Received one : received) {
      types.add(one.type());
    }
    return types;
  }

  @Test
  void everyChangeIsDeliveredWithAValidSvixSignature() throws Exception {
    try (AirtmClient airtm = new AirtmClient(); WebhookReceiver receiver = new WebhookReceiver()) {
      String secret = register(airtm, receiver);
      airtm.user("s@example.com");
      String payin = airtm.payin("t1", "30").get("id").asText();
      airtm.control("/payins/" + payin + "/confirm", "{\"email\":\"buyer@example.com\"}");
      String canceled = airtm.payin("t2", "5").get("id").asText();
      airtm.delete("/payins/" + canceled);
      String failed = airtm.payin("t3", "5").get("id").asText();
      airtm.control("/payins/" + failed + "/fail", "{}");
      String payout = airtm.payout("w1", "s@example.com", "10", true).get("id").asText();
      String dropped = airtm.payout("w2", "s@example.com", "5", false).get("id").asText();
      airtm.delete("/payouts/" + dropped);
      String broken = airtm.payout("w3", "s@example.com", "5", false).get("id").asText();
      airtm.control("/payouts/" + broken + "/fail", "{\"reasonCode\":\"415073\"}");

      List<WebhookReceiver.Received> received = receiver.await(12, WAIT);
      assertEquals(List.of("payin.created", "payin.confirmed", "payin.created", "payin.canceled", "payin.created",
          "payin.failed", "payout.created", "payout.completed", "payout.created", "payout.canceled",
          "payout.created", "payout.failed"), types(received));
      for (WebhookReceiver.Received one : received) {
        assertEquals(SvixSignature.Verdict.VALID, one.verify(secret), one.id());
        assertTrue(one.id().matches("msg_[0-9A-Za-z]{24}"), one.id());
        assertTrue(Math.abs(Long.parseLong(one.timestamp()) - one.at().getEpochSecond()) <= 5);
      }
      assertEquals(received.size(), received.stream().map(WebhookReceiver.Received::id).distinct().count(),
          "one message id per event");
      JsonNode confirmed = received.get(1).json();
      assertEquals(payin, confirmed.get("data").get("id").asText());
      assertEquals("CONFIRMED", confirmed.get("data").get("status").asText());
      assertEquals("buyer@example.com", confirmed.get("data").get("airtmUserEmail").asText());
      assertEquals("30.00", confirmed.get("data").get("amount").decimalValue().toPlainString());
      JsonNode completed = received.get(7).json().get("data");
      assertEquals(payout, completed.get("id").asText());
      assertEquals("COMPLETED", completed.get("status").asText());
      assertEquals("415073", received.get(11).json().get("data").get("reasonCode").asText());
      assertTrue(airtm.simulator.airtmWebhooks().awaitIdle(WAIT));
      JsonNode counters = airtm.controlGet("/counters").get("webhooks");
      assertEquals(12, counters.get("emitted").asInt());
      assertEquals(12, counters.get("delivered").asInt());
      assertEquals(0, counters.get("failedAttempts").asInt());
    }
  }

  @Test
  void deliveryNeverHappensInsideTheRequestThatCausedIt() throws Exception {
    try (AirtmClient airtm = new AirtmClient(); WebhookReceiver receiver = new WebhookReceiver()) {
      register(airtm, receiver);
      receiver.delay(1_500L);
      long start = System.nanoTime();
      airtm.payin("t1", "5");
      assertTrue(System.nanoTime() - start < 1_000_000_000L, "the create did not wait for the receiver");
      assertEquals("payin.created", receiver.await(1, WAIT).get(0).type());
    }
  }

  @Test
  void aFailedOrSlowAttemptIsRetriedWithTheSameIdAndGivenUpAfterTheSchedule() throws Exception {
    try (AirtmClient airtm = new AirtmClient(); WebhookReceiver receiver = new WebhookReceiver()) {
      String secret = register(airtm, receiver);
      airtm.control("/webhooks/knobs", "{\"timeoutMs\":300}");
      receiver.answer(500, 200).delay(0L, 800L);
      airtm.payin("t1", "5");
      List<WebhookReceiver.Received> received = receiver.await(3, WAIT);
      assertEquals(1, received.stream().map(WebhookReceiver.Received::id).distinct().count(), "one message");
      received.forEach(one -> assertEquals(SvixSignature.Verdict.VALID, one.verify(secret)));
      assertTrue(airtm.simulator.airtmWebhooks().awaitIdle(WAIT));
      List<Integer> statuses = new ArrayList<>();
      airtm.controlGet("/webhooks/deliveries").forEach(d -> statuses.add(d.get("status").asInt()));
      assertEquals(List.of(500, 0, 204), statuses, "a 500, a timeout (no answer), then delivered");
      AirtmWebhooks.Counters counters = airtm.simulator.airtmWebhooks().counters();
      assertEquals(1, counters.delivered());
      assertEquals(2, counters.failedAttempts());

      receiver.answer(503, 503, 503);
      airtm.payin("t2", "5");
      receiver.await(6, WAIT);
      assertTrue(airtm.simulator.airtmWebhooks().awaitIdle(WAIT));
      counters = airtm.simulator.airtmWebhooks().counters();
      assertEquals(1, counters.givenUp(), "three attempts, then given up");
      assertEquals(6, counters.attempts());
      assertEquals(6, receiver.received().size(), "nothing after the schedule's end");
    }
  }

  @Test
  void theDuplicateKnobDeliversOneMessageTwiceWithTheSameId() throws Exception {
    try (AirtmClient airtm = new AirtmClient(); WebhookReceiver receiver = new WebhookReceiver()) {
      String secret = register(airtm, receiver);
      airtm.control("/webhooks/knobs", "{\"duplicateNext\":1}");
      airtm.payin("t1", "5");
      airtm.payin("t2", "5");
      List<WebhookReceiver.Received> received = receiver.await(3, WAIT);
      assertEquals(received.get(0).id(), received.get(1).id());
      assertTrue(received.get(0).body().length > 0);
      assertEquals(new String(received.get(0).body()), new String(received.get(1).body()));
      assertNotEquals(received.get(0).id(), received.get(2).id());
      received.forEach(one -> assertEquals(SvixSignature.Verdict.VALID, one.verify(secret)));
    }
  }

  @Test
  void theReorderKnobHoldsMessagesAndDeliversThemNewestFirst() throws Exception {
    try (AirtmClient airtm = new AirtmClient(); WebhookReceiver receiver = new WebhookReceiver()) {
      register(airtm, receiver);
      airtm.control("/webhooks/knobs", "{\"reorderNext\":2}");
      String id = airtm.payin("t1", "5").get("id").asText();
      Thread.sleep(300);
      assertEquals(0, receiver.received().size(), "held until both are there");
      airtm.control("/payins/" + id + "/confirm", "{\"email\":\"b@example.com\"}");
      assertEquals(List.of("payin.confirmed", "payin.created"), types(receiver.await(2, WAIT)));

      airtm.control("/webhooks/knobs", "{\"reorderNext\":5}");
      airtm.payin("t2", "5");
      airtm.payin("t3", "5");
      airtm.control("/webhooks/release", "{}");
      List<WebhookReceiver.Received> released = receiver.await(4, WAIT);
      assertEquals("t3", released.get(2).json().get("data").get("code").asText());
      assertEquals("t2", released.get(3).json().get("data").get("code").asText());
    }
  }

  @Test
  void badSignaturesAndStaleTimestampsAreRefusedByAVerifierAndRetriedCorrectly() throws Exception {
    try (AirtmClient airtm = new AirtmClient(); WebhookReceiver receiver = new WebhookReceiver()) {
      String secret = register(airtm, receiver);
      airtm.control("/webhooks/knobs", "{\"badSignatureNext\":1}");
      receiver.answer(401);
      airtm.payin("t1", "5");
      List<WebhookReceiver.Received> received = receiver.await(2, WAIT);
      assertEquals(SvixSignature.Verdict.MISMATCH, received.get(0).verify(secret));
      assertEquals(SvixSignature.Verdict.VALID, received.get(1).verify(secret), "the retry is signed right");

      airtm.control("/webhooks/knobs", "{\"staleTimestampNext\":1}");
      receiver.answer(400);
      airtm.payin("t2", "5");
      received = receiver.await(4, WAIT);
      assertEquals(SvixSignature.Verdict.STALE, received.get(2).verify(secret));
      assertTrue(Long.parseLong(received.get(2).timestamp()) < received.get(2).at().getEpochSecond() - 300);
      assertEquals(SvixSignature.Verdict.VALID, received.get(3).verify(secret));
    }
  }

  @Test
  void theDropKnobLosesMessagesAndNothingGoesOutWithoutARegisteredUrl() throws Exception {
    try (AirtmClient airtm = new AirtmClient(); WebhookReceiver receiver = new WebhookReceiver()) {
      airtm.payin("before", "5");
      assertTrue(airtm.simulator.airtmWebhooks().awaitIdle(WAIT));
      assertEquals(1, airtm.simulator.airtmWebhooks().counters().undeliverable());
      register(airtm, receiver);
      airtm.control("/webhooks/knobs", "{\"dropNext\":2}");
      airtm.payin("t1", "5");
      airtm.payin("t2", "5");
      airtm.payin("t3", "5");
      List<WebhookReceiver.Received> received = receiver.await(1, WAIT);
      assertTrue(airtm.simulator.airtmWebhooks().awaitIdle(WAIT));
      assertEquals(1, receiver.received().size());
      assertEquals("t3", received.get(0).json().get("data").get("code").asText());
      assertEquals(2, airtm.simulator.airtmWebhooks().counters().dropped());
    }
  }

  @Test
  void theBuilderRegistersAWebhookAtStart() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String secret = AirtmWebhooks.newSecret();
      try (AirtmClient airtm = new AirtmClient(StellarSimulator.builder().airtmWebhookUrl(receiver.url())
          .airtmWebhookSecret(secret))) {
        assertEquals(secret, airtm.simulator.airtmWebhooks().secret());
        airtm.payin("t1", "5");
        assertEquals(SvixSignature.Verdict.VALID, receiver.await(1, WAIT).get(0).verify(secret));
      }
    }
  }
}

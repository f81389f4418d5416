package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The Trustless Work webhook (spec/05 §11): absent without a secret, signature required with one. */
class TrustlessWebhookTest {
  private static final String SECRET = "tw-webhook-secret-0123456789";
  private static final String PATH = "/webhooks/trustless-work";
  private static final byte[] BODY = "{\"type\":\"escrow.funded\",\"event_id\":\"evt_1\",\"data\":{}}"
      .getBytes(StandardCharsets.UTF_8);

  /** Issue 8 item 13: with no secret nothing can be verified, so the route does not exist. */
  @Test
  void item13_withoutASecretTheTrustlessWebhookIs404() {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2)) {
      Http.Response unsigned = harness.anonymous().postBytes(PATH, BODY);
      assertEquals(404, unsigned.status(), unsigned::toString);
      assertEquals("NOT_FOUND", unsigned.code());
      Http.Response signed = harness.anonymous().header("x-tw-signature", sign(SECRET, BODY)).postBytes(PATH, BODY);
      assertEquals(404, signed.status(), signed::toString);
      assertFalse(harness.server().routes().stream().anyMatch(r -> r.path().equals(PATH)), "not registered");
    }
  }

  /** Issue 8 item 13: with a secret, a missing or wrong signature is 401 WEBHOOK_SIGNATURE_INVALID. */
  @Test
  void item13_withASecretAnInvalidSignatureIs401() {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2,
        Map.of("TRUSTLESS_WEBHOOK_SECRET", SECRET))) {
      Http anonymous = harness.anonymous();
      for (Http.Response refused : new Http.Response[] {
          anonymous.postBytes(PATH, BODY),
          anonymous.header("x-tw-signature", "").postBytes(PATH, BODY),
          anonymous.header("x-tw-signature", "00".repeat(32)).postBytes(PATH, BODY),
          anonymous.header("x-tw-signature", sign("another-secret-0123456789", BODY)).postBytes(PATH, BODY),
          anonymous.header("x-tw-signature", sign(SECRET, BODY)).postBytes(PATH,
              "{\"type\":\"escrow.released\"}".getBytes(StandardCharsets.UTF_8))}) {
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("WEBHOOK_SIGNATURE_INVALID", refused.code());
      }
      Http.Response accepted = anonymous.header("x-tw-signature", sign(SECRET, BODY)).postBytes(PATH, BODY);
      assertEquals(200, accepted.status(), accepted::toString);
      assertTrue(accepted.json().get("processed").asBoolean());
    }
  }

  /**
   * Issue 8 item 22: each valid webhook wakes the saga runner, but a burst queues at most one run on the
   * background executor (its queue is unbounded: a flood of signed webhooks must not grow it).
   */
  @Test
  void item22_aBurstOfWebhooksQueuesOneWakeUp() throws Exception {
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2,
        Map.of("TRUSTLESS_WEBHOOK_SECRET", SECRET))) {
      java.util.concurrent.ThreadPoolExecutor jobs = (java.util.concurrent.ThreadPoolExecutor) harness.server()
          .background();
      java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(jobs.getCorePoolSize());
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < jobs.getCorePoolSize(); i++) {
        jobs.execute(() -> {
          busy.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      try {
        assertTrue(busy.await(10, java.util.concurrent.TimeUnit.SECONDS), "every job thread is held");
        int queued = jobs.getQueue().size();
        Http signed = harness.anonymous().header("x-tw-signature", sign(SECRET, BODY));
        for (int i = 0; i < 20; i++) {
          assertEquals(200, signed.postBytes(PATH, BODY).status());
        }
        assertEquals(queued + 1, jobs.getQueue().size(), "20 webhooks, one queued wake-up");
      } finally {
        release.countDown();
      }
    }
  }

  private static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

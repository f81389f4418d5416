package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.offerhub.orchestrator.airtm.SvixSignature;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AirTM's webhook route checks Svix signatures (spec/06 §8.2) on the raw body, rotation included. */
class AirtmWebhookSignatureTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String PATH = "/webhooks/airtm";
  private static final byte[] BODY = "{\"type\": \"payin.confirmed\", \"data\": {\"id\": \"payin_1\"}}"
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void signedDeliveriesPassAndTamperedStaleOrUnsignedOnesAre401() {
    SvixSignature svix = SvixSignature.of(SECRET);
    SvixSignature retired = SvixSignature.of("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]));
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("AIRTM_WEBHOOK_SECRET", SECRET))) {
      long now = java.time.Instant.now().getEpochSecond();
      Http anonymous = harness.anonymous();
      Http signed = anonymous.header("svix-id", "msg_1").header("svix-timestamp", Long.toString(now));
      String signature = svix.sign("msg_1", now, BODY);

      Http.Response accepted = signed.header("svix-signature", signature).postBytes(PATH, BODY);
      assertEquals(200, accepted.status(), accepted::toString);
      Http.Response rotated = signed.header("svix-signature", retired.sign("msg_1", now, BODY) + " " + signature)
          .postBytes(PATH, BODY);
      assertEquals(200, rotated.status(), "either secret of a rotation: " + rotated);

      String stale = svix.sign("msg_1", now - 301, BODY);
      for (Http.Response refused : new Http.Response[] {
          anonymous.postBytes(PATH, BODY),
          signed.header("svix-signature", signature).postBytes(PATH, "{\"type\": \"payin.failed\"}"
              .getBytes(StandardCharsets.UTF_8)),
          signed.header("svix-signature", retired.sign("msg_1", now, BODY)).postBytes(PATH, BODY),
          anonymous.header("svix-id", "msg_1").header("svix-timestamp", Long.toString(now - 301))
              .header("svix-signature", stale).postBytes(PATH, BODY)}) {
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("WEBHOOK_SIGNATURE_INVALID", refused.code());
      }
    }
  }
}

package com.offerhub.orchestrator.airtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.offerhub.orchestrator.airtm.SvixSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Webhook signatures of spec/06 §8.2, the published test vector first. */
class SvixSignatureTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final String TIMESTAMP = "1614265330";
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String VECTOR = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final Instant THEN = Instant.ofEpochSecond(1614265330);
  private final SvixSignature svix = SvixSignature.of(SECRET);

  @Test
  void thePublishedTestVectorVerifiesAndIsWhatSigningWrites() {
    assertEquals(Verdict.VALID, svix.verify(ID, TIMESTAMP, VECTOR, BODY, THEN));
    assertEquals(VECTOR, svix.sign(ID, 1614265330L, BODY));
  }

  @Test
  void aTamperedBodyIdOrTimestampOrAnotherSecretDoesNotMatch() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertEquals(Verdict.MISMATCH, svix.verify(ID, TIMESTAMP, VECTOR, tampered, THEN));
    assertEquals(Verdict.MISMATCH, svix.verify("msg_other", TIMESTAMP, VECTOR, BODY, THEN));
    assertEquals(Verdict.MISMATCH, svix.verify(ID, "1614265331", VECTOR, BODY, THEN));
    SvixSignature other = SvixSignature.of("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]));
    assertEquals(Verdict.MISMATCH, other.verify(ID, TIMESTAMP, VECTOR, BODY, THEN));
  }

  @Test
  void outsideFiveMinutesEitherWayIsStale() {
    assertEquals(Verdict.VALID, svix.verify(ID, TIMESTAMP, VECTOR, BODY, THEN.plusSeconds(300)));
    assertEquals(Verdict.VALID, svix.verify(ID, TIMESTAMP, VECTOR, BODY, THEN.minusSeconds(300)));
    assertEquals(Verdict.STALE, svix.verify(ID, TIMESTAMP, VECTOR, BODY, THEN.plusSeconds(301)));
    assertEquals(Verdict.STALE, svix.verify(ID, TIMESTAMP, VECTOR, BODY, THEN.minusSeconds(301)));
    assertEquals(Verdict.STALE, svix.verify(ID, "yesterday", VECTOR, BODY, THEN));
  }

  @Test
  void missingHeadersAreNamedAsSuch() {
    assertEquals(Verdict.MISSING_HEADERS, svix.verify(null, TIMESTAMP, VECTOR, BODY, THEN));
    assertEquals(Verdict.MISSING_HEADERS, svix.verify(ID, null, VECTOR, BODY, THEN));
    assertEquals(Verdict.MISSING_HEADERS, svix.verify(ID, TIMESTAMP, " ", BODY, THEN));
  }

  @Test
  void duringARotationAnyV1EntryMayMatchAndMalformedOrOtherSchemesAreSkipped() {
    String old = "v1," + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertEquals(Verdict.VALID, svix.verify(ID, TIMESTAMP, old + " " + VECTOR, BODY, THEN));
    assertEquals(Verdict.VALID, svix.verify(ID, TIMESTAMP, "v1,not*base64 v2,abc " + VECTOR, BODY, THEN));
    assertEquals(Verdict.MISMATCH, svix.verify(ID, TIMESTAMP, VECTOR.replace("v1,", "v2,"), BODY, THEN),
        "only v1 entries count");
    assertEquals(Verdict.MISMATCH, svix.verify(ID, TIMESTAMP, VECTOR.replace("v1,", "v10,"), BODY, THEN));
  }

  @Test
  void aSecretThatIsNotBase64IsRefusedWithoutBeingRepeated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SvixSignature.of("whsec_not*base64!"));
    assertFalse(e.getMessage().contains("not*base64"));
    assertFalse(svix.toString().contains("MfKQ9r8"));
  }
}

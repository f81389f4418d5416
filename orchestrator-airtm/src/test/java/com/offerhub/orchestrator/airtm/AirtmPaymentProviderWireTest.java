package com.offerhub.orchestrator.airtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
import com.offerhub.orchestrator.spi.payment.ProviderAccount;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What goes over the wire to AirTM, byte for byte, and what each kind of answer means. */
class AirtmPaymentProviderWireTest {
  static final String KEY = "ak-9f3e.live-key";
  static final String SECRET = "S3cr3t-Value-With-Length";
  static final String TOKEN = Base64.getEncoder().encodeToString((KEY + ":" + SECRET)
      .getBytes(StandardCharsets.UTF_8));
  static final String CALLBACK = "https://orchestrator.example/api/v1/topups/topup_1/callback?status=";
  static final String PAYIN_ID = "7d0f5a52-1b7e-4c55-9a4c-3c1f2d5e8a01";

  MockWebServer server;
  final AtomicInteger permits = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  AirtmPaymentProvider provider(Duration timeout) {
    AirtmSettings settings = AirtmSettings.sandbox(KEY, SECRET, "https://orchestrator.example")
        .withBaseUrl(server.url("/v2").toString()).withTimeouts(timeout, timeout);
    RateLimiter counting = permits::incrementAndGet;
    return new AirtmPaymentProvider(settings, counting);
  }

  AirtmPaymentProvider provider() {
    return provider(Duration.ofSeconds(5));
  }

  RecordedRequest taken() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(r != null, "a request reached the server");
    return r;
  }

  static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  static MockResponse error(int status, String code, String message) {
    return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"data\":{}}");
  }

  static MockResponse payin(String status) {
    return json(201, "{\"id\":\"" + PAYIN_ID + "\",\"code\":\"topup_1\",\"status\":\"" + status + "\",\"amount\":25.5,"
        + "\"netAmount\":24.99,\"airtmFee\":0.51,\"description\":\"Balance top-up\",\"items\":[],"
        + "\"confirmationUri\":\"" + CALLBACK + "confirmed\",\"cancelUri\":\"" + CALLBACK + "cancelled\","
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
  }

  static MockResponse payout(String id, String status) {
    return json(200, "{\"id\":\"" + id + "\",\"code\":\"wd_1\",\"airtmUserId\":\"u1\",\"airtmUserEmail\":"
        + "\"seller@example.com\",\"status\":\"" + status + "\",\"grossAmount\":50,\"amount\":50,\"netAmount\":49}");
  }

  static PayinRequest payinRequest(String amount, String description) {
    return new PayinRequest("topup_1", "usr_1", Money.parsePositive(amount), "USD", description);
  }

  static PayoutRequest payoutRequest(String amount, boolean commit, String description) {
    return new PayoutRequest("wd_1", "seller@example.com", Money.parsePositive(amount), "USD", commit, description);
  }

  // ---- pay-ins ----------------------------------------------------------------------------------

  @Test
  void aPayinSendsExactlyTheSixFieldsInCentsWithBasicAuthAndAnswersTheCheckoutUrl() throws Exception {
    server.enqueue(payin("CREATED"));
    ProviderPayment answer = provider().createPayin(payinRequest("25.5", null));
    assertEquals(new ProviderPayment(PAYIN_ID, ProviderPaymentStatus.AWAITING_USER_CONFIRMATION,
        "https://app.airtm.com/payin/" + PAYIN_ID, null), answer, "the checkout page, not AirTM's echo of our URL");
    RecordedRequest r = taken();
    assertEquals("POST", r.getMethod());
    assertEquals("/v2/payins", r.getPath());
    assertEquals("Basic " + TOKEN, r.getHeader("Authorization"));
    assertEquals("application/json", r.getHeader("Content-Type"));
    assertEquals("application/json", r.getHeader("Accept"));
    assertEquals("{\"code\":\"topup_1\",\"amount\":25.50,\"description\":\"Balance top-up\","
        + "\"items\":[{\"description\":\"Balance top-up\",\"amount\":25.50,\"quantity\":1}],"
        + "\"confirmationUri\":\"" + CALLBACK + "confirmed\",\"cancelUri\":\"" + CALLBACK + "cancelled\"}",
        r.getBody().readUtf8());
    assertEquals(1, permits.get(), "one rate-limit permit per request");
  }

  @Test
  void aPayinDescriptionIsTheRequestsCutTo250Characters() throws Exception {
    server.enqueue(payin("CREATED"));
    String longText = "x".repeat(300);
    provider().createPayin(payinRequest("3", longText));
    String body = taken().getBody().readUtf8();
    String expected = "\"description\":\"" + "x".repeat(250) + "\"";
    assertEquals(2, body.split(expected, -1).length - 1, "the payment and its item carry the cut text: " + body);
    assertTrue(body.contains("\"amount\":3.00"), body);
  }

  @Test
  void anAmountAirtmCannotTakeIsRefusedWithoutAskingIt() {
    AirtmPaymentProvider airtm = provider();
    ProviderPayment cents = airtm.createPayin(payinRequest("10.005", null));
    assertEquals(ProviderPaymentStatus.FAILED, cents.status());
    assertNull(cents.providerRef());
    assertTrue(cents.failureReason().contains("10.005 has more than 2 decimal places"), cents.failureReason());
    assertEquals(ProviderPaymentStatus.FAILED, airtm.createPayout(payoutRequest("0.001", true, null)).status());
    ProviderPayment euros = airtm.createPayin(new PayinRequest("topup_2", "u", Money.of(5), "EUR", null));
    assertEquals("AirTM pays in USD only, not EUR", euros.failureReason());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aPayinCodeAlreadyUsedAnswersTheExistingPayin() throws Exception {
    server.enqueue(error(400, "415029", "Payin code already exists"));
    server.enqueue(payin("PROCESSING"));
    ProviderPayment answer = provider().createPayin(payinRequest("25.5", null));
    assertEquals(PAYIN_ID, answer.providerRef());
    assertEquals(ProviderPaymentStatus.PROCESSING, answer.status());
    assertEquals("POST", taken().getMethod());
    RecordedRequest lookup = taken();
    assertEquals("GET", lookup.getMethod());
    assertEquals("/v2/payins/by-code/topup_1", lookup.getPath());
  }

  @Test
  void aCodeAlreadyUsedThatTheLookupCannotFindIsUnknownNotRefused() {
    server.enqueue(error(400, "415029", "Payin code already exists"));
    server.enqueue(error(404, "415031", "Payin not found"));
    ProviderException e = assertThrows(ProviderException.class, () -> provider().createPayin(payinRequest("1", null)));
    assertTrue(e.getMessage().contains("outcome is unknown"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"415008", "415009", "415010", "415016", "415034", "415035", "415057", "415058", "415059",
      "415060", "415061", "415065", "415053", "415901", "415906"})
  void aBusinessReasonCodeRefusesTheCreate(String code) {
    server.enqueue(error(400, code, "Refused for a reason"));
    ProviderPayment payin = provider().createPayin(payinRequest("5", null));
    assertEquals(ProviderPayment.refused(code + ": Refused for a reason"), payin);
    server.enqueue(error(422, code, "Refused for a reason"));
    ProviderPayment payout = provider().createPayout(payoutRequest("5", true, null));
    assertEquals(ProviderPayment.refused(code + ": Refused for a reason"), payout);
    assertEquals(2, server.getRequestCount(), "a refusal is not followed by a lookup or a retry");
  }

  @Test
  void anUnknownRecipientAnsweredWith404IsARefusal() {
    server.enqueue(error(404, "415059", "Recipient not found"));
    assertEquals(ProviderPayment.refused("415059: Recipient not found"),
        provider().createPayout(payoutRequest("5", true, null)));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void rejectedCredentialsAreAnUnknownOutcomeThatNamesTheProblem(int status) {
    server.enqueue(error(status, status == 401 ? "415904" : "415905", "Unauthorized"));
    ProviderException e = assertThrows(ProviderException.class, () -> provider().createPayout(
        payoutRequest("5", true, null)));
    assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
    assertTrue(e.getMessage().contains("AIRTM_API_KEY"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void anUnauthorisedReasonCodeUnderAnotherStatusIsStillNotARefusal() {
    server.enqueue(error(400, "415904", "Unauthorized"));
    assertThrows(ProviderException.class, () -> provider().createPayin(payinRequest("5", null)));
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void aCreateAnsweredWithATransientStatusIsUnknownAndSentOnce(int status) throws Exception {
    // The reason code would be a refusal under a 4xx; under these statuses it means nothing.
    server.enqueue(error(status, "415059", "whatever").setHeader("Retry-After", "2"));
    ProviderException e = assertThrows(ProviderException.class, () -> provider().createPayin(payinRequest("5", null)));
    assertTrue(e.getMessage().contains(status == 429 ? "rate limited" : "HTTP " + status), e.getMessage());
    Thread.sleep(300);
    assertEquals(1, server.getRequestCount(), "a POST is never repeated by the adapter");
  }

  @Test
  void aClientErrorWithoutAKnownRefusalCodeIsUnknown() {
    server.enqueue(error(400, "415999", "Unknown error"));
    server.enqueue(error(400, "415903", "Cannot be processed"));
    server.enqueue(json(400, "not json at all"));
    server.enqueue(new MockResponse().setResponseCode(404).setBody("<html>no such path</html>"));
    AirtmPaymentProvider airtm = provider();
    for (int i = 0; i < 4; i++) {
      ProviderException e = assertThrows(ProviderException.class, () -> airtm.createPayin(payinRequest("5", null)));
      assertTrue(e.getMessage().contains("outcome is unknown"), e.getMessage());
    }
  }

  @Test
  void aCreateWhoseAnswerWasA5xxIsFoundByCodeAfterwards() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(502));
    server.enqueue(payin("CREATED").setResponseCode(200));
    AirtmPaymentProvider airtm = provider();
    assertThrows(ProviderException.class, () -> airtm.createPayin(payinRequest("25.5", null)));
    Optional<ProviderPayment> found = airtm.findPayin("topup_1");
    assertEquals(Optional.of(new ProviderPayment(PAYIN_ID, ProviderPaymentStatus.AWAITING_USER_CONFIRMATION,
        "https://app.airtm.com/payin/" + PAYIN_ID, null)), found);
    assertEquals("POST", taken().getMethod());
    assertEquals("/v2/payins/by-code/topup_1", taken().getPath());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aCreateWithoutAnswerTimesOutAsUnknownAndIsNotResent() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    long started = System.nanoTime();
    ProviderException e = assertThrows(ProviderException.class,
        () -> provider(Duration.ofMillis(300)).createPayout(payoutRequest("5", true, null)));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0);
    assertTrue(e.getMessage().contains("no answer") && e.getMessage().contains("outcome is unknown"),
        e.getMessage());
    Thread.sleep(300);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aBrokenConnectionAfterTheRequestIsUnknown() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    assertThrows(ProviderException.class, () -> provider().createPayin(payinRequest("5", null)));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void malformedOrIncompleteAnswersAreUnknown() {
    server.enqueue(json(201, "{\"id\": \"abc\", "));
    server.enqueue(json(201, "{\"id\":\"abc\"}"));
    server.enqueue(json(200, "[1,2]"));
    AirtmPaymentProvider airtm = provider();
    assertThrows(ProviderException.class, () -> airtm.createPayin(payinRequest("5", null)));
    ProviderException noStatus = assertThrows(ProviderException.class,
        () -> airtm.createPayout(payoutRequest("5", true, null)));
    assertTrue(noStatus.getMessage().contains("no status"), noStatus.getMessage());
    assertThrows(ProviderException.class, () -> airtm.payinStatus("abc"));
  }

  @Test
  void aReadIsTriedOnceMoreAfterATimeoutOrA5xx() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(payin("CONFIRMED").setResponseCode(200));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(payin("CANCELED").setResponseCode(200));
    AirtmPaymentProvider airtm = provider(Duration.ofMillis(300));
    assertEquals(ProviderPaymentStatus.SUCCEEDED, airtm.payinStatus(PAYIN_ID).status());
    assertEquals(ProviderPaymentStatus.CANCELED, airtm.payinStatus(PAYIN_ID).status());
    assertEquals(4, server.getRequestCount());
    assertEquals(4, permits.get(), "every attempt takes a permit");
    assertEquals("/v2/payins/" + PAYIN_ID, taken().getPath());
  }

  @Test
  void aReadFailingTwiceIsAnException() {
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setResponseCode(503));
    ProviderException e = assertThrows(ProviderException.class, () -> provider().payinStatus(PAYIN_ID));
    assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void findPayinIsEmptyOnlyWhenAirtmSaysNotFound() {
    server.enqueue(new MockResponse().setResponseCode(404));
    server.enqueue(error(400, "415031", "Payin not found"));
    server.enqueue(error(401, "415904", "Unauthorized"));
    server.enqueue(error(429, "415031", "Too many"));
    AirtmPaymentProvider airtm = provider();
    assertEquals(Optional.empty(), airtm.findPayin("topup_1"));
    assertEquals(Optional.empty(), airtm.findPayin("topup_1"));
    assertThrows(ProviderException.class, () -> airtm.findPayin("topup_1"));
    assertThrows(ProviderException.class, () -> airtm.findPayin("topup_1"));
  }

  @Test
  void theStatusOfAnUnknownPayinIsAnError() {
    server.enqueue(error(404, "415031", "Payin not found"));
    ProviderException e = assertThrows(ProviderException.class, () -> provider().payinStatus("nope"));
    assertTrue(e.getMessage().contains("415031"), e.getMessage());
  }

  @Test
  void cancelDeletesAndAnswersTheStatusThatPreventedIt() throws Exception {
    server.enqueue(payin("CANCELED").setResponseCode(200));
    server.enqueue(error(400, "415030", "Cannot confirm or cancel payin"));
    server.enqueue(payin("CONFIRMED").setResponseCode(200));
    AirtmPaymentProvider airtm = provider();
    assertEquals(ProviderPaymentStatus.CANCELED, airtm.cancelPayin(PAYIN_ID).status());
    RecordedRequest delete = taken();
    assertEquals("DELETE", delete.getMethod());
    assertEquals("/v2/payins/" + PAYIN_ID, delete.getPath());
    assertEquals(ProviderPaymentStatus.SUCCEEDED, airtm.cancelPayin(PAYIN_ID).status());
    assertEquals("DELETE", taken().getMethod());
    assertEquals("GET", taken().getMethod());
  }

  @Test
  void aCancelWithoutAnswerIsUnknownAndNotResent() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(500));
    assertThrows(ProviderException.class, () -> provider().cancelPayin(PAYIN_ID));
    Thread.sleep(300);
    assertEquals(1, server.getRequestCount());
  }

  // ---- payouts ----------------------------------------------------------------------------------

  @Test
  void aPayoutSendsTheFiveFieldsInCents() throws Exception {
    server.enqueue(payout("p1", "CREATED").setResponseCode(201));
    server.enqueue(payout("p2", "COMMITTED").setResponseCode(201));
    AirtmPaymentProvider airtm = provider();
    assertEquals(new ProviderPayment("p1", ProviderPaymentStatus.CREATED, null, null),
        airtm.createPayout(payoutRequest("50", false, null)));
    RecordedRequest r = taken();
    assertEquals("POST", r.getMethod());
    assertEquals("/v2/payouts", r.getPath());
    assertEquals("Basic " + TOKEN, r.getHeader("Authorization"));
    assertEquals("{\"airtmUserEmail\":\"seller@example.com\",\"amount\":50.00,\"notes\":\"Marketplace earnings "
        + "withdrawal wd_1\",\"code\":\"wd_1\",\"commit\":false}", r.getBody().readUtf8());
    assertEquals(ProviderPaymentStatus.COMMITTED, airtm.createPayout(payoutRequest("0.1", true,
        "June earnings " + "y".repeat(300))).status());
    String second = taken().getBody().readUtf8();
    assertTrue(second.contains("\"amount\":0.10,\"notes\":\"June earnings " + "y".repeat(255 - 14) + "\","
        + "\"code\":\"wd_1\",\"commit\":true}"), second);
  }

  @Test
  void aPayoutCodeAlreadyUsedAnswersTheExistingPayout() throws Exception {
    server.enqueue(error(400, "415056", "Payout code already exists"));
    server.enqueue(payout("p1", "PENDING_USER_ACTION"));
    assertEquals(new ProviderPayment("p1", ProviderPaymentStatus.AWAITING_USER_CONFIRMATION, null, null),
        provider().createPayout(payoutRequest("50", true, null)));
    taken();
    assertEquals("/v2/payouts/by-code/wd_1", taken().getPath());
  }

  @Test
  void aCommitReadsNothingFromItsEmptyAnswerAndAsksForTheStatus() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(204));
    server.enqueue(payout("p1", "committed"));
    server.enqueue(new MockResponse().setResponseCode(201).setBody("Created"));
    server.enqueue(payout("p1", "PROCESSING"));
    AirtmPaymentProvider airtm = provider();
    assertEquals(new ProviderPayment("p1", ProviderPaymentStatus.COMMITTED, null, null), airtm.commitPayout("p1"));
    RecordedRequest commit = taken();
    assertEquals("POST", commit.getMethod());
    assertEquals("/v2/payouts/p1/commit", commit.getPath());
    assertEquals(0, commit.getBodySize());
    RecordedRequest status = taken();
    assertEquals("GET", status.getMethod());
    assertEquals("/v2/payouts/p1", status.getPath());
    assertEquals(ProviderPaymentStatus.PROCESSING, airtm.commitPayout("p1").status());
  }

  @Test
  void committingAProcessedPayoutAnswersItsStatus() {
    server.enqueue(error(400, "415027", "Payout already processed"));
    server.enqueue(payout("p1", "COMPLETED"));
    assertEquals(ProviderPaymentStatus.SUCCEEDED, provider().commitPayout("p1").status());
  }

  @Test
  void aCommitThatFailsOtherwiseIsUnknownAndNotResent() throws Exception {
    server.enqueue(error(400, "415016", "Insufficient balance"));
    server.enqueue(new MockResponse().setResponseCode(500));
    AirtmPaymentProvider airtm = provider();
    ProviderException refused = assertThrows(ProviderException.class, () -> airtm.commitPayout("p1"));
    assertTrue(refused.getMessage().contains("415016: Insufficient balance"), refused.getMessage());
    assertThrows(ProviderException.class, () -> airtm.commitPayout("p1"));
    Thread.sleep(300);
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aFailedPayoutCarriesAirtmsReason() {
    server.enqueue(json(200, "{\"id\":\"p1\",\"status\":\"FAILED\",\"reasonCode\":\"415073\","
        + "\"reasonDescription\":\"Provider could not deliver\"}"));
    server.enqueue(json(200, "{\"id\":\"p1\",\"status\":\"bridge_max_retries_reached\"}"));
    server.enqueue(json(200, "{\"id\":\"p1\",\"status\":\"PROCESSING\",\"reasonDescription\":\"still working\"}"));
    AirtmPaymentProvider airtm = provider();
    assertEquals(new ProviderPayment("p1", ProviderPaymentStatus.FAILED, null, "415073: Provider could not deliver"),
        airtm.payoutStatus("p1"));
    assertEquals(new ProviderPayment("p1", ProviderPaymentStatus.FAILED, null, null), airtm.payoutStatus("p1"));
    assertNull(airtm.payoutStatus("p1").failureReason(), "a reason only for a failed or canceled payment");
  }

  @Test
  void findPayoutIsEmptyWhenNotFound() throws Exception {
    server.enqueue(error(404, "415005", "Payout not found"));
    server.enqueue(error(400, "415005", "Payout not found"));
    AirtmPaymentProvider airtm = provider();
    assertEquals(Optional.empty(), airtm.findPayout("wd_9"));
    assertEquals(Optional.empty(), airtm.findPayout("wd_9"));
    assertEquals("/v2/payouts/by-code/wd_9", taken().getPath());
  }

  // ---- accounts ---------------------------------------------------------------------------------

  @Test
  void anAccountIsLookedUpByItsUrlEncodedEmail() throws Exception {
    server.enqueue(json(200, "{\"id\":\"u-1\",\"status\":\"active\",\"primaryEmail\":true,\"isVerified\":true}"));
    server.enqueue(json(200, "{\"id\":\"u-2\",\"status\":\"INACTIVE\",\"isVerified\":false}"));
    AirtmPaymentProvider airtm = provider();
    assertEquals(Optional.of(new ProviderAccount("u-1", "a+b@example.com", true, true)),
        airtm.findAccount("a+b@example.com"));
    RecordedRequest r = taken();
    assertEquals("GET", r.getMethod());
    assertEquals("/v2/users/a%2Bb%40example.com", r.getPath());
    assertEquals(Optional.of(new ProviderAccount("u-2", "c/d@example.com", false, false)),
        airtm.findAccount("c/d@example.com"));
    assertEquals("/v2/users/c%2Fd%40example.com", taken().getPath());
  }

  @Test
  void anUnknownEmailHasNoAccountButAFailureIsAnError() {
    server.enqueue(error(404, "415059", "Recipient not found"));
    server.enqueue(error(400, "415059", "Recipient not found"));
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(json(200, "{\"status\":\"active\"}"));
    AirtmPaymentProvider airtm = provider();
    assertEquals(Optional.empty(), airtm.findAccount("nobody@example.com"));
    assertEquals(Optional.empty(), airtm.findAccount("nobody@example.com"));
    ProviderException failed = assertThrows(ProviderException.class, () -> airtm.findAccount("someone@example.com"));
    assertFalse(failed.getMessage().contains("someone"), "no e-mail address in messages: " + failed.getMessage());
    assertThrows(ProviderException.class, () -> airtm.findAccount("someone@example.com"));
  }

  // ---- secrets ----------------------------------------------------------------------------------

  @Test
  void credentialsNeverAppearInMessagesEvenWhenAirtmEchoesThem() {
    String echo = "bad credentials " + KEY + ":" + SECRET + " (Basic " + TOKEN + ")";
    server.enqueue(error(401, "415904", echo));
    server.enqueue(error(400, "415901", echo));
    server.enqueue(error(500, "415999", echo));
    server.enqueue(error(500, "415999", echo));
    AirtmPaymentProvider airtm = provider();
    ProviderException unauthorised = assertThrows(ProviderException.class,
        () -> airtm.createPayin(payinRequest("5", null)));
    ProviderPayment refused = airtm.createPayin(payinRequest("5", null));
    ProviderException failed = assertThrows(ProviderException.class, () -> airtm.payoutStatus("p1"));
    for (String text : new String[] {unauthorised.getMessage(), refused.failureReason(), failed.getMessage(),
        String.valueOf(unauthorised.getCause()), airtm.toString()}) {
      assertFalse(text.contains(SECRET) || text.contains(TOKEN) || text.contains(KEY), text);
    }
    assertTrue(refused.failureReason().startsWith("415901: bad credentials ***"), refused.failureReason());
  }

  @Test
  void aLostAnswerNamesTheOperationButNoCredentials() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    ProviderException e = assertThrows(ProviderException.class, () -> provider().createPayin(payinRequest("5", null)));
    assertTrue(e.getMessage().startsWith("AirTM POST /payins (code topup_1): no answer"), e.getMessage());
    Throwable cause = e.getCause();
    while (cause != null) {
      assertFalse(String.valueOf(cause.getMessage()).contains(SECRET), String.valueOf(cause.getMessage()));
      assertFalse(String.valueOf(cause.getMessage()).contains(TOKEN), String.valueOf(cause.getMessage()));
      cause = cause.getCause();
    }
  }
}

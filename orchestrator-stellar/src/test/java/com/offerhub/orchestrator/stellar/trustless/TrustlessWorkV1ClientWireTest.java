package com.offerhub.orchestrator.stellar.trustless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.DeployRequest;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.IndexedEscrow;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.Payout;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.Roles;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkException.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire to Trustless Work, byte for byte, and how each kind of failure is classified. */
class TrustlessWorkV1ClientWireTest {
  static final String KEY = "k3y-id.s3cret-value";
  static final String A = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ";
  static final String B = "GCFXHS4GXL6BVUCXBWXGTITROWLVYXQKQLF4YH5O5JT3YZXCYPAFBJZB";
  static final String C1 = "CBIELTK6YBZJU5UP2WWQEUCYKLPU6AUNZ2BQ4WWFEIE3USCIHMXQDAMA";
  static final String C2 = "CAKRHVIA7KKNXVC5XDSWIKDAF4HDMDJJ2B6DNUYUTQEPUJP5YN7E5YH3";
  static final String XDR_ANSWER = "{\"status\":\"SUCCESS\",\"unsignedTransaction\":\"AAAA\"}";

  MockWebServer server;
  final AtomicInteger permits = new AtomicInteger();
  final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  TrustlessWorkV1Client client(Duration timeout, Duration budget) {
    RateLimiter counting = permits::incrementAndGet;
    return TrustlessWorkV1Client.builder().baseUrl(server.url("/tw").toString()).apiKey(KEY).timeout(timeout)
        .rateLimiter(counting).rateLimitBudget(budget).sleeper(sleeps::add).build();
  }

  TrustlessWorkV1Client client() {
    return client(Duration.ofSeconds(5), Duration.ofMinutes(1));
  }

  RecordedRequest taken() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(r != null, "a request reached the server");
    return r;
  }

  @Test
  void deploySendsTheSpecBodyWithAmountsAsPlainNumbers() throws Exception {
    server.enqueue(new MockResponse().setBody(XDR_ANSWER));
    String xdr = client().deploySingleRelease(new DeployRequest(A, "ord_1", "Logo", "A logo",
        new Roles(B, A, A, B, A, A), new BigDecimal("100"), new BigDecimal("2.5"), List.of("Logo"), B, "USDC"));
    assertEquals("AAAA", xdr);
    RecordedRequest r = taken();
    assertEquals("POST", r.getMethod());
    assertEquals("/tw/deployer/single-release", r.getPath());
    assertEquals("{\"signer\":\"" + A + "\",\"engagementId\":\"ord_1\",\"title\":\"Logo\",\"description\":\"A logo\","
        + "\"roles\":{\"approver\":\"" + B + "\",\"serviceProvider\":\"" + A + "\",\"platformAddress\":\"" + A + "\","
        + "\"releaseSigner\":\"" + B + "\",\"disputeResolver\":\"" + A + "\",\"receiver\":\"" + A + "\"},"
        + "\"amount\":100,\"platformFee\":2.5,\"milestones\":[{\"description\":\"Logo\"}],"
        + "\"trustline\":{\"address\":\"" + B + "\",\"symbol\":\"USDC\"}}", r.getBody().readUtf8());
  }

  @Test
  void amountsAreRawJsonNumbersNeverStringsOrExponents() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setBody(XDR_ANSWER));
    }
    client().fundEscrow(C1, A, new BigDecimal("100"));
    client().fundEscrow(C1, A, new BigDecimal("10.5"));
    client().resolveDispute(C1, A, List.of(new Payout(B, new BigDecimal("0.0000001"))));
    assertEquals("{\"amount\":100,\"contractId\":\"" + C1 + "\",\"signer\":\"" + A + "\"}", taken().getBody().readUtf8());
    assertEquals("{\"amount\":10.5,\"contractId\":\"" + C1 + "\",\"signer\":\"" + A + "\"}", taken().getBody().readUtf8());
    assertEquals("{\"contractId\":\"" + C1 + "\",\"disputeResolver\":\"" + A + "\",\"distributions\":[{\"address\":\""
        + B + "\",\"amount\":0.0000001}]}", taken().getBody().readUtf8());
  }

  @Test
  void everyRequestCarriesTheLowercaseApiKeyAndPostsAreJsonWithoutCharset() throws Exception {
    server.enqueue(new MockResponse().setBody(XDR_ANSWER));
    server.enqueue(new MockResponse().setBody("[]"));
    client().approveMilestone(C1, 0, A);
    client().escrowsBySigner(A, "ord_1");
    RecordedRequest post = taken();
    RecordedRequest get = taken();
    for (RecordedRequest r : List.of(post, get)) {
      assertTrue(r.getHeaders().names().contains("x-api-key"), r.getHeaders().names().toString());
      assertEquals(KEY, r.getHeader("x-api-key"));
    }
    assertEquals("application/json", post.getHeader("Content-Type"));
    assertEquals("{\"contractId\":\"" + C1 + "\",\"milestoneIndex\":\"0\",\"approver\":\"" + A + "\"}",
        post.getBody().readUtf8());
    assertNull(get.getHeader("Content-Type"));
    assertEquals("/tw/helper/get-escrows-by-signer?signer=" + A + "&engagementId=ord_1", get.getPath());
  }

  @Test
  void stepBodiesNameTheRoleThatSigns() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setBody(XDR_ANSWER));
    }
    client().changeMilestoneStatus(C1, 2, "completed", null, B);
    client().releaseFunds(C1, A);
    client().disputeEscrow(C1, A);
    RecordedRequest status = taken();
    assertEquals("/tw/escrow/single-release/change-milestone-status", status.getPath());
    assertEquals("{\"contractId\":\"" + C1 + "\",\"milestoneIndex\":\"2\",\"newStatus\":\"completed\","
        + "\"serviceProvider\":\"" + B + "\"}", status.getBody().readUtf8());
    RecordedRequest release = taken();
    assertEquals("/tw/escrow/single-release/release-funds", release.getPath());
    assertEquals("{\"contractId\":\"" + C1 + "\",\"releaseSigner\":\"" + A + "\"}", release.getBody().readUtf8());
    RecordedRequest dispute = taken();
    assertEquals("/tw/escrow/single-release/dispute-escrow", dispute.getPath());
    assertEquals("{\"contractId\":\"" + C1 + "\",\"signer\":\"" + A + "\"}", dispute.getBody().readUtf8());
  }

  @Test
  void indexerQueryUsesBracketArraysAndNumbersAreReadExactly() throws Exception {
    server.enqueue(new MockResponse().setBody("[{\"contractId\":\"" + C1 + "\",\"engagementId\":\"ord_1\","
        + "\"signer\":\"" + A + "\",\"roles\":{\"approver\":\"" + B + "\",\"serviceProvider\":\"" + A + "\","
        + "\"platformAddress\":\"" + A + "\",\"releaseSigner\":\"" + B + "\",\"disputeResolver\":\"" + A + "\","
        + "\"receiver\":\"" + A + "\"},\"amount\":100.1234567,\"balance\":10.5,\"platformFee\":2.5,"
        + "\"flags\":{\"disputed\":true,\"released\":false},"
        + "\"milestones\":[{\"description\":\"Logo\",\"status\":\"completed\",\"approved\":true},"
        + "{\"description\":\"More\"}],\"type\":\"single-release\",\"isActive\":true}]"));
    List<IndexedEscrow> found = client().escrowsByContractIds(List.of(C1, C2), true);
    RecordedRequest r = taken();
    assertEquals("GET", r.getMethod());
    assertEquals("/tw/helper/get-escrow-by-contract-ids?contractIds%5B%5D=" + C1 + "&contractIds%5B%5D=" + C2
        + "&validateOnChain=true", r.getPath());
    assertEquals(List.of(C1, C2), r.getRequestUrl().queryParameterValues("contractIds[]"));
    IndexedEscrow e = found.get(0);
    assertEquals("100.1234567", e.amount().toPlainString());
    assertEquals("10.5", e.balance().toPlainString());
    assertEquals("2.5", e.platformFeePercent().toPlainString());
    assertTrue(e.disputed());
    assertFalse(e.released());
    assertFalse(e.resolved());
    assertEquals(B, e.roles().approver());
    assertEquals("completed", e.milestones().get(0).status());
    assertTrue(e.milestones().get(0).approved());
    assertEquals("", e.milestones().get(1).status());
    assertFalse(e.milestones().get(1).approved());
  }

  @Test
  void aBadKeyIsRefusedAndTheKeyNeverAppearsInTheMessage() {
    server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"message\":\"Unauthorized key " + KEY + "\"}"));
    TrustlessWorkException e = assertThrows(TrustlessWorkException.class, () -> client().releaseFunds(C1, A));
    assertEquals(Kind.REFUSED, e.kind());
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("refused the API key"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertFalse(client().toString().contains("s3cret"));
  }

  @Test
  void aContractRuleRefusalCarriesTheServiceMessage() {
    server.enqueue(new MockResponse().setResponseCode(400).setBody(
        "{\"statusCode\":400,\"message\":\"The escrow must be completed to release earnings\",\"error\":\"Bad Request\"}"));
    server.enqueue(new MockResponse().setResponseCode(400).setBody(
        "{\"statusCode\":400,\"message\":[\"serviceProvider required\",\"contractId required\"]}"));
    TrustlessWorkException rule = assertThrows(TrustlessWorkException.class, () -> client().releaseFunds(C1, A));
    assertEquals(Kind.REFUSED, rule.kind());
    assertEquals(400, rule.status());
    assertTrue(rule.getMessage().endsWith("The escrow must be completed to release earnings"), rule.getMessage());
    TrustlessWorkException input = assertThrows(TrustlessWorkException.class,
        () -> client().changeMilestoneStatus(C1, 0, "completed", null, A));
    assertTrue(input.getMessage().endsWith("serviceProvider required; contractId required"), input.getMessage());
    assertTrue(rule.refused() && input.refused(), "the engine fails a step whose build is refused");
  }

  /**
   * What the saga runner fails a step for ({@code refused()}): a contract rule or bad input, never a
   * 404 (the indexer may not know a contract deployed a moment ago), a 429 or a 5xx.
   */
  @Test
  void onlyARefusalThatWouldRepeatFailsTheStep() {
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"message\":\"Escrow not found\"}"));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"message\":\"Unexpected error\"}"));
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30").setBody("{}"));
    TrustlessWorkException notFound = assertThrows(TrustlessWorkException.class, () -> client().fundEscrow(C1, A,
        BigDecimal.TEN));
    assertEquals(Kind.REFUSED, notFound.kind());
    assertFalse(notFound.refused(), "a 404 may be the indexer lagging behind a deploy");
    assertFalse(assertThrows(TrustlessWorkException.class, () -> client().fundEscrow(C1, A, BigDecimal.TEN))
        .refused());
    assertFalse(assertThrows(TrustlessWorkException.class, () -> client(Duration.ofSeconds(5), Duration.ofSeconds(10))
        .fundEscrow(C1, A, BigDecimal.TEN)).refused());
  }

  @Test
  void a429WaitsItsRetryAfterWithANewPermitThenSucceeds() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "2").setBody("{}"));
    server.enqueue(new MockResponse().setBody(XDR_ANSWER));
    assertEquals("AAAA", client().disputeEscrow(C1, A));
    assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
    assertEquals(2, permits.get(), "each attempt takes its own permit");
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a429BeyondTheBudgetIsRateLimitedWithItsRetryAfter() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30").setBody("{}"));
    TrustlessWorkException e = assertThrows(TrustlessWorkException.class,
        () -> client(Duration.ofSeconds(5), Duration.ofSeconds(10)).disputeEscrow(C1, A));
    assertEquals(Kind.RATE_LIMITED, e.kind());
    assertEquals(429, e.status());
    assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
    assertEquals(1, server.getRequestCount());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void a5xxOnAStepIsRetryableBecauseStepsOnlyBuild() {
    server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"message\":\"Unexpected error\"}"));
    server.enqueue(new MockResponse().setResponseCode(503).setBody("unavailable"));
    TrustlessWorkException e500 = assertThrows(TrustlessWorkException.class, () -> client().fundEscrow(C1, A,
        BigDecimal.TEN));
    assertEquals(Kind.RETRYABLE, e500.kind());
    assertEquals(500, e500.status());
    TrustlessWorkException e503 = assertThrows(TrustlessWorkException.class, () -> client().fundEscrow(C1, A,
        BigDecimal.TEN));
    assertEquals(Kind.RETRYABLE, e503.kind());
    assertEquals(503, e503.status());
  }

  @Test
  void a5xxOnSendTransactionIsUnknownBecauseItMayHaveBeenApplied() {
    server.enqueue(new MockResponse().setResponseCode(500).setBody(
        "{\"message\":\"The transaction could not be complete yet: resultMetaXdr missing\"}"));
    TrustlessWorkException e = assertThrows(TrustlessWorkException.class, () -> client().sendTransaction("AAAA"));
    assertEquals(Kind.UNKNOWN, e.kind());
    assertEquals(500, e.status());
  }

  @Test
  void aTimeoutOnAStepIsRetryableAndOnSendTransactionUnknown() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    TrustlessWorkClient slow = client(Duration.ofSeconds(1), Duration.ofMinutes(1));
    TrustlessWorkException step = assertThrows(TrustlessWorkException.class, () -> slow.releaseFunds(C1, A));
    assertEquals(Kind.RETRYABLE, step.kind());
    assertTrue(step.getMessage().contains("nothing was applied"), step.getMessage());
    TrustlessWorkException send = assertThrows(TrustlessWorkException.class, () -> slow.sendTransaction("AAAA"));
    assertEquals(Kind.UNKNOWN, send.kind());
    assertEquals(0, send.status());
  }

  @Test
  void anUnreachableServiceIsRetryableEvenForSendTransaction() throws IOException {
    TrustlessWorkClient client = client();
    server.shutdown();
    TrustlessWorkException e = assertThrows(TrustlessWorkException.class, () -> client.sendTransaction("AAAA"));
    assertEquals(Kind.RETRYABLE, e.kind());
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
  }

  @Test
  void sendTransactionReadsSuccessAndTreatsFailedAsRefused() {
    server.enqueue(new MockResponse().setBody("{\"status\":\"SUCCESS\",\"message\":\"sent\",\"contractId\":\"" + C1
        + "\"}"));
    server.enqueue(new MockResponse().setBody("{\"status\":\"FAILED\",\"message\":\"tx_bad_seq\"}"));
    assertEquals(C1, client().sendTransaction("AAAA").contractId());
    TrustlessWorkException e = assertThrows(TrustlessWorkException.class, () -> client().sendTransaction("AAAA"));
    assertEquals(Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().contains("tx_bad_seq"), e.getMessage());
  }

  @Test
  void aStepAnswerWithoutTransactionOrWithBrokenJsonIsRetryable() {
    server.enqueue(new MockResponse().setBody("{\"status\":\"SUCCESS\"}"));
    server.enqueue(new MockResponse().setBody("<html>gateway</html>"));
    assertEquals(Kind.RETRYABLE, assertThrows(TrustlessWorkException.class, () -> client().disputeEscrow(C1, A)).kind());
    assertEquals(Kind.RETRYABLE, assertThrows(TrustlessWorkException.class, () -> client().disputeEscrow(C1, A)).kind());
  }

  @Test
  void theBuilderNamesEveryMissingSettingAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrustlessWorkV1Client.builder().timeout(Duration.ofMillis(500)).build());
    for (String named : List.of("baseUrl", "apiKey", "rateLimiter", "timeout")) {
      assertTrue(e.getMessage().contains(named), e.getMessage());
    }
  }
}

package com.offerhub.orchestrator.stellar.trustless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.IndexedEscrow;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.Milestone;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkException.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.Address;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.xdr.ExtensionPoint;
import org.stellar.sdk.xdr.LedgerEntryChange;
import org.stellar.sdk.xdr.LedgerEntryChanges;
import org.stellar.sdk.xdr.OperationMeta;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SorobanTransactionMeta;
import org.stellar.sdk.xdr.SorobanTransactionMetaExt;
import org.stellar.sdk.xdr.TransactionMeta;
import org.stellar.sdk.xdr.TransactionMetaV3;

/** The gateway's reading side: indexer records to snapshots, and a deploy's contract id from Soroban RPC. */
class TrustlessEscrowGatewayTest {
  static final String BUYER = KeyPair.random().getAccountId();
  static final String SELLER = KeyPair.random().getAccountId();
  static final String PLATFORM = KeyPair.random().getAccountId();
  static final String CONTRACT = StrKey.encodeContract(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2});
  static final String HASH = "a".repeat(64);

  FakeTrustlessWork tw = new FakeTrustlessWork(ContractVariant.B, TrustlessEscrowGateway.SIMULATOR_DEPLOYER,
      TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS);
  MockWebServer rpc = new MockWebServer();
  volatile String rpcResult;
  final List<String> rpcBodies = new java.util.concurrent.CopyOnWriteArrayList<>();
  TrustlessEscrowGateway gateway;

  @BeforeEach
  void start() throws IOException {
    rpc.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody().readUtf8();
        rpcBodies.add(body);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|\\d+)").matcher(body);
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"jsonrpc\":\"2.0\",\"id\":"
            + (id.find() ? id.group(1) : "1") + ",\"result\":" + rpcResult + "}");
      }
    });
    rpc.start(InetAddress.getByName("127.0.0.1"), 0);
    gateway = TrustlessEscrowGateway.builder().client(tw).network(FakeTrustlessWork.NETWORK)
        .sorobanRpcUrl(rpc.url("/rpc").toString()).usdcIssuer(FakeTrustlessWork.ISSUER).maxFeeStroops(1_000_000)
        .serviceFeeBps(30).build();
  }

  @AfterEach
  void stop() throws IOException {
    rpc.shutdown();
  }

  IndexedEscrow record(String balance, String amount, String fee, boolean disputed, boolean released, boolean resolved) {
    return new IndexedEscrow(CONTRACT, "ord_1", PLATFORM, null, new BigDecimal(amount), new BigDecimal(balance),
        new BigDecimal(fee), disputed, released, resolved, List.of(new Milestone("Logo", "completed", true),
        new Milestone("More", "", false)));
  }

  @Test
  void inspectReadsTheIndexerValidatedOnChainExactly() {
    tw.indexed.add(record("10.5", "100", "2.5", true, false, false));
    EscrowSnapshot s = gateway.inspect(CONTRACT);
    assertEquals(List.of("byContractIds [" + CONTRACT + "] true"), tw.calls);
    assertEquals(CONTRACT, s.contractId());
    assertEquals(Money.ofStroops(105_000_000), s.balance());
    assertFalse(s.funded(), "10.5 of 100 is not funded");
    assertTrue(s.disputed());
    assertFalse(s.released());
    assertFalse(s.resolved());
    assertEquals(List.of("completed", ""), s.milestoneStatuses());
    assertEquals(List.of(true, false), s.milestoneApprovals());
    assertEquals(250, s.platformFeeBps());
    assertEquals(30, s.serviceFeeBps());
  }

  @Test
  void fundedOnceTheBalanceReachesTheAmountAndStillAfterThePayout() {
    tw.indexed.add(record("100.0000001", "100", "0", false, false, false));
    assertTrue(gateway.inspect(CONTRACT).funded());
    tw.indexed.set(0, record("0", "100", "0", false, true, false));
    EscrowSnapshot released = gateway.inspect(CONTRACT);
    assertTrue(released.funded());
    assertEquals(Money.ZERO, released.balance());
  }

  @Test
  void unknownOrMalformedContractsAreNotFound() {
    assertEquals(404, assertThrows(EscrowGatewayException.class, () -> gateway.inspect(CONTRACT)).status());
    assertEquals(404, assertThrows(EscrowGatewayException.class,
        () -> gateway.inspect("CAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).status());
  }

  @Test
  void aBalanceFinerThanAStroopIsRefusedNotRounded() {
    tw.indexed.add(record("10.00000001", "100", "0", false, false, false));
    TrustlessWorkException e = assertThrows(TrustlessWorkException.class, () -> gateway.inspect(CONTRACT));
    assertTrue(e.getMessage().contains("10.00000001"), e.getMessage());
  }

  @Test
  void aPayeeNamedTwiceIsRefusedBeforeAskingTheService() {
    TrustlessWorkException e = assertThrows(TrustlessWorkException.class, () -> gateway.resolve(CONTRACT, PLATFORM,
        List.of(new Distribution(SELLER, Money.of(1)), new Distribution(SELLER, Money.of(2)))));
    assertEquals(Kind.REFUSED, e.kind());
    assertTrue(tw.calls.isEmpty());
  }

  @Test
  void theDeploysContractIdIsItsSorobanReturnValue() throws IOException {
    String created = StrKey.encodeContract(new byte[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
    rpcResult = "{\"status\":\"SUCCESS\",\"latestLedger\":12,\"ledger\":11,\"resultMetaXdr\":\""
        + meta(new Address(created).toSCVal()) + "\"}";
    assertEquals(created, gateway.deployedContractId(HASH));
    assertEquals(1, rpcBodies.size());
    assertTrue(rpcBodies.get(0).contains("\"getTransaction\"") && rpcBodies.get(0).contains(HASH), rpcBodies.get(0));
    assertTrue(tw.calls.isEmpty(), "no indexer call when the chain answered");
  }

  @Test
  void withoutAReturnValueTheIndexerFindsTheDeployByEngagementId() throws IOException {
    String deployXdr = honestDeployEnvelope();
    rpcResult = "{\"status\":\"SUCCESS\",\"latestLedger\":12,\"ledger\":11,\"envelopeXdr\":\"" + deployXdr + "\"}";
    tw.indexed.add(new IndexedEscrow(CONTRACT, "ord_7", PLATFORM, null, BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.ZERO,
        false, false, false, List.of()));
    assertEquals(CONTRACT, gateway.deployedContractId(HASH));
    assertEquals("bySigner " + PLATFORM + " ord_7", tw.calls.get(tw.calls.size() - 1));
  }

  @Test
  void aDeployNotYetOnChainIsRetryableAndAFailedOneIsRefused() {
    rpcResult = "{\"status\":\"NOT_FOUND\",\"latestLedger\":12}";
    TrustlessWorkException missing = assertThrows(TrustlessWorkException.class, () -> gateway.deployedContractId(HASH));
    assertEquals(Kind.RETRYABLE, missing.kind());
    assertEquals(404, missing.status());
    rpcResult = "{\"status\":\"FAILED\",\"latestLedger\":12,\"ledger\":11}";
    TrustlessWorkException failed = assertThrows(TrustlessWorkException.class, () -> gateway.deployedContractId(HASH));
    assertEquals(Kind.REFUSED, failed.kind());
  }

  @Test
  void theBuilderNamesEveryProblemAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustlessEscrowGateway.builder()
        .deployerContract("not-a-contract").build());
    for (String named : List.of("client", "network", "sorobanRpcUrl", "deployerContract", "usdcIssuer", "maxFeeStroops")) {
      assertTrue(e.getMessage().contains(named), e.getMessage());
    }
  }

  /** A deploy for ord_7 as Trustless Work builds it, wrapped in a fee-bump as the chain adapter submits it. */
  private String honestDeployEnvelope() {
    tw.tamper = spec -> spec.feeBumpSource = KeyPair.random().getAccountId();
    try {
      return tw.deploySingleRelease(new TrustlessWorkClient.DeployRequest(PLATFORM, "ord_7", "t", "d",
          new TrustlessWorkClient.Roles(BUYER, SELLER, PLATFORM, BUYER, PLATFORM, SELLER), BigDecimal.TEN,
          BigDecimal.ZERO, List.of("m"), FakeTrustlessWork.ISSUER, "USDC"));
    } finally {
      tw.tamper = spec -> { };
    }
  }

  private static String meta(SCVal returnValue) throws IOException {
    SorobanTransactionMetaExt ext = new SorobanTransactionMetaExt();
    ext.setDiscriminant(0);
    SorobanTransactionMeta soroban = new SorobanTransactionMeta();
    soroban.setExt(ext);
    soroban.setEvents(new org.stellar.sdk.xdr.ContractEvent[0]);
    soroban.setReturnValue(returnValue);
    soroban.setDiagnosticEvents(new org.stellar.sdk.xdr.DiagnosticEvent[0]);
    ExtensionPoint none = new ExtensionPoint();
    none.setDiscriminant(0);
    TransactionMetaV3 v3 = new TransactionMetaV3();
    v3.setExt(none);
    v3.setTxChangesBefore(new LedgerEntryChanges(new LedgerEntryChange[0]));
    v3.setOperations(new OperationMeta[0]);
    v3.setTxChangesAfter(new LedgerEntryChanges(new LedgerEntryChange[0]));
    v3.setSorobanMeta(soroban);
    TransactionMeta meta = new TransactionMeta();
    meta.setDiscriminant(3);
    meta.setV3(v3);
    return meta.toXdrBase64();
  }
}

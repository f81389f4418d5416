package com.offerhub.orchestrator.stellar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.Account;
import org.stellar.sdk.Address;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.SorobanDataBuilder;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.Util;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.AccountEntry;
import org.stellar.sdk.xdr.DecoratedSignature;
import org.stellar.sdk.xdr.EnvelopeType;
import org.stellar.sdk.xdr.Hash;
import org.stellar.sdk.xdr.HashIDPreimage;
import org.stellar.sdk.xdr.Int64;
import org.stellar.sdk.xdr.LedgerEntry;
import org.stellar.sdk.xdr.LedgerEntryType;
import org.stellar.sdk.xdr.SCMapEntry;
import org.stellar.sdk.xdr.SequenceNumber;
import org.stellar.sdk.xdr.Signer;
import org.stellar.sdk.xdr.SorobanAddressCredentials;
import org.stellar.sdk.xdr.SorobanAuthorizationEntry;
import org.stellar.sdk.xdr.SorobanAuthorizedFunction;
import org.stellar.sdk.xdr.SorobanAuthorizedFunctionType;
import org.stellar.sdk.xdr.SorobanAuthorizedInvocation;
import org.stellar.sdk.xdr.SorobanCredentials;
import org.stellar.sdk.xdr.SorobanCredentialsType;
import org.stellar.sdk.xdr.String32;
import org.stellar.sdk.xdr.Thresholds;
import org.stellar.sdk.xdr.Uint32;
import org.stellar.sdk.xdr.XdrString;
import org.stellar.sdk.xdr.XdrUnsignedInteger;

/**
 * A contract call the platform wallet signs moves onto a leased channel account, with the
 * platform's authorization turned into an address credential it signs; RPC answers are scripted.
 */
class ChannelSigningTest {
  private final Fixtures fixtures = new Fixtures();
  private final FakeEndpoints endpoints = new FakeEndpoints();
  private final MockWebServer server = new MockWebServer();
  private final LocalLeases leases = new LocalLeases(Fixtures.CLOCK);
  private final KeyPair platform = fixtures.funding;
  private final String contract = StrKey.encodeContract(new byte[32]);
  private final Instant twValidUntil = Fixtures.NOW.plusSeconds(300);
  private StellarChainAdapter chain;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(endpoints);
    server.start();
    chain = StellarChainAdapter.create(fixtures.settings(server.url("/").toString(), server.url("/rpc").toString())
        .channelSecrets(List.of(Fixtures.seed(fixtures.channel))).leaseService(leases)
        .submitPollTimeout(Duration.ofMillis(300)).build());
    endpoints.rpc("getLatestLedger", "{\"id\":\"x\",\"protocolVersion\":22,\"sequence\":100}")
        .rpc("getLedgerEntries", "{\"entries\":[{\"key\":\"\",\"xdr\":\"" + accountEntry(fixtures.channel, 500)
            + "\",\"lastModifiedLedgerSeq\":90}],\"latestLedger\":100}");
  }

  @AfterEach
  void stop() throws IOException {
    chain.close();
    server.shutdown();
  }

  /** What Trustless Work returns for a resolve: the platform as source, a source-account credential. */
  private Transaction resolveFromTrustlessWork() {
    InvokeHostFunctionOperation call = InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(contract,
        "resolve_dispute", List.of(Scv.toAddress(platform.getAccountId()))).build();
    SorobanAuthorizedInvocation invocation = new SorobanAuthorizedInvocation.Builder()
        .function(new SorobanAuthorizedFunction.Builder()
            .discriminant(SorobanAuthorizedFunctionType.SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN)
            .contractFn(call.getHostFunction().getInvokeContract()).build())
        .subInvocations(new SorobanAuthorizedInvocation[0]).build();
    SorobanAuthorizationEntry entry = new SorobanAuthorizationEntry.Builder()
        .credentials(new SorobanCredentials.Builder()
            .discriminant(SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT).build())
        .rootInvocation(invocation).build();
    return new TransactionBuilder(new Account(platform.getAccountId(), 9L), Network.TESTNET)
        .setBaseFee(100_000)
        .addOperation(InvokeHostFunctionOperation.builder().hostFunction(call.getHostFunction()).auth(List.of(entry))
            .build())
        .setSorobanData(new SorobanDataBuilder().setResourceFee(99_900).build())
        .addPreconditions(TransactionPreconditions.builder()
            .timeBounds(new TimeBounds(0, twValidUntil.getEpochSecond())).build())
        .build();
  }

  private void simulation(long minResourceFee) throws IOException {
    endpoints.rpc("simulateTransaction", "{\"transactionData\":\""
        + new SorobanDataBuilder().setResourceFee(minResourceFee).build().toXdrBase64().replace("\n", "")
        + "\",\"minResourceFee\":\"" + minResourceFee + "\",\"results\":[{\"auth\":[],\"xdr\":\""
        + Scv.toVoid().toXdrBase64() + "\"}],\"latestLedger\":100}");
  }

  private static String accountEntry(KeyPair account, long sequence) {
    try {
      AccountEntry entry = new AccountEntry.Builder()
          .accountID(account.getXdrAccountId())
          .balance(new Int64(0L))
          .seqNum(new SequenceNumber(new Int64(sequence)))
          .numSubEntries(new Uint32(new XdrUnsignedInteger(0L)))
          .flags(new Uint32(new XdrUnsignedInteger(0L)))
          .homeDomain(new String32(new XdrString("")))
          .thresholds(new Thresholds(new byte[] {1, 0, 0, 0}))
          .signers(new Signer[0])
          .ext(new AccountEntry.AccountEntryExt.Builder().discriminant(0).build())
          .build();
      return new LedgerEntry.LedgerEntryData.Builder().discriminant(LedgerEntryType.ACCOUNT).account(entry).build()
          .toXdrBase64();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean signedBy(AbstractTransaction tx, KeyPair keys) {
    for (DecoratedSignature signature : tx.getSignatures()) {
      if (keys.verify(tx.hash(), signature.getSignature().getSignature())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void thePlatformsCallRunsOnAChannelWithASignedAddressCredential() throws Exception {
    simulation(5_000);
    Transaction original = resolveFromTrustlessWork();
    SignedTransaction signed = chain.sign(new UnsignedTransaction(original.toEnvelopeXdrBase64(),
        platform.getAccountId(), twValidUntil), Fixtures.seed(platform));

    FeeBumpTransaction bump = (FeeBumpTransaction) AbstractTransaction.fromEnvelopeXdr(signed.envelope(),
        Network.TESTNET);
    Transaction inner = bump.getInnerTransaction();
    assertEquals(signed.hash(), bump.hashHex());
    assertEquals(fixtures.channel.getAccountId(), inner.getSourceAccount(), "the platform's sequence is not used");
    assertEquals(501L, inner.getSequenceNumber(), "the channel's next sequence number, read through RPC");
    assertEquals(100 + 5_000, inner.getFee(), "inclusion fee plus the simulated resource fee");
    assertEquals(Fixtures.NOW.plusSeconds(60), signed.validUntil(), "the adapter's own timeout, inside TW's 300 s");
    assertTrue(signedBy(inner, fixtures.channel));
    assertFalse(signedBy(inner, platform), "the platform authorizes through its credential, not the envelope");
    assertTrue(signedBy(bump, fixtures.funding));

    InvokeHostFunctionOperation call = (InvokeHostFunctionOperation) inner.getOperations()[0];
    InvokeHostFunctionOperation asked = (InvokeHostFunctionOperation) original.getOperations()[0];
    assertEquals(asked.getHostFunction(), call.getHostFunction());
    assertEquals(1, call.getAuth().size());
    SorobanAuthorizationEntry entry = call.getAuth().get(0);
    assertEquals(SorobanCredentialsType.SOROBAN_CREDENTIALS_ADDRESS, entry.getCredentials().getDiscriminant());
    assertEquals(asked.getAuth().get(0).getRootInvocation(), entry.getRootInvocation());
    SorobanAddressCredentials credentials = entry.getCredentials().getAddress();
    assertEquals(platform.getAccountId(), Address.fromSCAddress(credentials.getAddress()).toString());
    assertEquals(100 + 60 / 5 + 120, credentials.getSignatureExpirationLedger().getUint32().getNumber().longValue());

    HashIDPreimage preimage = new HashIDPreimage.Builder()
        .discriminant(EnvelopeType.ENVELOPE_TYPE_SOROBAN_AUTHORIZATION)
        .sorobanAuthorization(new HashIDPreimage.HashIDPreimageSorobanAuthorization.Builder()
            .networkID(new Hash(Network.TESTNET.getNetworkId()))
            .nonce(credentials.getNonce())
            .signatureExpirationLedger(credentials.getSignatureExpirationLedger())
            .invocation(entry.getRootInvocation()).build())
        .build();
    SCMapEntry[] signature = credentials.getSignature().getVec().getSCVec()[0].getMap().getSCMap();
    byte[] publicKey = null;
    byte[] bytes = null;
    for (SCMapEntry field : signature) {
      String name = field.getKey().getSym().getSCSymbol().toString();
      if (name.equals("public_key")) {
        publicKey = field.getVal().getBytes().getSCBytes();
      } else if (name.equals("signature")) {
        bytes = field.getVal().getBytes().getSCBytes();
      }
    }
    assertArrayEquals(platform.getPublicKey(), publicKey);
    assertTrue(platform.verify(Util.hash(preimage.toXdrByteArray()), bytes), "the platform key signed the entry");

    String lease = SourceAccounts.leaseName(fixtures.channel.getAccountId());
    assertTrue(leases.isHeld(lease), "the channel stays leased while the transaction may land");
    endpoints.rpc("sendTransaction", "{\"status\":\"PENDING\"}")
        .rpc("getTransaction", "{\"status\":\"SUCCESS\",\"ledger\":101}");
    assertEquals(SubmitOutcome.CONFIRMED, chain.submit(signed).outcome());
    assertFalse(leases.isHeld(lease), "a settled transaction frees its channel");
  }

  @Test
  void aSimulatedFeeAboveTheCapIsRefusedAndTheChannelFreed() throws IOException {
    simulation(2_000_000);
    Transaction original = resolveFromTrustlessWork();
    ChainException refused = assertThrows(ChainException.class, () -> chain.sign(new UnsignedTransaction(
        original.toEnvelopeXdrBase64(), platform.getAccountId(), twValidUntil), Fixtures.seed(platform)));
    assertTrue(refused.getMessage().contains("exceeds the cap of 2000000"), refused.getMessage());
    assertFalse(leases.isHeld(SourceAccounts.leaseName(fixtures.channel.getAccountId())));
  }

  @Test
  void aWrongPlatformKeyIsRefusedBeforeAnythingIsSent() throws IOException {
    simulation(5_000);
    Transaction original = resolveFromTrustlessWork();
    KeyPair impostor = KeyPair.random();
    ChainException refused = assertThrows(ChainException.class, () -> chain.sign(new UnsignedTransaction(
        original.toEnvelopeXdrBase64(), platform.getAccountId(), twValidUntil), Fixtures.seed(impostor)));
    assertTrue(refused.getMessage().contains("does not belong to the platform account"), refused.getMessage());
    assertFalse(refused.getMessage().contains(Fixtures.seedText(impostor)));
    assertFalse(endpoints.calls.contains("rpc simulateTransaction"));
  }
}

package com.offerhub.orchestrator.stellar.trustless;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import org.stellar.sdk.Account;
import org.stellar.sdk.Address;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.Memo;
import org.stellar.sdk.Network;
import org.stellar.sdk.Operation;
import org.stellar.sdk.SorobanDataBuilder;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.Int64;
import org.stellar.sdk.xdr.InvokeContractArgs;
import org.stellar.sdk.xdr.PreconditionType;
import org.stellar.sdk.xdr.Preconditions;
import org.stellar.sdk.xdr.SCSymbol;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SorobanAddressCredentials;
import org.stellar.sdk.xdr.SorobanAuthorizationEntry;
import org.stellar.sdk.xdr.SorobanAuthorizedFunction;
import org.stellar.sdk.xdr.SorobanAuthorizedFunctionType;
import org.stellar.sdk.xdr.SorobanAuthorizedInvocation;
import org.stellar.sdk.xdr.SorobanCredentials;
import org.stellar.sdk.xdr.SorobanCredentialsType;
import org.stellar.sdk.xdr.TransactionEnvelope;
import org.stellar.sdk.xdr.Uint32;
import org.stellar.sdk.xdr.XdrString;

/**
 * A Trustless Work that builds every step's unsigned transaction honestly, with the SDK and the
 * agreed conventions (source = signer, fee 100000, time bounds [0, now + 300 s], one contract call,
 * one source-account authorization), and lets a test tamper with the transaction before it is
 * encoded. Indexer answers are whatever the test puts in {@link #indexed}.
 */
final class FakeTrustlessWork implements TrustlessWorkClient {
  static final Network NETWORK = Network.TESTNET;
  static final String ISSUER = "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5";

  /** Everything the built transaction will be made of; a tamper changes any of it. */
  static final class Spec {
    String step;
    String source;
    long fee = 100_000;
    TimeBounds bounds;
    boolean stripTimeBounds;
    Memo memo;
    String contract;
    String function;
    List<SCVal> args;
    List<SCVal> authArgs;
    String operationSource;
    final List<Operation> extraOperations = new ArrayList<>();
    final List<SorobanAuthorizedInvocation> subInvocations = new ArrayList<>();
    final List<SorobanAuthorizationEntry> extraAuth = new ArrayList<>();
    String addressCredentialsFor;
    String feeBumpSource;
  }

  private final ContractVariant variant;
  private final String deployer;
  private final String feeAddress;
  Consumer<Spec> tamper = spec -> { };
  final List<IndexedEscrow> indexed = new ArrayList<>();
  final List<String> calls = new ArrayList<>();

  FakeTrustlessWork(ContractVariant variant, String deployer, String feeAddress) {
    this.variant = variant;
    this.deployer = deployer;
    this.feeAddress = feeAddress;
  }

  @Override
  public String deploySingleRelease(DeployRequest r) {
    LinkedHashMap<SCVal, SCVal> roles = new LinkedHashMap<>();
    roles.put(sym("approver"), addr(r.roles().approver()));
    roles.put(sym("dispute_resolver"), addr(r.roles().disputeResolver()));
    roles.put(sym("platform_address"), addr(r.roles().platformAddress()));
    roles.put(sym("receiver"), addr(r.roles().receiver()));
    roles.put(sym("release_signer"), addr(r.roles().releaseSigner()));
    roles.put(sym("service_provider"), addr(r.roles().serviceProvider()));
    List<SCVal> milestones = new ArrayList<>();
    for (String m : r.milestones()) {
      LinkedHashMap<SCVal, SCVal> milestone = new LinkedHashMap<>();
      milestone.put(sym("approved"), Scv.toBoolean(false));
      milestone.put(sym("description"), Scv.toString(m));
      milestone.put(sym("status"), Scv.toString(""));
      milestones.add(Scv.toMap(milestone));
    }
    LinkedHashMap<SCVal, SCVal> trustline = new LinkedHashMap<>();
    trustline.put(sym("address"), addr(r.trustlineAddress()));
    trustline.put(sym("symbol"), Scv.toString(r.trustlineSymbol()));
    LinkedHashMap<SCVal, SCVal> escrow = new LinkedHashMap<>();
    escrow.put(sym("amount"), Scv.toInt128(stroops(r.amount())));
    escrow.put(sym("description"), Scv.toString(r.description()));
    escrow.put(sym("engagement_id"), Scv.toString(r.engagementId()));
    escrow.put(sym("milestones"), Scv.toVec(milestones));
    escrow.put(sym("platform_fee"), Scv.toUint32(r.platformFeePercent().movePointRight(2).longValueExact()));
    escrow.put(sym("roles"), Scv.toMap(roles));
    escrow.put(sym("title"), Scv.toString(r.title()));
    escrow.put(sym("trustline"), Scv.toMap(trustline));
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    return build("deploy", r.signer(), deployer, variant.deployFunction(),
        List.of(addr(r.signer()), Scv.toBytes(salt), Scv.toMap(escrow)));
  }

  @Override
  public String fundEscrow(String contractId, String signer, BigDecimal amount) {
    return build("fund", signer, contractId, "fund_escrow",
        List.of(addr(signer), Scv.toMap(new LinkedHashMap<>()), Scv.toInt128(stroops(amount))));
  }

  @Override
  public String changeMilestoneStatus(String contractId, int milestoneIndex, String newStatus, String evidence,
      String serviceProvider) {
    return build("change milestone status", serviceProvider, contractId, "change_milestone_status",
        List.of(Scv.toInt128(BigInteger.valueOf(milestoneIndex)), Scv.toString(newStatus),
            evidence == null ? Scv.toVoid() : Scv.toString(evidence), addr(serviceProvider)));
  }

  @Override
  public String approveMilestone(String contractId, int milestoneIndex, String approver) {
    return build("approve milestone", approver, contractId, "approve_milestone",
        List.of(Scv.toInt128(BigInteger.valueOf(milestoneIndex)), addr(approver)));
  }

  @Override
  public String releaseFunds(String contractId, String releaseSigner) {
    return build("release", releaseSigner, contractId, "release_funds", variant.feeAddressArgument()
        ? List.of(addr(releaseSigner), addr(feeAddress)) : List.of(addr(releaseSigner)));
  }

  @Override
  public String disputeEscrow(String contractId, String signer) {
    return build("dispute", signer, contractId, "dispute_escrow", List.of(addr(signer)));
  }

  @Override
  public String resolveDispute(String contractId, String disputeResolver, List<Payout> distributions) {
    LinkedHashMap<SCVal, SCVal> map = new LinkedHashMap<>();
    distributions.forEach(p -> map.put(addr(p.address()), Scv.toInt128(stroops(p.amount()))));
    return build("resolve", disputeResolver, contractId, "resolve_dispute", variant.feeAddressArgument()
        ? List.of(addr(disputeResolver), addr(feeAddress), Scv.toMap(map))
        : List.of(addr(disputeResolver), Scv.toMap(map)));
  }

  @Override
  public SendResult sendTransaction(String signedXdr) {
    throw new UnsupportedOperationException("the gateway never submits through Trustless Work");
  }

  @Override
  public List<IndexedEscrow> escrowsByContractIds(List<String> contractIds, boolean validateOnChain) {
    calls.add("byContractIds " + contractIds + " " + validateOnChain);
    return indexed.stream().filter(e -> contractIds.contains(e.contractId())).toList();
  }

  @Override
  public List<IndexedEscrow> escrowsBySigner(String signer, String engagementId) {
    calls.add("bySigner " + signer + " " + engagementId);
    return indexed.stream().filter(e -> signer.equals(e.signer()) && engagementId.equals(e.engagementId())).toList();
  }

  private String build(String step, String source, String contract, String function, List<SCVal> args) {
    calls.add(step);
    Spec spec = new Spec();
    spec.step = step;
    spec.source = source;
    spec.contract = contract;
    spec.function = function;
    spec.args = new ArrayList<>(args);
    spec.bounds = new TimeBounds(0, Instant.now().getEpochSecond() + 300);
    tamper.accept(spec);
    return encode(spec);
  }

  static String encode(Spec spec) {
    SorobanAuthorizationEntry auth = new SorobanAuthorizationEntry();
    SorobanCredentials credentials = new SorobanCredentials();
    if (spec.addressCredentialsFor == null) {
      credentials.setDiscriminant(SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT);
    } else {
      credentials.setDiscriminant(SorobanCredentialsType.SOROBAN_CREDENTIALS_ADDRESS);
      SorobanAddressCredentials address = new SorobanAddressCredentials();
      address.setAddress(new Address(spec.addressCredentialsFor).toSCAddress());
      address.setNonce(new Int64(7L));
      address.setSignatureExpirationLedger(new Uint32(new org.stellar.sdk.xdr.XdrUnsignedInteger(100L)));
      address.setSignature(Scv.toVoid());
      credentials.setAddress(address);
    }
    auth.setCredentials(credentials);
    SorobanAuthorizedInvocation root = invocation(spec.contract, spec.function,
        spec.authArgs == null ? spec.args : spec.authArgs);
    root.setSubInvocations(spec.subInvocations.toArray(new SorobanAuthorizedInvocation[0]));
    auth.setRootInvocation(root);
    List<SorobanAuthorizationEntry> entries = new ArrayList<>(List.of(auth));
    entries.addAll(spec.extraAuth);
    InvokeHostFunctionOperation op = InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(
        spec.contract, spec.function, spec.args).auth(entries).sourceAccount(spec.operationSource).build();
    TransactionBuilder builder = new TransactionBuilder(new Account(spec.source, 41L), NETWORK).setBaseFee(spec.fee)
        .addPreconditions(TransactionPreconditions.builder().timeBounds(spec.bounds).build()).addOperation(op)
        .setSorobanData(new SorobanDataBuilder().setResourceFee(99_900).build());
    spec.extraOperations.forEach(builder::addOperation);
    if (spec.memo != null) {
      builder.addMemo(spec.memo);
    }
    Transaction tx = builder.build();
    if (spec.feeBumpSource != null) {
      return new FeeBumpTransaction.Builder(tx).setFeeAccount(spec.feeBumpSource).setBaseFee(spec.fee)
          .build().toEnvelopeXdrBase64();
    }
    if (!spec.stripTimeBounds) {
      return tx.toEnvelopeXdrBase64();
    }
    try {
      TransactionEnvelope envelope = tx.toEnvelopeXdr();
      Preconditions none = new Preconditions();
      none.setDiscriminant(PreconditionType.PRECOND_NONE);
      envelope.getV1().getTx().setCond(none);
      return envelope.toXdrBase64();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SorobanAuthorizedInvocation invocation(String contract, String function, List<SCVal> args) {
    InvokeContractArgs call = new InvokeContractArgs();
    call.setContractAddress(new Address(contract).toSCAddress());
    call.setFunctionName(new SCSymbol(new XdrString(function)));
    call.setArgs(args.toArray(new SCVal[0]));
    SorobanAuthorizedFunction fn = new SorobanAuthorizedFunction();
    fn.setDiscriminant(SorobanAuthorizedFunctionType.SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN);
    fn.setContractFn(call);
    SorobanAuthorizedInvocation invocation = new SorobanAuthorizedInvocation();
    invocation.setFunction(fn);
    invocation.setSubInvocations(new SorobanAuthorizedInvocation[0]);
    return invocation;
  }

  static SCVal sym(String name) {
    return Scv.toSymbol(name);
  }

  static SCVal addr(String strkey) {
    return new Address(strkey).toSCVal();
  }

  static BigInteger stroops(BigDecimal units) {
    return units.movePointRight(7).toBigIntegerExact();
  }

  /** A copy of a symbol-keyed map with {@code key} set to {@code value}. */
  static SCVal withField(SCVal map, String key, SCVal value) {
    LinkedHashMap<SCVal, SCVal> copy = new LinkedHashMap<>(Scv.fromMap(map));
    copy.put(sym(key), value);
    return Scv.toMap(copy);
  }

  static SCVal field(SCVal map, String key) {
    return Scv.fromMap(map).get(sym(key));
  }

  static String text(SCVal v) {
    return new String(Scv.fromString(v), StandardCharsets.UTF_8);
  }
}

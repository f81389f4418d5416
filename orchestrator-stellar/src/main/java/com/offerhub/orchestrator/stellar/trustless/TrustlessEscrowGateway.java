package com.offerhub.orchestrator.stellar.trustless;

import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.address;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.anyMap;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.bytes;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.distributions;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.i128;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.newMilestone;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.string;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.symbolMap;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.u32;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.vec;
import static com.offerhub.orchestrator.stellar.trustless.XdrGuard.voidOrString;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.DeployRequest;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.IndexedEscrow;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.Payout;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient.Roles;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkException.Kind;
import com.offerhub.orchestrator.stellar.trustless.XdrGuard.Arg;
import com.offerhub.orchestrator.stellar.trustless.XdrGuard.Call;
import com.offerhub.orchestrator.stellar.trustless.XdrGuard.Expected;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.Address;
import org.stellar.sdk.Asset;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.SorobanServer;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.requests.sorobanrpc.SorobanRpcErrorResponse;
import org.stellar.sdk.responses.sorobanrpc.GetTransactionResponse;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.HostFunctionType;
import org.stellar.sdk.xdr.InvokeContractArgs;
import org.stellar.sdk.xdr.SCAddressType;
import org.stellar.sdk.xdr.SCMapEntry;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SCValType;
import org.stellar.sdk.xdr.TransactionMeta;

/**
 * {@link EscrowGateway} on Trustless Work: single-release escrows built through a
 * {@link TrustlessWorkClient}, each returned transaction checked before anyone may sign it (the
 * source is the role's wallet, one call of the expected contract and function with the asked
 * arguments, fee within {@code STELLAR_MAX_FEE_STROOPS}, time bounds present, the signer authorizing
 * only that call); anything else is refused with an {@link EscrowGatewayException} of status 0 that
 * names what differed. The deploy is signed by the dispute resolver (the platform in the engine's
 * terms). Contract state comes from the indexer with {@code validateOnChain=true}; a deploy's contract
 * id from Soroban RPC. Nothing here changes state: every method may be called again with the same
 * arguments. Thread-safe.
 *
 * <pre>{@code
 * EscrowGateway escrow = TrustlessEscrowGateway.builder()
 *     .client(TrustlessWorkV1Client.builder().baseUrl(TrustlessWorkV1Client.TESTNET_URL).apiKey(key)
 *         .rateLimiter(limiter).build())
 *     .network(Network.TESTNET).sorobanRpcUrl("https://soroban-testnet.stellar.org")
 *     .usdcIssuer("GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5").maxFeeStroops(10_000_000)
 *     .build();
 * }</pre>
 */
public final class TrustlessEscrowGateway implements EscrowGateway {
  /** The deployer contract of the standalone simulator (SHA-256 of {@code offerhub-simulator-deployer}). */
  public static final String SIMULATOR_DEPLOYER = StrKey.encodeContract(sha256("offerhub-simulator-deployer"));
  /** The Trustless Work fee address fixed in contract [A]. */
  public static final String VARIANT_A_FEE_ADDRESS = "GBWWSOATPLIC72ZBOIM7WJCT7VCAHNWW4QUBZ2H4FORMCCIUM5ZVKSZN";
  private static final String DEFAULT_MILESTONE = "Complete delivery of service";
  private static final String DEFAULT_DESCRIPTION = "Escrow contract created via OFFER-HUB Orchestrator";

  private final TrustlessWorkClient client;
  private final SorobanServer rpc;
  private final Network network;
  private final XdrGuard guard;
  private final ContractVariant variant;
  private final String deployerContract;
  private final String usdcIssuer;
  private final String usdcContract;
  private final String serviceFeeAddress;
  private final int serviceFeeBps;

  private TrustlessEscrowGateway(Builder b) {
    this.client = b.client;
    this.rpc = b.http == null ? new SorobanServer(b.rpcUrl) : new SorobanServer(b.rpcUrl, b.http);
    this.network = b.network;
    this.guard = new XdrGuard(b.network, b.maxFeeStroops, b.maxValidity, b.clock);
    this.variant = b.variant;
    this.deployerContract = b.deployerContract;
    this.usdcIssuer = b.usdcIssuer;
    this.usdcContract = b.usdcContract;
    this.serviceFeeAddress = b.serviceFeeAddress;
    this.serviceFeeBps = b.serviceFeeBps;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public UnsignedTransaction deploy(EscrowTerms terms) {
    String signer = required(terms.disputeResolver(), "disputeResolver");
    Roles roles = new Roles(required(terms.approver(), "approver"), required(terms.serviceProvider(), "serviceProvider"),
        required(terms.platformAddress(), "platformAddress"), required(terms.releaseSigner(), "releaseSigner"), signer,
        required(terms.receiver(), "receiver"));
    if (terms.platformFeeBps() < 0 || terms.platformFeeBps() > 10_000) {
      throw new TrustlessWorkException(Kind.REFUSED, 0, "platform fee of " + terms.platformFeeBps()
          + " basis points is out of range");
    }
    List<String> milestones = new ArrayList<>(terms.milestones());
    if (milestones.isEmpty()) {
      milestones.add(DEFAULT_MILESTONE);
    }
    String title = terms.title() == null || terms.title().isBlank() ? "Escrow for order " + terms.engagementId()
        : terms.title();
    String description = terms.description() == null || terms.description().isBlank() ? DEFAULT_DESCRIPTION
        : terms.description();
    String xdr = client.deploySingleRelease(new DeployRequest(signer, terms.engagementId(), title, description, roles,
        TokenUnits.toUnits(terms.amount()), TokenUnits.percentFromBps(terms.platformFeeBps()), milestones, usdcIssuer,
        "USDC"));
    Arg escrow = symbolMap("escrow", List.of(
        string("engagement_id", terms.engagementId()),
        symbolMap("roles", List.of(address("approver", roles.approver()),
            address("service_provider", roles.serviceProvider()), address("platform_address", roles.platformAddress()),
            address("release_signer", roles.releaseSigner()), address("dispute_resolver", roles.disputeResolver()),
            address("receiver", roles.receiver()))),
        i128("amount", TokenUnits.stroops(terms.amount())),
        u32("platform_fee", terms.platformFeeBps()),
        vec("milestones", milestones.size(), newMilestone("milestone")),
        symbolMap("trustline", List.of(address("address", usdcIssuer)))));
    return checked(xdr, new Expected("deploy", signer, deployerContract, variant.deployFunction(),
        List.of(address("signer", signer), bytes("salt", 32), escrow)));
  }

  @Override
  public String deployedContractId(String deployTransactionHash) {
    GetTransactionResponse tx;
    try {
      tx = rpc.getTransaction(deployTransactionHash);
    } catch (IOException | RuntimeException e) {
      throw new TrustlessWorkException(Kind.RETRYABLE, 0, "Soroban RPC did not answer getTransaction for "
          + deployTransactionHash + " (" + e.getClass().getSimpleName() + ")", null, e);
    } catch (SorobanRpcErrorResponse e) {
      throw new TrustlessWorkException(Kind.RETRYABLE, 0, "Soroban RPC refused getTransaction for "
          + deployTransactionHash + ": " + e.getMessage());
    }
    if (tx.getStatus() == GetTransactionResponse.GetTransactionStatus.NOT_FOUND) {
      throw new TrustlessWorkException(Kind.RETRYABLE, 404, "no transaction " + deployTransactionHash
          + " on Soroban RPC (not yet applied, or older than its retention)");
    }
    if (tx.getStatus() != GetTransactionResponse.GetTransactionStatus.SUCCESS) {
      throw new TrustlessWorkException(Kind.REFUSED, 404, "deploy transaction " + deployTransactionHash
          + " failed: no contract was created");
    }
    String returned = returnedContract(tx.getResultMetaXdr());
    if (returned != null) {
      return returned;
    }
    return contractByEngagement(deployTransactionHash, tx.getEnvelopeXdr());
  }

  /** The contract address the deploy returned, or null if the meta does not carry one. */
  private static String returnedContract(String resultMetaXdr) {
    if (resultMetaXdr == null) {
      return null;
    }
    try {
      TransactionMeta meta = TransactionMeta.fromXdrBase64(resultMetaXdr);
      if (meta.getDiscriminant() != 3 || meta.getV3().getSorobanMeta() == null) {
        return null;
      }
      SCVal value = meta.getV3().getSorobanMeta().getReturnValue();
      if (value == null || value.getDiscriminant() != SCValType.SCV_ADDRESS
          || value.getAddress().getDiscriminant() != SCAddressType.SC_ADDRESS_TYPE_CONTRACT) {
        return null;
      }
      return Address.fromSCVal(value).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Fallback: the engagement id and signer the deploy carried, looked up in the indexer. */
  private String contractByEngagement(String hash, String envelopeXdr) {
    InvokeContractArgs call = deployCall(envelopeXdr);
    if (call == null) {
      throw new TrustlessWorkException(Kind.REFUSED, 404, "transaction " + hash + " is not a deploy through "
          + deployerContract);
    }
    String signer = Address.fromSCVal(call.getArgs()[0]).toString();
    String engagementId = null;
    for (SCMapEntry e : call.getArgs()[2].getMap().getSCMap()) {
      if (e.getKey().getDiscriminant() == SCValType.SCV_SYMBOL && "engagement_id".equals(Scv.fromSymbol(e.getKey()))) {
        engagementId = new String(Scv.fromString(e.getVal()), StandardCharsets.UTF_8);
      }
    }
    if (engagementId == null) {
      throw new TrustlessWorkException(Kind.REFUSED, 404, "deploy " + hash + " carries no engagement id");
    }
    for (IndexedEscrow found : client.escrowsBySigner(signer, engagementId)) {
      if (engagementId.equals(found.engagementId()) && found.contractId() != null) {
        return found.contractId();
      }
    }
    throw new TrustlessWorkException(Kind.RETRYABLE, 404, "the indexer knows no escrow for engagement "
        + engagementId + " yet (deploy " + hash + ")");
  }

  private InvokeContractArgs deployCall(String envelopeXdr) {
    try {
      AbstractTransaction decoded = AbstractTransaction.fromEnvelopeXdr(envelopeXdr, network);
      Transaction tx = decoded instanceof FeeBumpTransaction fb ? fb.getInnerTransaction() : (Transaction) decoded;
      if (tx.getOperations().length != 1 || !(tx.getOperations()[0] instanceof InvokeHostFunctionOperation op)
          || op.getHostFunction().getDiscriminant() != HostFunctionType.HOST_FUNCTION_TYPE_INVOKE_CONTRACT) {
        return null;
      }
      InvokeContractArgs call = op.getHostFunction().getInvokeContract();
      boolean deploy = deployerContract.equals(Address.fromSCAddress(call.getContractAddress()).toString())
          && variant.deployFunction().equals(call.getFunctionName().getSCSymbol().toString())
          && call.getArgs().length == 3 && call.getArgs()[0].getDiscriminant() == SCValType.SCV_ADDRESS
          && call.getArgs()[2].getDiscriminant() == SCValType.SCV_MAP;
      return deploy ? call : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public UnsignedTransaction fund(String contractId, String funder, Money amount) {
    if (!amount.isPositive()) {
      throw new TrustlessWorkException(Kind.REFUSED, 0, "a fund amount must be positive, got " + amount.formatChain());
    }
    String xdr = client.fundEscrow(contractId, funder, TokenUnits.toUnits(amount));
    BigInteger stroops = TokenUnits.stroops(amount);
    Call transfer = new Call(usdcContract, "transfer", List.of(new Address(funder).toSCVal(),
        new Address(contractId).toSCVal(), Scv.toInt128(stroops)));
    return checked(xdr, new Expected("fund", funder, contractId, "fund_escrow",
        List.of(address("signer", funder), anyMap("escrow"), i128("amount", stroops)), List.of(transfer)));
  }

  @Override
  public UnsignedTransaction changeMilestoneStatus(String contractId, int index, String status,
      String serviceProvider) {
    String xdr = client.changeMilestoneStatus(contractId, index, status, null, serviceProvider);
    return checked(xdr, new Expected("change milestone status", serviceProvider, contractId,
        "change_milestone_status", List.of(i128("milestone_index", BigInteger.valueOf(index)),
            string("new_status", status), voidOrString("new_evidence"), address("service_provider", serviceProvider))));
  }

  @Override
  public UnsignedTransaction approveMilestone(String contractId, int index, String approver) {
    String xdr = client.approveMilestone(contractId, index, approver);
    return checked(xdr, new Expected("approve milestone", approver, contractId, "approve_milestone",
        List.of(i128("milestone_index", BigInteger.valueOf(index)), address("approver", approver))));
  }

  @Override
  public UnsignedTransaction release(String contractId, String releaseSigner) {
    String xdr = client.releaseFunds(contractId, releaseSigner);
    List<Arg> args = new ArrayList<>(List.of(address("release_signer", releaseSigner)));
    if (variant.feeAddressArgument()) {
      args.add(address("trustless_work_address", serviceFeeAddress));
    }
    return checked(xdr, new Expected("release", releaseSigner, contractId, "release_funds", args));
  }

  @Override
  public UnsignedTransaction dispute(String contractId, String signer) {
    String xdr = client.disputeEscrow(contractId, signer);
    return checked(xdr, new Expected("dispute", signer, contractId, "dispute_escrow", List.of(address("signer", signer))));
  }

  @Override
  public UnsignedTransaction resolve(String contractId, String resolver, List<Distribution> distributions) {
    Map<String, BigInteger> asked = new LinkedHashMap<>();
    List<Payout> payouts = new ArrayList<>();
    for (Distribution d : distributions) {
      if (asked.put(d.address(), TokenUnits.stroops(d.amount())) != null) {
        throw new TrustlessWorkException(Kind.REFUSED, 0, "distributions name " + d.address() + " twice");
      }
      payouts.add(new Payout(d.address(), TokenUnits.toUnits(d.amount())));
    }
    String xdr = client.resolveDispute(contractId, resolver, payouts);
    List<Arg> args = new ArrayList<>(List.of(address("dispute_resolver", resolver)));
    if (variant.feeAddressArgument()) {
      args.add(address("trustless_work_address", serviceFeeAddress));
    }
    args.add(distributions("distributions", asked));
    return checked(xdr, new Expected("resolve", resolver, contractId, "resolve_dispute", args));
  }

  @Override
  public EscrowSnapshot inspect(String contractId) {
    if (!isContractId(contractId)) {
      throw new TrustlessWorkException(Kind.REFUSED, 404, "Escrow not found: " + contractId + " is not a contract id");
    }
    IndexedEscrow found = null;
    for (IndexedEscrow e : client.escrowsByContractIds(List.of(contractId), true)) {
      if (contractId.equals(e.contractId())) {
        found = e;
      }
    }
    if (found == null) {
      throw new TrustlessWorkException(Kind.REFUSED, 404, "Escrow not found: " + contractId);
    }
    if (found.balance() == null || found.amount() == null || found.platformFeePercent() == null) {
      throw new TrustlessWorkException(Kind.RETRYABLE, 0, "the indexer's record of " + contractId
          + " lacks its balance, amount or platform fee");
    }
    Money balance;
    Money amount;
    int platformFeeBps;
    try {
      balance = TokenUnits.fromUnits(found.balance());
      amount = TokenUnits.fromUnits(found.amount());
      platformFeeBps = TokenUnits.bpsFromPercent(found.platformFeePercent());
    } catch (ArithmeticException e) {
      throw new TrustlessWorkException(Kind.RETRYABLE, 0, "the indexer's record of " + contractId + ": " + e.getMessage());
    }
    boolean funded = !balance.isLessThan(amount) || found.released() || found.resolved();
    List<String> statuses = new ArrayList<>();
    List<Boolean> approvals = new ArrayList<>();
    found.milestones().forEach(m -> {
      statuses.add(m.status());
      approvals.add(m.approved());
    });
    return new EscrowSnapshot(contractId, balance, funded, found.released(), found.disputed(), found.resolved(),
        statuses, approvals, platformFeeBps, serviceFeeBps, variant.payoutFormula());
  }

  private UnsignedTransaction checked(String xdr, Expected expected) {
    XdrGuard.Checked ok = guard.check(xdr, expected);
    return new UnsignedTransaction(xdr, expected.source(), ok.validUntil());
  }

  private static String required(String value, String role) {
    if (value == null || value.isBlank()) {
      throw new TrustlessWorkException(Kind.REFUSED, 0, "escrow terms lack the " + role + " address");
    }
    return value;
  }

  private static boolean isContractId(String id) {
    try {
      return id != null && StrKey.decodeContract(id).length == 32;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Settings of {@link TrustlessEscrowGateway}. Required: client, network, Soroban RPC URL, USDC
   * issuer and the fee cap; the rest have the defaults named on each setter.
   */
  public static final class Builder {
    private TrustlessWorkClient client;
    private Network network;
    private String rpcUrl;
    private OkHttpClient http;
    private ContractVariant variant = ContractVariant.B;
    private String deployerContract = SIMULATOR_DEPLOYER;
    private String usdcIssuer;
    private String usdcContract;
    private String serviceFeeAddress = VARIANT_A_FEE_ADDRESS;
    private int serviceFeeBps = 30;
    private long maxFeeStroops = -1;
    private Duration maxValidity = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();

    private Builder() {
    }

    public Builder client(TrustlessWorkClient value) {
      this.client = value;
      return this;
    }

    /** The network whose passphrase the transactions are signed for ({@code Network.TESTNET}, {@code PUBLIC}). */
    public Builder network(Network value) {
      this.network = value;
      return this;
    }

    /** {@code STELLAR_RPC_URL}: Soroban RPC, read for a deploy's return value. */
    public Builder sorobanRpcUrl(String value) {
      this.rpcUrl = value;
      return this;
    }

    /** OkHttp client for Soroban RPC (timeouts, pool); the SDK's default if not set. */
    public Builder httpClient(OkHttpClient value) {
      this.http = value;
      return this;
    }

    /** Contract build [A] or [B] (default B). */
    public Builder variant(ContractVariant value) {
      this.variant = value;
      return this;
    }

    /** {@code TRUSTLESS_DEPLOYER_CONTRACT}: the contract a deploy must call (default {@link #SIMULATOR_DEPLOYER}). */
    public Builder deployerContract(String value) {
      this.deployerContract = value;
      return this;
    }

    /** {@code STELLAR_USDC_ISSUER}: the escrow's trustline; also fixes USDC's token contract. */
    public Builder usdcIssuer(String value) {
      this.usdcIssuer = value;
      return this;
    }

    /** Trustless Work's fee address that release and resolve must name under [B] (default {@link #VARIANT_A_FEE_ADDRESS}). */
    public Builder serviceFeeAddress(String value) {
      this.serviceFeeAddress = value;
      return this;
    }

    /** Trustless Work's fee in basis points, reported in snapshots (default 30, i.e. 0.3 %). */
    public Builder serviceFeeBps(int value) {
      this.serviceFeeBps = value;
      return this;
    }

    /** {@code STELLAR_MAX_FEE_STROOPS}: the highest fee a transaction from the service may set. */
    public Builder maxFeeStroops(long value) {
      this.maxFeeStroops = value;
      return this;
    }

    /** How far in the future a transaction's upper time bound may lie (default 1 h). */
    public Builder maxValidity(Duration value) {
      this.maxValidity = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public TrustlessEscrowGateway build() {
      List<String> problems = new ArrayList<>();
      if (client == null) {
        problems.add("client is required");
      }
      if (network == null) {
        problems.add("network is required");
      }
      if (rpcUrl == null || rpcUrl.isBlank()) {
        problems.add("sorobanRpcUrl (STELLAR_RPC_URL) is required");
      }
      if (variant == null) {
        problems.add("variant is required");
      }
      if (!validContract(deployerContract)) {
        problems.add("deployerContract (TRUSTLESS_DEPLOYER_CONTRACT) must be a contract id (C...)");
      }
      if (!validAccount(usdcIssuer)) {
        problems.add("usdcIssuer (STELLAR_USDC_ISSUER) must be an account id (G...)");
      }
      if (!validAccount(serviceFeeAddress)) {
        problems.add("serviceFeeAddress must be an account id (G...)");
      }
      if (serviceFeeBps < 0 || serviceFeeBps > 10_000) {
        problems.add("serviceFeeBps must be between 0 and 10000");
      }
      if (maxFeeStroops < 100) {
        problems.add("maxFeeStroops (STELLAR_MAX_FEE_STROOPS) is required and at least 100");
      }
      if (maxValidity == null || maxValidity.isNegative() || maxValidity.isZero()) {
        problems.add("maxValidity must be positive");
      }
      if (clock == null) {
        problems.add("clock is required");
      }
      if (problems.isEmpty()) {
        try {
          usdcContract = Asset.create("USDC:" + usdcIssuer).getContractId(network);
        } catch (IOException | RuntimeException e) {
          problems.add("cannot derive USDC's token contract from the issuer");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Trustless Work gateway: " + String.join("; ", problems));
      }
      return new TrustlessEscrowGateway(this);
    }

    private static boolean validAccount(String id) {
      try {
        return id != null && KeyPair.fromAccountId(id) != null;
      } catch (RuntimeException e) {
        return false;
      }
    }

    private static boolean validContract(String id) {
      return isContractId(id);
    }
  }

  @Override
  public String toString() {
    return "TrustlessEscrowGateway[variant=" + variant + ", deployer=" + deployerContract + "]";
  }
}

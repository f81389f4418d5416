package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.testkit.network.Asset;
import com.offerhub.orchestrator.testkit.network.AuthEntry;
import com.offerhub.orchestrator.testkit.network.Memo;
import com.offerhub.orchestrator.testkit.network.Op;
import com.offerhub.orchestrator.testkit.network.ScVal;
import com.offerhub.orchestrator.testkit.network.Tx;
import com.offerhub.orchestrator.testkit.network.TxCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.AccountConverter;
import org.stellar.sdk.AssetTypeCreditAlphaNum;
import org.stellar.sdk.AssetTypeNative;
import org.stellar.sdk.BeginSponsoringFutureReservesOperation;
import org.stellar.sdk.ChangeTrustOperation;
import org.stellar.sdk.CreateAccountOperation;
import org.stellar.sdk.EndSponsoringFutureReservesOperation;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.MemoHash;
import org.stellar.sdk.MemoId;
import org.stellar.sdk.MemoNone;
import org.stellar.sdk.MemoReturnHash;
import org.stellar.sdk.MemoText;
import org.stellar.sdk.Network;
import org.stellar.sdk.Operation;
import org.stellar.sdk.PathPaymentStrictReceiveOperation;
import org.stellar.sdk.PathPaymentStrictSendOperation;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.AccountID;
import org.stellar.sdk.xdr.DecoratedSignature;
import org.stellar.sdk.xdr.EnvelopeType;
import org.stellar.sdk.xdr.Hash;
import org.stellar.sdk.xdr.HashIDPreimage;
import org.stellar.sdk.xdr.HostFunction;
import org.stellar.sdk.xdr.HostFunctionType;
import org.stellar.sdk.xdr.Int64;
import org.stellar.sdk.xdr.InvokeContractArgs;
import org.stellar.sdk.xdr.SCAddress;
import org.stellar.sdk.xdr.SCAddressType;
import org.stellar.sdk.xdr.SCMapEntry;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SorobanAddressCredentials;
import org.stellar.sdk.xdr.SorobanAuthorizationEntry;
import org.stellar.sdk.xdr.SorobanAuthorizedFunctionType;
import org.stellar.sdk.xdr.SorobanAuthorizedInvocation;
import org.stellar.sdk.xdr.SorobanCredentialsType;
import org.stellar.sdk.xdr.TransactionEnvelope;
import org.stellar.sdk.xdr.Uint32;
import org.stellar.sdk.xdr.XdrUnsignedInteger;
import org.stellar.sdk.xdr.ExtensionPoint;
import org.stellar.sdk.xdr.LedgerFootprint;
import org.stellar.sdk.xdr.LedgerKey;
import org.stellar.sdk.xdr.SorobanAuthorizedFunction;
import org.stellar.sdk.xdr.SorobanCredentials;
import org.stellar.sdk.xdr.SorobanResources;
import org.stellar.sdk.xdr.SorobanTransactionData;
import java.security.SecureRandom;

/**
 * Real XDR to and from the network model: decodes envelopes (plain and fee-bump) with the SDK,
 * verifies every signature against the accounts that must sign (transaction source, operation
 * sources, fee-bump fee source) and the signatures of address-credential authorisation entries,
 * and encodes the network's own transactions (friendbot, minting, load) as real envelopes.
 */
final class XdrCodec implements TxCodec {
  private static final AccountConverter PLAIN = AccountConverter.disableMuxed();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Network network;

  public XdrCodec(String passphrase) {
    this.network = new Network(passphrase);
  }

  public Network network() {
    return network;
  }

  /** An envelope that is not a well-formed transaction of this network. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedException(String message) {
      super(message);
    }
  }

  /** Decodes a base64 envelope into the model transaction, with the signers whose signatures verify. */
  public Tx decode(String envelopeBase64) throws MalformedException {
    AbstractTransaction parsed;
    try {
      TransactionEnvelope envelope = TransactionEnvelope.fromXdrBase64(envelopeBase64.trim());
      parsed = AbstractTransaction.fromEnvelopeXdr(PLAIN, envelope, network);
    } catch (IOException | RuntimeException e) {
      throw new MalformedException("not a transaction envelope: " + e.getClass().getSimpleName());
    }
    FeeBumpTransaction bump = parsed instanceof FeeBumpTransaction fb ? fb : null;
    Transaction inner = bump != null ? bump.getInnerTransaction() : (Transaction) parsed;
    Tx.Builder tx = Tx.builder().hash(inner.hashHex()).source(inner.getSourceAccount())
        .sequence(inner.getSequenceNumber()).fee(inner.getFee()).envelope(envelopeBase64.trim());
    TimeBounds bounds = inner.getPreconditions() == null ? null : inner.getPreconditions().getTimeBounds();
    long min = bounds == null ? 0 : bounds.getMinTime().longValueExact() * 1000;
    long max = bounds == null || bounds.getMaxTime().signum() == 0 ? Long.MAX_VALUE
        : bounds.getMaxTime().min(BigInteger.valueOf(Long.MAX_VALUE / 1000 - 1)).longValueExact() * 1000 + 999;
    tx.timeBounds(min, max).memo(memo(inner.getMemo()));
    if (inner.getSorobanData() != null) {
      tx.resourceFee(inner.getSorobanData().getResourceFee().getInt64());
    }
    List<String> required = new ArrayList<>();
    required.add(inner.getSourceAccount());
    for (Operation operation : inner.getOperations()) {
      Op op = op(operation);
      tx.op(op);
      if (op.source() != null && !required.contains(op.source())) {
        required.add(op.source());
      }
    }
    int extra = verify(inner.hash(), inner.getSignatures(), required, tx::signer);
    if (bump != null) {
      tx.outerHash(bump.hashHex()).feeBump(bump.getFeeAccount(), bump.getFee());
      extra += verify(bump.hash(), bump.getSignatures(), List.of(bump.getFeeAccount()), tx::outerSigner);
    }
    return tx.extraSignatures(extra).build();
  }

  /** Adds each required signer whose signature verifies; returns how many signatures matched none. */
  private static int verify(byte[] hash, List<DecoratedSignature> signatures, List<String> required,
      java.util.function.Consumer<String> signed) {
    int extra = 0;
    Set<String> seen = new LinkedHashSet<>();
    for (DecoratedSignature signature : signatures) {
      byte[] hint = signature.getHint().getSignatureHint();
      boolean matched = false;
      for (String candidate : required) {
        KeyPair key = KeyPair.fromAccountId(candidate);
        if (Arrays.equals(key.getSignatureHint().getSignatureHint(), hint)
            && key.verify(hash, signature.getSignature().getSignature())) {
          matched = true;
          if (seen.add(candidate)) {
            signed.accept(candidate);
          }
          break;
        }
      }
      if (!matched) {
        extra++;
      }
    }
    return extra;
  }

  private static Memo memo(org.stellar.sdk.Memo memo) {
    if (memo == null || memo instanceof MemoNone) {
      return Memo.NONE;
    }
    if (memo instanceof MemoText text) {
      return Memo.text(text.getText());
    }
    if (memo instanceof MemoId id) {
      return new Memo(Memo.Kind.ID, id.getId().toString());
    }
    if (memo instanceof MemoReturnHash ret) {
      return new Memo(Memo.Kind.RETURN, HexFormat.of().formatHex(ret.getBytes()));
    }
    if (memo instanceof MemoHash hash) {
      return new Memo(Memo.Kind.HASH, HexFormat.of().formatHex(hash.getBytes()));
    }
    return Memo.NONE;
  }

  private Op op(Operation operation) throws MalformedException {
    String source = operation.getSourceAccount();
    if (operation instanceof CreateAccountOperation create) {
      return new Op.CreateAccount(source, create.getDestination(), stroops(create.getStartingBalance()));
    }
    if (operation instanceof PaymentOperation payment) {
      return new Op.Payment(source, payment.getDestination(), asset(payment.getAsset()), stroops(payment.getAmount()));
    }
    if (operation instanceof PathPaymentStrictSendOperation path) {
      return new Op.PathPayment(source, path.getDestination(), asset(path.getSendAsset()), stroops(path.getSendAmount()),
          asset(path.getDestAsset()), stroops(path.getDestMin()), true);
    }
    if (operation instanceof PathPaymentStrictReceiveOperation path) {
      return new Op.PathPayment(source, path.getDestination(), asset(path.getSendAsset()), stroops(path.getSendMax()),
          asset(path.getDestAsset()), stroops(path.getDestAmount()), false);
    }
    if (operation instanceof ChangeTrustOperation trust) {
      org.stellar.sdk.xdr.ChangeTrustAsset line = trust.getAsset().toXdr();
      Asset asset = switch (line.getDiscriminant()) {
        case ASSET_TYPE_NATIVE -> Asset.NATIVE;
        case ASSET_TYPE_CREDIT_ALPHANUM4 -> Asset.credit(code(line.getAlphaNum4().getAssetCode().getAssetCode4()),
            account(line.getAlphaNum4().getIssuer()));
        case ASSET_TYPE_CREDIT_ALPHANUM12 -> Asset.credit(code(line.getAlphaNum12().getAssetCode().getAssetCode12()),
            account(line.getAlphaNum12().getIssuer()));
        default -> null;
      };
      if (asset == null) {
        return new Op.Unsupported(source, "change_trust_pool_share");
      }
      return new Op.ChangeTrust(source, asset, stroops(trust.getLimit()));
    }
    if (operation instanceof BeginSponsoringFutureReservesOperation begin) {
      return new Op.BeginSponsoring(source, begin.getSponsoredId());
    }
    if (operation instanceof EndSponsoringFutureReservesOperation) {
      return new Op.EndSponsoring(source);
    }
    if (operation instanceof InvokeHostFunctionOperation invoke) {
      HostFunction function = invoke.getHostFunction();
      if (function.getDiscriminant() != HostFunctionType.HOST_FUNCTION_TYPE_INVOKE_CONTRACT) {
        return new Op.Unsupported(source, "invoke_host_function:" + function.getDiscriminant());
      }
      InvokeContractArgs args = function.getInvokeContract();
      List<AuthEntry> auth = new ArrayList<>();
      for (SorobanAuthorizationEntry entry : invoke.getAuth()) {
        auth.add(authEntry(entry));
      }
      return new Op.InvokeContract(source, address(args.getContractAddress()),
          args.getFunctionName().getSCSymbol().toString(), values(args.getArgs()), auth);
    }
    return new Op.Unsupported(source, operation.getClass().getSimpleName());
  }

  private AuthEntry authEntry(SorobanAuthorizationEntry entry) throws MalformedException {
    AuthEntry.Invocation root = invocation(entry.getRootInvocation());
    if (entry.getCredentials().getDiscriminant() == SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT) {
      return AuthEntry.sourceAccount(root);
    }
    SorobanAddressCredentials credentials = entry.getCredentials().getAddress();
    String address = address(credentials.getAddress());
    long nonce = credentials.getNonce().getInt64();
    long expiration = credentials.getSignatureExpirationLedger().getUint32().getNumber().longValue();
    boolean verified = verifyAuthSignature(address, nonce, expiration, entry.getRootInvocation(),
        credentials.getSignature());
    return new AuthEntry(address, nonce, expiration, verified, root);
  }

  /** The SHA-256 of the soroban-authorization preimage an address signs. */
  public byte[] authPayload(long nonce, long expirationLedger, SorobanAuthorizedInvocation invocation) {
    HashIDPreimage.HashIDPreimageSorobanAuthorization auth = new HashIDPreimage.HashIDPreimageSorobanAuthorization();
    auth.setNetworkID(new Hash(network.getNetworkId()));
    auth.setNonce(new Int64(nonce));
    auth.setSignatureExpirationLedger(new Uint32(new XdrUnsignedInteger(expirationLedger)));
    auth.setInvocation(invocation);
    HashIDPreimage preimage = new HashIDPreimage();
    preimage.setDiscriminant(EnvelopeType.ENVELOPE_TYPE_SOROBAN_AUTHORIZATION);
    preimage.setSorobanAuthorization(auth);
    try {
      return MessageDigest.getInstance("SHA-256").digest(preimage.toXdrByteArray());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An account's signature over the entry: {@code Vec[Map{public_key: Bytes, signature: Bytes}]} by the address's key. */
  private boolean verifyAuthSignature(String address, long nonce, long expiration, SorobanAuthorizedInvocation invocation,
      SCVal signature) {
    if (!address.startsWith("G") || signature == null || signature.getDiscriminant() != org.stellar.sdk.xdr.SCValType.SCV_VEC
        || signature.getVec() == null || signature.getVec().getSCVec().length != 1) {
      return false;
    }
    SCVal item = signature.getVec().getSCVec()[0];
    if (item.getDiscriminant() != org.stellar.sdk.xdr.SCValType.SCV_MAP || item.getMap() == null) {
      return false;
    }
    byte[] publicKey = null;
    byte[] sig = null;
    for (SCMapEntry entry : item.getMap().getSCMap()) {
      if (entry.getKey().getDiscriminant() != org.stellar.sdk.xdr.SCValType.SCV_SYMBOL
          || entry.getVal().getDiscriminant() != org.stellar.sdk.xdr.SCValType.SCV_BYTES) {
        return false;
      }
      String key = entry.getKey().getSym().getSCSymbol().toString();
      byte[] bytes = entry.getVal().getBytes().getSCBytes();
      if (key.equals("public_key")) {
        publicKey = bytes;
      } else if (key.equals("signature")) {
        sig = bytes;
      }
    }
    if (publicKey == null || sig == null || !Arrays.equals(publicKey, StrKey.decodeEd25519PublicKey(address))) {
      return false;
    }
    try {
      return KeyPair.fromPublicKey(publicKey).verify(authPayload(nonce, expiration, invocation), sig);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private AuthEntry.Invocation invocation(SorobanAuthorizedInvocation invocation) throws MalformedException {
    List<AuthEntry.Invocation> subs = new ArrayList<>();
    for (SorobanAuthorizedInvocation sub : invocation.getSubInvocations()) {
      subs.add(invocation(sub));
    }
    if (invocation.getFunction().getDiscriminant()
        != SorobanAuthorizedFunctionType.SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN) {
      return new AuthEntry.Invocation("", "create_contract", List.of(), subs);
    }
    InvokeContractArgs fn = invocation.getFunction().getContractFn();
    return new AuthEntry.Invocation(address(fn.getContractAddress()), fn.getFunctionName().getSCSymbol().toString(),
        values(fn.getArgs()), subs);
  }

  private static String account(AccountID id) {
    return KeyPair.fromXdrPublicKey(id.getAccountID()).getAccountId();
  }

  static String address(SCAddress address) throws MalformedException {
    if (address.getDiscriminant() == SCAddressType.SC_ADDRESS_TYPE_ACCOUNT) {
      return account(address.getAccountId());
    }
    if (address.getDiscriminant() == SCAddressType.SC_ADDRESS_TYPE_CONTRACT) {
      return StrKey.encodeContract(address.getContractId().getHash());
    }
    throw new MalformedException("unknown address type");
  }

  private static String code(byte[] raw) {
    int end = raw.length;
    while (end > 0 && raw[end - 1] == 0) {
      end--;
    }
    return new String(raw, 0, end, StandardCharsets.US_ASCII);
  }

  private static Asset asset(org.stellar.sdk.Asset asset) {
    if (asset instanceof AssetTypeNative) {
      return Asset.NATIVE;
    }
    AssetTypeCreditAlphaNum credit = (AssetTypeCreditAlphaNum) asset;
    return Asset.credit(credit.getCode(), credit.getIssuer());
  }

  /** A 7-decimal amount string as stroops, exactly. */
  static long stroops(String amount) throws MalformedException {
    try {
      return new BigDecimal(amount).movePointRight(7).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new MalformedException("bad amount " + amount);
    }
  }

  /** Stroops as Horizon renders them: seven decimals. */
  public static String amount(long stroops) {
    return BigDecimal.valueOf(stroops).movePointLeft(7).setScale(7).toPlainString();
  }

  // ---- contract values ----

  static List<ScVal> values(SCVal[] values) throws MalformedException {
    List<ScVal> out = new ArrayList<>();
    for (SCVal value : values) {
      out.add(value(value));
    }
    return out;
  }

  /** An XDR contract value as the model's. */
  public static ScVal value(SCVal value) throws MalformedException {
    switch (value.getDiscriminant()) {
      case SCV_BOOL:
        return new ScVal.Bool(value.getB());
      case SCV_VOID:
        return new ScVal.Void();
      case SCV_U32:
        return new ScVal.Int(ScVal.IntKind.U32, BigInteger.valueOf(Scv.fromUint32(value)));
      case SCV_I32:
        return new ScVal.Int(ScVal.IntKind.I32, BigInteger.valueOf(Scv.fromInt32(value)));
      case SCV_U64:
        return new ScVal.Int(ScVal.IntKind.U64, Scv.fromUint64(value));
      case SCV_I64:
        return new ScVal.Int(ScVal.IntKind.I64, BigInteger.valueOf(Scv.fromInt64(value)));
      case SCV_U128:
        return new ScVal.Int(ScVal.IntKind.U128, Scv.fromUint128(value));
      case SCV_I128:
        return new ScVal.Int(ScVal.IntKind.I128, Scv.fromInt128(value));
      case SCV_U256:
        return new ScVal.Int(ScVal.IntKind.U256, Scv.fromUint256(value));
      case SCV_I256:
        return new ScVal.Int(ScVal.IntKind.I256, Scv.fromInt256(value));
      case SCV_BYTES:
        return new ScVal.Bytes(HexFormat.of().formatHex(value.getBytes().getSCBytes()));
      case SCV_STRING:
        return new ScVal.Str(new String(value.getStr().getSCString().getBytes(), StandardCharsets.UTF_8));
      case SCV_SYMBOL:
        return new ScVal.Sym(value.getSym().getSCSymbol().toString());
      case SCV_ADDRESS:
        return new ScVal.Address(address(value.getAddress()));
      case SCV_VEC:
        return new ScVal.Vec(value.getVec() == null ? List.of() : values(value.getVec().getSCVec()));
      case SCV_MAP: {
        List<ScVal.Entry> entries = new ArrayList<>();
        if (value.getMap() != null) {
          for (SCMapEntry entry : value.getMap().getSCMap()) {
            entries.add(new ScVal.Entry(value(entry.getKey()), value(entry.getVal())));
          }
        }
        return new ScVal.Map(entries);
      }
      default:
        return new ScVal.Other(value.getDiscriminant().name());
    }
  }

  /** A model contract value as XDR. */
  public static SCVal scVal(ScVal value) {
    if (value instanceof ScVal.Bool b) {
      return Scv.toBoolean(b.value());
    }
    if (value instanceof ScVal.Void) {
      return Scv.toVoid();
    }
    if (value instanceof ScVal.Int i) {
      return switch (i.kind()) {
        case U32 -> Scv.toUint32(i.value().longValueExact());
        case I32 -> Scv.toInt32(i.value().intValueExact());
        case U64 -> Scv.toUint64(i.value());
        case I64 -> Scv.toInt64(i.value().longValueExact());
        case U128 -> Scv.toUint128(i.value());
        case I128 -> Scv.toInt128(i.value());
        case U256 -> Scv.toUint256(i.value());
        case I256 -> Scv.toInt256(i.value());
      };
    }
    if (value instanceof ScVal.Bytes b) {
      return Scv.toBytes(b.bytes());
    }
    if (value instanceof ScVal.Str s) {
      return Scv.toString(s.value().getBytes(StandardCharsets.UTF_8));
    }
    if (value instanceof ScVal.Sym s) {
      return Scv.toSymbol(s.value());
    }
    if (value instanceof ScVal.Address a) {
      return Scv.toAddress(a.value());
    }
    if (value instanceof ScVal.Vec v) {
      List<SCVal> items = new ArrayList<>();
      v.items().forEach(item -> items.add(scVal(item)));
      return Scv.toVec(items);
    }
    if (value instanceof ScVal.Map m) {
      LinkedHashMap<SCVal, SCVal> entries = new LinkedHashMap<>();
      m.entries().forEach(e -> entries.put(scVal(e.key()), scVal(e.value())));
      return Scv.toMap(entries);
    }
    throw new IllegalArgumentException("cannot encode " + value);
  }

  // ---- the network's own transactions ----

  @Override
  public Encoded encode(Tx tx, String passphrase) {
    if (passphrase.equals(network.getNetworkPassphrase()) && tx.operations().size() == 1
        && tx.operations().get(0) instanceof Op.Payment payment && payment.source() == null
        && tx.memo().kind() == Memo.Kind.NONE && !tx.soroban()) {
      return encodePayment(tx, payment);
    }
    Transaction built = build(tx, null, passphrase.equals(network.getNetworkPassphrase()) ? network
        : new Network(passphrase));
    return new Encoded(built.hashHex(), built.toEnvelopeXdrBase64());
  }

  private final java.util.Map<String, org.stellar.sdk.xdr.MuxedAccount> muxed = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<Asset, org.stellar.sdk.xdr.Asset> assets = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A one-payment transaction written straight as XDR (the load knob makes a thousand a ledger;
   * the SDK's builder costs several times more). Same bytes, hash and envelope as the builder's.
   */
  private Encoded encodePayment(Tx tx, Op.Payment payment) {
    org.stellar.sdk.xdr.PaymentOp op = new org.stellar.sdk.xdr.PaymentOp();
    op.setDestination(muxed.computeIfAbsent(payment.destination(), PLAIN::encode));
    op.setAsset(assets.computeIfAbsent(payment.asset(), a -> sdkAsset(a).toXdr()));
    op.setAmount(new Int64(payment.amount()));
    org.stellar.sdk.xdr.Operation.OperationBody body = new org.stellar.sdk.xdr.Operation.OperationBody();
    body.setDiscriminant(org.stellar.sdk.xdr.OperationType.PAYMENT);
    body.setPaymentOp(op);
    org.stellar.sdk.xdr.Operation operation = new org.stellar.sdk.xdr.Operation();
    operation.setBody(body);
    org.stellar.sdk.xdr.TimeBounds bounds = new TimeBounds(tx.minTimeMillis() / 1000,
        tx.maxTimeMillis() == Long.MAX_VALUE ? 0 : tx.maxTimeMillis() / 1000).toXdr();
    org.stellar.sdk.xdr.Preconditions cond = new org.stellar.sdk.xdr.Preconditions();
    cond.setDiscriminant(org.stellar.sdk.xdr.PreconditionType.PRECOND_TIME);
    cond.setTimeBounds(bounds);
    org.stellar.sdk.xdr.Memo memo = new org.stellar.sdk.xdr.Memo();
    memo.setDiscriminant(org.stellar.sdk.xdr.MemoType.MEMO_NONE);
    org.stellar.sdk.xdr.Transaction.TransactionExt ext = new org.stellar.sdk.xdr.Transaction.TransactionExt();
    ext.setDiscriminant(0);
    org.stellar.sdk.xdr.Transaction xtx = new org.stellar.sdk.xdr.Transaction();
    xtx.setSourceAccount(muxed.computeIfAbsent(tx.source(), PLAIN::encode));
    xtx.setFee(new Uint32(new XdrUnsignedInteger(tx.fee())));
    xtx.setSeqNum(new org.stellar.sdk.xdr.SequenceNumber(new Int64(tx.sequence())));
    xtx.setCond(cond);
    xtx.setMemo(memo);
    xtx.setOperations(new org.stellar.sdk.xdr.Operation[] {operation});
    xtx.setExt(ext);
    org.stellar.sdk.xdr.TransactionSignaturePayload.TransactionSignaturePayloadTaggedTransaction tagged =
        new org.stellar.sdk.xdr.TransactionSignaturePayload.TransactionSignaturePayloadTaggedTransaction();
    tagged.setDiscriminant(EnvelopeType.ENVELOPE_TYPE_TX);
    tagged.setTx(xtx);
    org.stellar.sdk.xdr.TransactionSignaturePayload payload = new org.stellar.sdk.xdr.TransactionSignaturePayload();
    payload.setNetworkId(new Hash(network.getNetworkId()));
    payload.setTaggedTransaction(tagged);
    org.stellar.sdk.xdr.TransactionV1Envelope v1 = new org.stellar.sdk.xdr.TransactionV1Envelope();
    v1.setTx(xtx);
    v1.setSignatures(new DecoratedSignature[0]);
    TransactionEnvelope envelope = new TransactionEnvelope();
    envelope.setDiscriminant(EnvelopeType.ENVELOPE_TYPE_TX);
    envelope.setV1(v1);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(payload.toXdrByteArray());
      return new Encoded(HexFormat.of().formatHex(hash), envelope.toXdrBase64());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SDK transaction for a model transaction (operations the model makes itself, or that a front builds). */
  public Transaction build(Tx tx, org.stellar.sdk.xdr.SorobanTransactionData sorobanData) {
    return build(tx, sorobanData, network);
  }

  private Transaction build(Tx tx, org.stellar.sdk.xdr.SorobanTransactionData sorobanData, Network on) {
    TransactionBuilder builder = new TransactionBuilder(PLAIN, new org.stellar.sdk.Account(tx.source(),
        tx.sequence() - 1), on);
    for (Op op : tx.operations()) {
      builder.addOperation(operation(op));
    }
    long maxSeconds = tx.maxTimeMillis() == Long.MAX_VALUE ? 0 : tx.maxTimeMillis() / 1000;
    builder.addPreconditions(TransactionPreconditions.builder()
        .timeBounds(new TimeBounds(tx.minTimeMillis() / 1000, maxSeconds)).build());
    builder.setBaseFee(Math.max(AbstractTransaction.MIN_BASE_FEE, tx.fee() / Math.max(1, tx.operations().size())));
    if (tx.memo().kind() == Memo.Kind.TEXT) {
      builder.addMemo(org.stellar.sdk.Memo.text(tx.memo().value()));
    } else if (tx.memo().kind() == Memo.Kind.HASH) {
      builder.addMemo(org.stellar.sdk.Memo.hash(HexFormat.of().parseHex(tx.memo().value())));
    } else if (tx.memo().kind() == Memo.Kind.ID) {
      builder.addMemo(org.stellar.sdk.Memo.id(new BigInteger(tx.memo().value())));
    }
    if (sorobanData != null) {
      builder.setSorobanData(sorobanData);
    }
    return builder.build();
  }

  private static Operation operation(Op op) {
    Operation out;
    if (op instanceof Op.CreateAccount c) {
      out = new CreateAccountOperation.Builder(c.destination(), amount(c.startingBalance())).build();
    } else if (op instanceof Op.Payment p) {
      out = new PaymentOperation.Builder(p.destination(), sdkAsset(p.asset()), amount(p.amount())).build();
    } else if (op instanceof Op.PathPayment p && p.strictSend()) {
      out = new PathPaymentStrictSendOperation.Builder(sdkAsset(p.sendAsset()), amount(p.sendAmount()), p.destination(),
          sdkAsset(p.destAsset()), amount(p.destAmount())).build();
    } else if (op instanceof Op.PathPayment p) {
      out = new PathPaymentStrictReceiveOperation.Builder(sdkAsset(p.sendAsset()), amount(p.sendAmount()),
          p.destination(), sdkAsset(p.destAsset()), amount(p.destAmount())).build();
    } else if (op instanceof Op.ChangeTrust t) {
      out = new ChangeTrustOperation.Builder(org.stellar.sdk.ChangeTrustAsset.create(sdkAsset(t.asset())),
          amount(t.limit())).build();
    } else if (op instanceof Op.BeginSponsoring b) {
      out = new BeginSponsoringFutureReservesOperation.Builder(b.sponsored()).build();
    } else if (op instanceof Op.EndSponsoring) {
      out = new EndSponsoringFutureReservesOperation();
    } else if (op instanceof Op.InvokeContract i) {
      List<SCVal> args = new ArrayList<>();
      i.args().forEach(a -> args.add(scVal(a)));
      List<SorobanAuthorizationEntry> auth = new ArrayList<>();
      for (AuthEntry entry : i.auth()) {
        if (entry.isSourceAccount()) {
          auth.add(authEntry(i, "", ""));
        }
      }
      out = InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(i.contract(), i.function(), args)
          .auth(auth).build();
    } else {
      throw new IllegalArgumentException("cannot encode " + op);
    }
    if (op.source() != null) {
      out.setSourceAccount(op.source());
    }
    return out;
  }

  private static org.stellar.sdk.Asset sdkAsset(Asset asset) {
    return asset.isNative() ? new AssetTypeNative() : org.stellar.sdk.Asset.create(asset.code() + ":" + asset.issuer());
  }

  /** Transaction data with an empty footprint (the model needs none) and the resource fee. */
  static SorobanTransactionData sorobanData(long resourceFee) {
    LedgerFootprint footprint = new LedgerFootprint();
    footprint.setReadOnly(new LedgerKey[0]);
    footprint.setReadWrite(new LedgerKey[0]);
    SorobanResources resources = new SorobanResources();
    resources.setFootprint(footprint);
    resources.setInstructions(new Uint32(new XdrUnsignedInteger(1_000_000L)));
    resources.setReadBytes(new Uint32(new XdrUnsignedInteger(10_000L)));
    resources.setWriteBytes(new Uint32(new XdrUnsignedInteger(10_000L)));
    SorobanTransactionData data = new SorobanTransactionData();
    ExtensionPoint ext = new ExtensionPoint();
    ext.setDiscriminant(0);
    data.setExt(ext);
    data.setResources(resources);
    data.setResourceFee(new Int64(resourceFee));
    return data;
  }

  /** The authorisation entry a call needs: source-account credentials for the source, else unsigned address credentials. */
  static SorobanAuthorizationEntry authEntry(Op.InvokeContract invoke, String authorizer, String source) {
    SorobanAuthorizedInvocation invocation = invocation(new AuthEntry.Invocation(invoke.contract(), invoke.function(),
        invoke.args(), List.of()));
    SorobanCredentials credentials = new SorobanCredentials();
    if (authorizer.equals(source)) {
      credentials.setDiscriminant(SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT);
    } else {
      credentials.setDiscriminant(SorobanCredentialsType.SOROBAN_CREDENTIALS_ADDRESS);
      SorobanAddressCredentials address = new SorobanAddressCredentials();
      address.setAddress(new org.stellar.sdk.Address(authorizer).toSCAddress());
      address.setNonce(new Int64(RANDOM.nextLong() & Long.MAX_VALUE));
      address.setSignatureExpirationLedger(new Uint32(new XdrUnsignedInteger(0L)));
      address.setSignature(XdrCodec.scVal(new com.offerhub.orchestrator.testkit.network.ScVal.Void()));
      credentials.setAddress(address);
    }
    SorobanAuthorizationEntry entry = new SorobanAuthorizationEntry();
    entry.setCredentials(credentials);
    entry.setRootInvocation(invocation);
    return entry;
  }

  static SorobanAuthorizedInvocation invocation(AuthEntry.Invocation invocation) {
    org.stellar.sdk.xdr.InvokeContractArgs args = new org.stellar.sdk.xdr.InvokeContractArgs();
    args.setContractAddress(new org.stellar.sdk.Address(invocation.contract()).toSCAddress());
    args.setFunctionName(new org.stellar.sdk.xdr.SCSymbol(new org.stellar.sdk.xdr.XdrString(invocation.function())));
    List<org.stellar.sdk.xdr.SCVal> values = new ArrayList<>();
    invocation.args().forEach(a -> values.add(XdrCodec.scVal(a)));
    args.setArgs(values.toArray(new org.stellar.sdk.xdr.SCVal[0]));
    SorobanAuthorizedFunction function = new SorobanAuthorizedFunction();
    function.setDiscriminant(SorobanAuthorizedFunctionType.SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN);
    function.setContractFn(args);
    List<SorobanAuthorizedInvocation> subs = new ArrayList<>();
    invocation.subInvocations().forEach(s -> subs.add(invocation(s)));
    SorobanAuthorizedInvocation out = new SorobanAuthorizedInvocation();
    out.setFunction(function);
    out.setSubInvocations(subs.toArray(new SorobanAuthorizedInvocation[0]));
    return out;
  }

}

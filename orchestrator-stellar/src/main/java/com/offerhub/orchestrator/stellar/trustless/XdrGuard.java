package com.offerhub.orchestrator.stellar.trustless;

import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.Address;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.MemoNone;
import org.stellar.sdk.Network;
import org.stellar.sdk.Operation;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.HostFunction;
import org.stellar.sdk.xdr.HostFunctionType;
import org.stellar.sdk.xdr.InvokeContractArgs;
import org.stellar.sdk.xdr.SCMapEntry;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SCValType;
import org.stellar.sdk.xdr.SorobanAuthorizationEntry;
import org.stellar.sdk.xdr.SorobanAuthorizedFunctionType;
import org.stellar.sdk.xdr.SorobanAuthorizedInvocation;
import org.stellar.sdk.xdr.SorobanCredentialsType;

/**
 * The pre-sign check (ARCHITECTURE rule 13): decodes an unsigned transaction that Trustless Work
 * built and refuses it unless it is exactly the call that was asked for, so a compromised or buggy
 * service can never put a user's key on a transfer of its choosing. It must be a plain
 * {@link Transaction} (no fee-bump), decoded for the configured network (the network id enters only
 * the signature, so the signer commits to that network); its source is the expected signer; its fee
 * at most the cap; its time bounds present and ending within the validity window; no memo and no
 * precondition beyond time bounds; exactly one {@link InvokeHostFunctionOperation} calling the
 * expected contract and function with arguments that match, argument by argument; and exactly one
 * authorization entry, for the source account's own invocation of that same call, with no
 * sub-invocation other than those expected (a fund's token transfer into the escrow). Thread-safe.
 */
final class XdrGuard {
  private final Network network;
  private final long maxFeeStroops;
  private final Duration maxValidity;
  private final Clock clock;

  XdrGuard(Network network, long maxFeeStroops, Duration maxValidity, Clock clock) {
    this.network = Objects.requireNonNull(network, "network");
    this.maxFeeStroops = maxFeeStroops;
    this.maxValidity = Objects.requireNonNull(maxValidity, "maxValidity");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One argument as it must be: {@code mismatch} returns null when {@code actual} is acceptable,
   * else what differed.
   */
  record Arg(String name, Function<SCVal, String> mismatch) {
  }

  /** A nested invocation the signer may authorize: contract, function and exact arguments. */
  record Call(String contract, String function, List<SCVal> args) {
    Call {
      args = List.copyOf(args);
    }
  }

  /** What a step's transaction must be. */
  record Expected(String step, String source, String contract, String function, List<Arg> args,
      List<Call> allowedSubInvocations) {
    Expected {
      args = List.copyOf(args);
      allowedSubInvocations = List.copyOf(allowedSubInvocations);
    }

    Expected(String step, String source, String contract, String function, List<Arg> args) {
      this(step, source, contract, function, args, List.of());
    }
  }

  /** A transaction that passed, with its upper time bound. */
  record Checked(Transaction transaction, Instant validUntil) {
  }

  Checked check(String xdr, Expected expected) {
    AbstractTransaction decoded;
    try {
      decoded = AbstractTransaction.fromEnvelopeXdr(xdr, network);
    } catch (Exception e) {
      throw refuse(expected, "it is not a transaction envelope");
    }
    if (decoded instanceof FeeBumpTransaction) {
      throw refuse(expected, "it is a fee-bump transaction, expected a plain transaction");
    }
    Transaction tx = (Transaction) decoded;
    if (!expected.source().equals(tx.getSourceAccount())) {
      throw refuse(expected, "its source is " + tx.getSourceAccount() + ", expected " + expected.source());
    }
    if (tx.getFee() > maxFeeStroops) {
      // A fee above the cap may be a surge that passes: asked again later, the service may build a cheaper one.
      throw new EscrowGatewayException(0, "Trustless Work's " + expected.step() + " transaction was refused before "
          + "signing: its fee " + tx.getFee() + " stroops is above the cap of " + maxFeeStroops, false);
    }
    Instant validUntil = checkPreconditions(tx.getPreconditions(), expected);
    if (tx.getMemo() != null && !(tx.getMemo() instanceof MemoNone)) {
      throw refuse(expected, "it carries a memo, expected none");
    }
    Operation[] ops = tx.getOperations();
    if (ops.length != 1) {
      throw refuse(expected, "it has " + ops.length + " operations, expected exactly one contract call");
    }
    if (!(ops[0] instanceof InvokeHostFunctionOperation)) {
      throw refuse(expected, "its operation is " + ops[0].getClass().getSimpleName() + ", expected a contract call");
    }
    InvokeHostFunctionOperation op = (InvokeHostFunctionOperation) ops[0];
    if (op.getSourceAccount() != null && !op.getSourceAccount().equals(tx.getSourceAccount())) {
      throw refuse(expected, "its operation's source is " + op.getSourceAccount() + ", expected the transaction's");
    }
    HostFunction host = op.getHostFunction();
    if (host == null || host.getDiscriminant() != HostFunctionType.HOST_FUNCTION_TYPE_INVOKE_CONTRACT) {
      throw refuse(expected, "its operation does not invoke a contract function");
    }
    InvokeContractArgs call = host.getInvokeContract();
    checkCall(expected, "it", call);
    SCVal[] args = call.getArgs() == null ? new SCVal[0] : call.getArgs();
    if (args.length != expected.args().size()) {
      throw refuse(expected, "it passes " + args.length + " arguments to " + expected.function() + ", expected "
          + expected.args().size());
    }
    for (int i = 0; i < args.length; i++) {
      Arg arg = expected.args().get(i);
      String differs = mismatchOrTypeError(arg, args[i]);
      if (differs != null) {
        throw refuse(expected, "argument " + arg.name() + " " + differs);
      }
    }
    checkAuth(expected, op.getAuth(), args);
    return new Checked(tx, validUntil);
  }

  private Instant checkPreconditions(TransactionPreconditions pre, Expected expected) {
    TimeBounds bounds = pre == null ? null : pre.getTimeBounds();
    if (bounds == null || bounds.getMaxTime() == null || bounds.getMaxTime().signum() == 0) {
      throw refuse(expected, "it has no upper time bound");
    }
    if (pre.getLedgerBounds() != null || pre.getMinSeqNumber() != null || pre.getMinSeqLedgerGap() != 0
        || (pre.getMinSeqAge() != null && pre.getMinSeqAge().signum() != 0)
        || (pre.getExtraSigners() != null && !pre.getExtraSigners().isEmpty())) {
      throw refuse(expected, "it carries preconditions beyond time bounds");
    }
    Instant now = clock.instant();
    BigInteger max = bounds.getMaxTime();
    if (max.compareTo(BigInteger.valueOf(now.getEpochSecond())) <= 0) {
      throw refuse(expected, "its time bound " + max + " has already passed");
    }
    if (max.compareTo(BigInteger.valueOf(now.plus(maxValidity).getEpochSecond())) > 0) {
      throw refuse(expected, "its time bound " + max + " is more than " + maxValidity.toSeconds() + " s away");
    }
    return Instant.ofEpochSecond(max.longValueExact());
  }

  private void checkCall(Expected expected, String what, InvokeContractArgs call) {
    String contract = addressOf(call.getContractAddress());
    if (!expected.contract().equals(contract)) {
      throw refuse(expected, what + " calls contract " + contract + ", expected " + expected.contract());
    }
    String function = call.getFunctionName() == null ? "" : call.getFunctionName().getSCSymbol().toString();
    if (!expected.function().equals(function)) {
      throw refuse(expected, what + " calls function " + function + ", expected " + expected.function());
    }
  }

  private void checkAuth(Expected expected, List<SorobanAuthorizationEntry> auth, SCVal[] args) {
    if (auth == null || auth.size() != 1) {
      throw refuse(expected, "it has " + (auth == null ? 0 : auth.size())
          + " authorization entries, expected one for the signer's call");
    }
    SorobanAuthorizationEntry entry = auth.get(0);
    if (entry.getCredentials() == null
        || entry.getCredentials().getDiscriminant() != SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT) {
      throw refuse(expected, "its authorization is not the source account's own");
    }
    SorobanAuthorizedInvocation root = entry.getRootInvocation();
    if (root == null || root.getFunction() == null
        || root.getFunction().getDiscriminant() != SorobanAuthorizedFunctionType.SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN) {
      throw refuse(expected, "its authorization is not for a contract function");
    }
    InvokeContractArgs authorized = root.getFunction().getContractFn();
    checkCall(expected, "its authorization", authorized);
    SCVal[] authorizedArgs = authorized.getArgs() == null ? new SCVal[0] : authorized.getArgs();
    if (!Arrays.equals(authorizedArgs, args)) {
      throw refuse(expected, "its authorization covers other arguments than the call");
    }
    SorobanAuthorizedInvocation[] subs = root.getSubInvocations() == null ? new SorobanAuthorizedInvocation[0]
        : root.getSubInvocations();
    List<Call> allowed = new ArrayList<>(expected.allowedSubInvocations());
    for (SorobanAuthorizedInvocation sub : subs) {
      Call call = describe(sub);
      if (call == null || !allowed.remove(call)) {
        throw refuse(expected, "its authorization also covers " + (call == null ? "an unexpected invocation"
            : call.function() + " on " + call.contract()) + ", which was not asked for");
      }
    }
  }

  /** The sub-invocation as a {@link Call}, or null if it is not a plain contract call without nested calls. */
  private static Call describe(SorobanAuthorizedInvocation sub) {
    if (sub.getFunction() == null
        || sub.getFunction().getDiscriminant() != SorobanAuthorizedFunctionType.SOROBAN_AUTHORIZED_FUNCTION_TYPE_CONTRACT_FN
        || (sub.getSubInvocations() != null && sub.getSubInvocations().length > 0)) {
      return null;
    }
    InvokeContractArgs fn = sub.getFunction().getContractFn();
    return new Call(addressOf(fn.getContractAddress()), fn.getFunctionName().getSCSymbol().toString(),
        fn.getArgs() == null ? List.of() : Arrays.asList(fn.getArgs()));
  }

  private static String addressOf(org.stellar.sdk.xdr.SCAddress address) {
    try {
      return Address.fromSCAddress(address).toString();
    } catch (RuntimeException e) {
      return "(not an address)";
    }
  }

  private static String mismatchOrTypeError(Arg arg, SCVal actual) {
    try {
      return arg.mismatch().apply(actual);
    } catch (RuntimeException e) {
      return "is malformed (" + describeType(actual) + ")";
    }
  }

  /** Not the transaction asked for: refused for good, so the engine never retries into a key signing it. */
  private static EscrowGatewayException refuse(Expected expected, String why) {
    return new EscrowGatewayException(0, "Trustless Work's " + expected.step()
        + " transaction was refused before signing: " + why, true);
  }

  // ---- argument matchers ----

  static Arg address(String name, String expected) {
    return new Arg(name, v -> {
      if (v.getDiscriminant() != SCValType.SCV_ADDRESS) {
        return "is " + describeType(v) + ", expected address " + expected;
      }
      String actual = Address.fromSCVal(v).toString();
      return actual.equals(expected) ? null : "is " + actual + ", expected " + expected;
    });
  }

  static Arg i128(String name, BigInteger expected) {
    return new Arg(name, v -> {
      if (v.getDiscriminant() != SCValType.SCV_I128) {
        return "is " + describeType(v) + ", expected i128 " + expected;
      }
      BigInteger actual = Scv.fromInt128(v);
      return actual.equals(expected) ? null : "is " + actual + ", expected " + expected;
    });
  }

  static Arg u32(String name, long expected) {
    return new Arg(name, v -> {
      if (v.getDiscriminant() != SCValType.SCV_U32) {
        return "is " + describeType(v) + ", expected u32 " + expected;
      }
      long actual = Scv.fromUint32(v);
      return actual == expected ? null : "is " + actual + ", expected " + expected;
    });
  }

  static Arg string(String name, String expected) {
    return new Arg(name, v -> {
      if (v.getDiscriminant() != SCValType.SCV_STRING) {
        return "is " + describeType(v) + ", expected the string \"" + expected + "\"";
      }
      String actual = text(v);
      return actual.equals(expected) ? null : "is \"" + actual + "\", expected \"" + expected + "\"";
    });
  }

  /** Evidence: void or any string (it carries neither money nor a party). */
  static Arg voidOrString(String name) {
    return new Arg(name, v -> v.getDiscriminant() == SCValType.SCV_VOID || v.getDiscriminant() == SCValType.SCV_STRING
        ? null : "is " + describeType(v) + ", expected void or a string");
  }

  static Arg bytes(String name, int length) {
    return new Arg(name, v -> v.getDiscriminant() == SCValType.SCV_BYTES && Scv.fromBytes(v).length == length ? null
        : "is " + describeType(v) + ", expected " + length + " bytes");
  }

  /**
   * Any map: the escrow a fund passes is compared by the contract with the one it stores (a
   * different map reverts), so it cannot redirect money.
   */
  static Arg anyMap(String name) {
    return new Arg(name, v -> v.getDiscriminant() == SCValType.SCV_MAP ? null : "is " + describeType(v)
        + ", expected a map");
  }

  /** A map with symbol keys whose fields pass {@code fields}; duplicate keys are refused. */
  static Arg symbolMap(String name, List<Arg> fields) {
    return new Arg(name, v -> {
      Map<String, SCVal> map = symbolKeyed(v);
      if (map == null) {
        return "is " + describeType(v) + ", expected a map with distinct symbol keys";
      }
      for (Arg field : fields) {
        SCVal value = map.get(field.name());
        if (value == null) {
          return "lacks the field " + field.name();
        }
        String differs = mismatchOrTypeError(field, value);
        if (differs != null) {
          return "field " + field.name() + " " + differs;
        }
      }
      return null;
    });
  }

  /** A vector of {@code size} entries, each passing {@code each}. */
  static Arg vec(String name, int size, Arg each) {
    return new Arg(name, v -> {
      if (v.getDiscriminant() != SCValType.SCV_VEC || v.getVec() == null) {
        return "is " + describeType(v) + ", expected a vector";
      }
      SCVal[] items = v.getVec().getSCVec();
      if (items.length != size) {
        return "has " + items.length + " entries, expected " + size;
      }
      for (int i = 0; i < items.length; i++) {
        String differs = mismatchOrTypeError(each, items[i]);
        if (differs != null) {
          return "entry " + i + " " + differs;
        }
      }
      return null;
    });
  }

  /** A boolean field that must be false when present (milestone flags start false). */
  static Arg falseIfPresent(String name) {
    return new Arg(name, v -> v.getDiscriminant() == SCValType.SCV_BOOL && !v.getB() ? null
        : "is " + describeType(v) + ", expected false");
  }

  /** A milestone as deployed: a map whose {@code approved}, if present, is false. */
  static Arg newMilestone(String name) {
    return new Arg(name, v -> {
      Map<String, SCVal> map = symbolKeyed(v);
      if (map == null) {
        return "is " + describeType(v) + ", expected a milestone map";
      }
      SCVal approved = map.get("approved");
      return approved == null ? null : falseIfPresent("approved").mismatch().apply(approved);
    });
  }

  /** Exactly these payees and gross amounts (stroops), nothing more. */
  static Arg distributions(String name, Map<String, BigInteger> expected) {
    return new Arg(name, v -> {
      if (v.getDiscriminant() != SCValType.SCV_MAP || v.getMap() == null) {
        return "is " + describeType(v) + ", expected a map of payees";
      }
      Map<String, BigInteger> actual = new LinkedHashMap<>();
      for (SCMapEntry e : v.getMap().getSCMap()) {
        if (e.getKey().getDiscriminant() != SCValType.SCV_ADDRESS || e.getVal().getDiscriminant() != SCValType.SCV_I128) {
          return "has an entry that is not address to i128";
        }
        if (actual.put(Address.fromSCVal(e.getKey()).toString(), Scv.fromInt128(e.getVal())) != null) {
          return "names a payee twice";
        }
      }
      for (Map.Entry<String, BigInteger> e : actual.entrySet()) {
        BigInteger asked = expected.get(e.getKey());
        if (asked == null) {
          return "pays " + e.getValue() + " stroops to " + e.getKey() + ", who was not asked for";
        }
        if (!asked.equals(e.getValue())) {
          return "pays " + e.getValue() + " stroops to " + e.getKey() + ", expected " + asked;
        }
      }
      for (String payee : expected.keySet()) {
        if (!actual.containsKey(payee)) {
          return "leaves out " + payee;
        }
      }
      return null;
    });
  }

  private static Map<String, SCVal> symbolKeyed(SCVal v) {
    if (v.getDiscriminant() != SCValType.SCV_MAP || v.getMap() == null) {
      return null;
    }
    Map<String, SCVal> out = new LinkedHashMap<>();
    for (SCMapEntry e : v.getMap().getSCMap()) {
      if (e.getKey().getDiscriminant() != SCValType.SCV_SYMBOL || out.put(Scv.fromSymbol(e.getKey()), e.getVal()) != null) {
        return null;
      }
    }
    return out;
  }

  private static String text(SCVal v) {
    return new String(Scv.fromString(v), StandardCharsets.UTF_8);
  }

  private static String describeType(SCVal v) {
    return v == null || v.getDiscriminant() == null ? "nothing"
        : v.getDiscriminant().name().substring("SCV_".length()).toLowerCase(java.util.Locale.ROOT);
  }
}

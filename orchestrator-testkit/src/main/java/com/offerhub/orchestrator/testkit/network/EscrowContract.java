package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.testkit.network.NetworkState.Account;
import com.offerhub.orchestrator.testkit.network.NetworkState.Contract;
import com.offerhub.orchestrator.testkit.network.NetworkState.Milestone;
import com.offerhub.orchestrator.testkit.network.Rules.Outcome;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork.Variant;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Trustless Work single-release escrow contract and its deployer, as spec/05 §5 ("verified
 * against the contract source") states them: checks in the contract's order with its error
 * numbers and texts, i128 arithmetic on base units rounding down, variants [A] and [B] (chosen by
 * the deploy function and kept by each escrow). Every check runs before any change; a refused call
 * changes nothing (the caller's {@link LedgerTxn} is discarded).
 */
final class EscrowContract {
  private static final long TEN_THOUSAND = 10_000L;
  private final LedgerTxn txn;
  private final long ledger;
  private final long closeMillis;
  private final String txHash;
  private final boolean checkAuth;

  EscrowContract(LedgerTxn txn, long ledger, long closeMillis, String txHash, boolean checkAuth) {
    this.txn = txn;
    this.ledger = ledger;
    this.closeMillis = closeMillis;
    this.txHash = txHash;
    this.checkAuth = checkAuth;
  }

  /** The contract's error texts by number (those the escrow functions here can return). */
  static String message(int error, Variant variant) {
    return switch (error) {
      case 1 -> "Amount cannot be equal to or less than zero";
      case 2 -> "Escrow already initialized";
      case 3 -> "Escrow not found";
      case 4 -> "Only the release signer can release the escrow earnings";
      case 5 -> "The escrow must be completed to release earnings";
      case 6 -> "The escrow balance must be equal to the amount of earnings defined for the escrow";
      case 8 -> "Only the service provider can change milestone status";
      case 9 -> "Escrow initialized without milestone";
      case 10 -> "Invalid milestone index";
      case 11 -> "Only the approver can change milestone flag";
      case 12 -> "Only the dispute resolver can execute this function";
      case 13 -> "Escrow already in dispute";
      case 14 -> "Escrow not in dispute";
      case 15 -> "Insufficient funds for resolution";
      case 16 -> "Escrow has been opened for dispute resolution";
      case 24 -> "This escrow is already resolved";
      case 26 -> "You are not authorized to change the dispute flag";
      case 27 -> "Cannot define more than " + maxMilestones(variant) + " milestones in an escrow";
      case 29 -> "You cannot approve a milestone that has already been approved previously";
      case 30 -> "The milestone status cannot be empty";
      case 31 -> "The platform fee cannot exceed 99%";
      case 32 -> "All flags (approved, disputed, released) must be false in order to execute this function.";
      case 33 -> "The provided escrow properties do not match the stored escrow.";
      case 35 -> "The escrow funds have been released.";
      case 38 -> "None of the amounts to be transferred should be less or equal than 0.";
      case 39 -> "The sum of distributions must equal the current escrow balance when resolving an escrow dispute.";
      case 40 -> "The dispute resolver cannot dispute the escrow.";
      case 41 -> "The total amount to be distributed cannot be equal to zero.";
      case 42 -> "The signer has insufficient funds to fund the escrow.";
      default -> "Error(Contract, #" + error + ")";
    };
  }

  static int maxMilestones(Variant variant) {
    return variant == Variant.A ? 10 : 50;
  }

  /** The address whose authorisation {@code function} requires, or null when the arguments do not say. */
  static String authorizer(String function, List<ScVal> args) {
    int index = switch (function) {
      case EscrowArgs.DEPLOY_A, EscrowArgs.DEPLOY_B, EscrowArgs.FUND, EscrowArgs.RELEASE, EscrowArgs.DISPUTE,
          EscrowArgs.RESOLVE -> 0;
      case EscrowArgs.APPROVE -> 1;
      case EscrowArgs.CHANGE_STATUS -> 3;
      default -> -1;
    };
    return index >= 0 && index < args.size() && args.get(index) instanceof ScVal.Address a ? a.value() : null;
  }

  /** The id of the contract the deployer creates with {@code salt}: derived, so a second deploy with it collides. */
  static String contractId(String passphrase, String deployer, byte[] salt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8)));
      sha.update(deployer.getBytes(StandardCharsets.US_ASCII));
      sha.update(salt);
      return StrKey.encode(StrKey.CONTRACT, sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Outcome invoke(Op.InvokeContract op, String source) {
    NetworkState state = txn.state();
    String function = op.function();
    List<ScVal> args = op.args();
    if (op.contract().equals(state.deployerContract)) {
      if (!function.equals(EscrowArgs.DEPLOY_A) && !function.equals(EscrowArgs.DEPLOY_B)) {
        return Outcome.trapped(null, "non-existent contract function " + function);
      }
      Outcome auth = authorize(op, source);
      return auth != null ? auth : deploy(args, function.equals(EscrowArgs.DEPLOY_A) ? Variant.A : Variant.B);
    }
    Contract contract = txn.contract(op.contract());
    if (contract == null || !contract.escrow) {
      return Outcome.trapped(contract == null ? 3 : null, contract == null ? message(3, Variant.B)
          : "non-existent contract function " + function);
    }
    Outcome auth = authorize(op, source);
    if (auth != null) {
      return auth;
    }
    try {
      Outcome outcome = switch (function) {
        case EscrowArgs.FUND -> fund(contract, args);
        case EscrowArgs.CHANGE_STATUS -> changeStatus(contract, args);
        case EscrowArgs.APPROVE -> approve(contract, args);
        case EscrowArgs.RELEASE -> release(contract, args);
        case EscrowArgs.DISPUTE -> dispute(contract, args);
        case EscrowArgs.RESOLVE -> resolve(contract, args);
        default -> Outcome.trapped(null, "non-existent contract function " + function);
      };
      if (outcome.success()) {
        contract.updatedAtMillis = closeMillis;
      }
      return outcome;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Outcome.trapped(null, "invalid arguments: " + e.getMessage());
    }
  }

  /**
   * The authorisation of the address the function requires: an entry for exactly this invocation
   * with source-account credentials of the operation's source, or address credentials whose
   * signature the front verified, not expired, with a nonce not used before.
   */
  private Outcome authorize(Op.InvokeContract op, String source) {
    if (!checkAuth) {
      return null;
    }
    String required = authorizer(op.function(), op.args());
    if (required == null) {
      return Outcome.trapped(null, "invalid arguments: no authorizing address");
    }
    for (AuthEntry entry : op.auth()) {
      AuthEntry.Invocation root = entry.rootInvocation();
      if (!root.contract().equals(op.contract()) || !root.function().equals(op.function())
          || !root.args().equals(op.args())) {
        continue;
      }
      if (entry.isSourceAccount()) {
        if (required.equals(source)) {
          return null;
        }
        continue;
      }
      if (!entry.address().equals(required)) {
        continue;
      }
      if (!entry.signatureVerified()) {
        return Outcome.trapped(null, "Error(Auth, InvalidAction): signature of " + required + " does not verify");
      }
      if (entry.signatureExpirationLedger() < ledger) {
        return Outcome.trapped(null, "Error(Auth, InvalidAction): signature of " + required + " expired");
      }
      String nonce = required + ":" + entry.nonce();
      if (txn.nonceUsed(nonce)) {
        return Outcome.trapped(null, "Error(Auth, ExistingValue): nonce already used by " + required);
      }
      txn.useNonce(nonce);
      return null;
    }
    return Outcome.trapped(null, "Error(Auth, InvalidAction): missing authorization of " + required);
  }

  private static Outcome fail(int error, Variant variant) {
    return Outcome.trapped(error, message(error, variant));
  }

  private Outcome deploy(List<ScVal> args, Variant variant) {
    if (args.size() != 3 || !(args.get(0) instanceof ScVal.Address signer)
        || !(args.get(1) instanceof ScVal.Bytes salt) || salt.hex().length() != 64) {
      return Outcome.trapped(null, "invalid arguments: expected (Address signer, Bytes salt(32), Map escrow)");
    }
    EscrowArgs.Properties p;
    try {
      p = EscrowArgs.parse(args.get(2));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Outcome.trapped(null, "invalid arguments: " + e.getMessage());
    }
    NetworkState state = txn.state();
    String id = contractId(state.passphrase, state.deployerContract, salt.bytes());
    if (txn.contract(id) != null) {
      return fail(2, variant);
    }
    int serviceFeeBps = state.serviceFeeBps;
    if (p.platformFeeBps() > 9_900 || p.platformFeeBps() + serviceFeeBps > TEN_THOUSAND) {
      return fail(31, variant);
    }
    if (p.amount() <= 0) {
      return fail(1, variant);
    }
    if (p.milestones().isEmpty()) {
      return fail(9, variant);
    }
    if (p.milestones().size() > maxMilestones(variant)) {
      return fail(27, variant);
    }
    if (p.milestones().stream().anyMatch(EscrowArgs.Milestone::approved)) {
      return fail(32, variant);
    }
    if (!p.trustlineAddress().equals(state.issuer)) {
      return Outcome.trapped(null, "invalid arguments: trustline.address is not the USDC issuer " + state.issuer);
    }
    Contract contract = new Contract();
    contract.id = id;
    contract.escrow = true;
    contract.variant = variant;
    contract.deployer = signer.value();
    contract.engagementId = p.engagementId();
    contract.title = p.title();
    contract.description = p.description();
    contract.approver = p.roles().approver();
    contract.serviceProvider = p.roles().serviceProvider();
    contract.platformAddress = p.roles().platformAddress();
    contract.releaseSigner = p.roles().releaseSigner();
    contract.disputeResolver = p.roles().disputeResolver();
    contract.receiver = p.roles().receiver();
    contract.amount = p.amount();
    contract.platformFeeBps = (int) p.platformFeeBps();
    contract.serviceFeeBps = serviceFeeBps;
    for (EscrowArgs.Milestone m : p.milestones()) {
      Milestone milestone = new Milestone();
      milestone.description = m.description();
      milestone.status = m.status();
      milestone.approved = false;
      contract.milestones.add(milestone);
    }
    contract.trustlineAddress = p.trustlineAddress();
    contract.trustlineSymbol = p.trustlineSymbol();
    contract.createdAtMillis = closeMillis;
    contract.updatedAtMillis = closeMillis;
    contract.deployTx = txHash;
    txn.createContract(contract);
    return Outcome.returning(ScVal.address(id));
  }

  private Outcome fund(Contract c, List<ScVal> args) {
    expect(args, 3);
    String signer = address(args.get(0));
    long amount = i128(args.get(2));
    if (amount <= 0) {
      return fail(1, c.variant);
    }
    if (!args.get(1).equals(EscrowArgs.escrowMap(SimulatedNetwork.view(c)))) {
      return fail(33, c.variant);
    }
    Account funder = signer.startsWith("G") ? txn.account(signer) : null;
    long balance = funder == null || funder.usdc == null ? 0 : funder.usdc;
    if (balance < amount) {
      return fail(42, c.variant);
    }
    String refused = Rules.tokenTransfer(txn, signer, c.id, amount);
    if (refused != null) {
      return Outcome.trapped(null, refused);
    }
    c = txn.contract(c.id);
    if (c.balance >= c.amount) {
      c.everFunded = true;
    }
    return Outcome.ok();
  }

  private Outcome changeStatus(Contract c, List<ScVal> args) {
    expect(args, 4);
    long index = i128(args.get(0));
    String status = string(args.get(1));
    ScVal evidence = args.get(2);
    if (!(evidence instanceof ScVal.Void) && !(evidence instanceof ScVal.Str)) {
      throw new IllegalArgumentException("evidence must be void or a string");
    }
    String provider = address(args.get(3));
    if (!provider.equals(c.serviceProvider)) {
      return fail(8, c.variant);
    }
    if (c.milestones.isEmpty()) {
      return fail(9, c.variant);
    }
    if (index < 0 || index >= c.milestones.size()) {
      return fail(10, c.variant);
    }
    Milestone milestone = c.milestones.get((int) index);
    milestone.status = status;
    if (evidence instanceof ScVal.Str text) {
      milestone.evidence = text.value();
    }
    return Outcome.ok();
  }

  private Outcome approve(Contract c, List<ScVal> args) {
    expect(args, 2);
    long index = i128(args.get(0));
    String approver = address(args.get(1));
    if (index < 0 || index >= c.milestones.size()) {
      return fail(10, c.variant);
    }
    if (!approver.equals(c.approver)) {
      return fail(11, c.variant);
    }
    Milestone milestone = c.milestones.get((int) index);
    if (milestone.approved) {
      return fail(29, c.variant);
    }
    if (milestone.status.isEmpty()) {
      return fail(30, c.variant);
    }
    milestone.approved = true;
    return Outcome.ok();
  }

  /** Where Trustless Work's fee goes: fixed in [A], the call's argument in [B]. */
  private String serviceFeeAddress(Contract c, List<ScVal> args, int position) {
    return c.variant == Variant.A ? txn.state().serviceFeeAccount : address(args.get(position));
  }

  private Outcome release(Contract c, List<ScVal> args) {
    expect(args, c.variant == Variant.A ? 1 : 2);
    String signer = address(args.get(0));
    String feeAddress = serviceFeeAddress(c, args, 1);
    if (c.released) {
      return fail(35, c.variant);
    }
    if (c.resolved) {
      return fail(24, c.variant);
    }
    if (!signer.equals(c.releaseSigner)) {
      return fail(4, c.variant);
    }
    if (c.milestones.isEmpty()) {
      return fail(9, c.variant);
    }
    if (c.milestones.stream().anyMatch(m -> !m.approved)) {
      return fail(5, c.variant);
    }
    if (c.disputed) {
      return fail(16, c.variant);
    }
    if (c.balance < c.amount) {
      return fail(6, c.variant);
    }
    long serviceFee = share(c.amount, c.serviceFeeBps, TEN_THOUSAND);
    long platformFee = share(c.amount, c.platformFeeBps, TEN_THOUSAND);
    c.released = true;
    return pay(c.id, List.of(feeAddress, c.platformAddress, c.receiver),
        List.of(serviceFee, platformFee, c.amount - serviceFee - platformFee));
  }

  private Outcome dispute(Contract c, List<ScVal> args) {
    expect(args, 1);
    String signer = address(args.get(0));
    if (c.disputed) {
      return fail(13, c.variant);
    }
    if (c.variant == Variant.B && c.resolved) {
      return fail(24, c.variant);
    }
    boolean role = signer.equals(c.approver) || signer.equals(c.serviceProvider) || signer.equals(c.platformAddress)
        || signer.equals(c.releaseSigner) || signer.equals(c.disputeResolver) || signer.equals(c.receiver);
    if (!role) {
      return fail(26, c.variant);
    }
    if (signer.equals(c.disputeResolver)) {
      return fail(40, c.variant);
    }
    c.disputed = true;
    return Outcome.ok();
  }

  private Outcome resolve(Contract c, List<ScVal> args) {
    boolean b = c.variant == Variant.B;
    expect(args, b ? 3 : 2);
    String resolver = address(args.get(0));
    String feeAddress = serviceFeeAddress(c, args, 1);
    if (!(args.get(b ? 2 : 1) instanceof ScVal.Map map)) {
      throw new IllegalArgumentException("distributions must be a map");
    }
    Map<String, Long> distributions = new LinkedHashMap<>();
    BigInteger total = BigInteger.ZERO;
    for (ScVal.Entry entry : map.entries()) {
      long amount = i128(entry.value());
      if (amount <= 0) {
        return fail(38, c.variant);
      }
      distributions.put(address(entry.key()), amount);
      total = total.add(BigInteger.valueOf(amount));
    }
    if (!resolver.equals(c.disputeResolver)) {
      return fail(12, c.variant);
    }
    if (!c.disputed) {
      return fail(14, c.variant);
    }
    if (total.compareTo(BigInteger.valueOf(c.balance)) > 0) {
      return fail(15, c.variant);
    }
    long sum = total.longValueExact();
    if (sum != c.balance) {
      return fail(39, c.variant);
    }
    if (sum <= 0) {
      return fail(41, c.variant);
    }
    if (b && distributions.size() > 50) {
      return Outcome.trapped(null, "Too many distributions: at most 50");
    }
    long serviceFee = share(sum, c.serviceFeeBps, TEN_THOUSAND);
    long platformFee = share(sum, c.platformFeeBps, TEN_THOUSAND);
    List<String> payees = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    if (b) {
      long serviceTotal = 0;
      long platformTotal = 0;
      List<Long> nets = new ArrayList<>();
      for (long amount : distributions.values()) {
        long serviceShare = share(amount, serviceFee, sum);
        long platformShare = share(amount, platformFee, sum);
        serviceTotal += serviceShare;
        platformTotal += platformShare;
        nets.add(amount - serviceShare - platformShare);
      }
      payees.add(feeAddress);
      amounts.add(serviceTotal);
      payees.add(c.platformAddress);
      amounts.add(platformTotal);
      payees.addAll(distributions.keySet());
      amounts.addAll(nets);
    } else {
      payees.add(feeAddress);
      amounts.add(serviceFee);
      payees.add(c.platformAddress);
      amounts.add(platformFee);
      for (Map.Entry<String, Long> d : distributions.entrySet()) {
        payees.add(d.getKey());
        amounts.add(d.getValue() - share(d.getValue(), serviceFee + platformFee, sum));
      }
    }
    c.resolved = true;
    c.disputed = false;
    return pay(c.id, payees, amounts);
  }

  /** {@code floor(amount * numerator / denominator)} on exact integers, as the contract's i128 maths. */
  static long share(long amount, long numerator, long denominator) {
    return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(numerator))
        .divide(BigInteger.valueOf(denominator)).longValueExact();
  }

  private Outcome pay(String contractId, List<String> payees, List<Long> amounts) {
    for (int i = 0; i < payees.size(); i++) {
      String refused = Rules.tokenTransfer(txn, contractId, payees.get(i), amounts.get(i));
      if (refused != null) {
        return Outcome.trapped(null, refused);
      }
    }
    return Outcome.ok();
  }

  private static void expect(List<ScVal> args, int count) {
    if (args.size() != count) {
      throw new IllegalArgumentException("expected " + count + " arguments, got " + args.size());
    }
  }

  private static String address(ScVal value) {
    if (value instanceof ScVal.Address a) {
      return a.value();
    }
    throw new IllegalArgumentException("address expected");
  }

  private static String string(ScVal value) {
    if (value instanceof ScVal.Str s) {
      return s.value();
    }
    throw new IllegalArgumentException("string expected");
  }

  private static long i128(ScVal value) {
    if (value instanceof ScVal.Int i && i.kind() == ScVal.IntKind.I128) {
      return i.value().longValueExact();
    }
    throw new IllegalArgumentException("i128 expected");
  }
}

package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.testkit.network.NetworkState.Account;
import com.offerhub.orchestrator.testkit.network.NetworkState.Contract;
import com.offerhub.orchestrator.testkit.network.TxResult.Codes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stellar's rules for validating and applying a {@link Tx}, one set for every front: required
 * signers, sequence numbers, time bounds, fees paid by the fee payer (the fee-bump's fee source
 * when there is one), reserves with sponsorship, trustlines and USDC balances, and contract calls
 * (delegated to {@link EscrowContract}). Called with the network's monitor held.
 */
final class Rules {
  static final long XLM = 10_000_000L;
  static final long BASE_FEE = 100;
  static final long BASE_RESERVE = XLM / 2;

  private Rules() {}

  static long minBalance(Account account) {
    return (2L + account.subentries + account.numSponsoring - account.numSponsored) * BASE_RESERVE;
  }

  static long available(Account account) {
    return account.xlm - minBalance(account);
  }

  /** The fee the network charges: base fee per operation (one more for a fee-bump) plus the resource fee. */
  static long chargedFee(Tx tx) {
    long operations = Math.max(1, tx.operations().size()) + (tx.isFeeBump() ? 1 : 0);
    return operations * BASE_FEE + tx.resourceFee();
  }

  /**
   * Why a transaction cannot be included now (null when it can): {@code queuedAhead} transactions
   * of the same source wait before it, so its sequence number may be that much further ahead.
   */
  static TxResult validate(NetworkState state, Tx tx, long closeMillis, int queuedAhead) {
    List<Op> ops = tx.operations();
    if (ops.isEmpty()) {
      return TxResult.refused(Codes.TX_MISSING_OPERATION);
    }
    boolean invokes = ops.stream().anyMatch(op -> op instanceof Op.InvokeContract);
    if (invokes && ops.size() != 1 || tx.soroban() && !invokes) {
      return TxResult.refused(Codes.TX_MALFORMED);
    }
    if (invokes && state.minResourceFee > 0 && (!tx.soroban() || tx.resourceFee() < state.minResourceFee)) {
      return TxResult.refused(Codes.TX_SOROBAN_INVALID);
    }
    if (closeMillis < tx.minTimeMillis()) {
      return TxResult.refused(Codes.TX_TOO_EARLY);
    }
    if (closeMillis > tx.maxTimeMillis()) {
      return TxResult.refused(Codes.TX_TOO_LATE);
    }
    boolean checked = tx.origin() == Tx.Origin.SUBMITTED;
    long charged = chargedFee(tx);
    if (tx.isFeeBump()) {
      if (state.accounts.get(tx.feeSource()) == null) {
        return TxResult.refused(Codes.TX_NO_SOURCE_ACCOUNT);
      }
      if (tx.outerFee() < charged) {
        return TxResult.refused(Codes.TX_INSUFFICIENT_FEE);
      }
      if (checked && !tx.outerSigners().contains(tx.feeSource())) {
        return TxResult.refused(Codes.TX_BAD_AUTH);
      }
    } else if (tx.fee() < charged) {
      return TxResult.refused(Codes.TX_INSUFFICIENT_FEE);
    }
    Account source = state.accounts.get(tx.source());
    if (source == null) {
      return TxResult.refused(Codes.TX_NO_SOURCE_ACCOUNT);
    }
    if (tx.sequence() <= source.seq || tx.sequence() > source.seq + 1 + queuedAhead) {
      return TxResult.refused(Codes.TX_BAD_SEQ);
    }
    if (checked) {
      if (!tx.signers().contains(tx.source())) {
        return TxResult.refused(Codes.TX_BAD_AUTH);
      }
      List<String> opCodes = new ArrayList<>();
      boolean missing = false;
      for (Op op : ops) {
        boolean signed = op.source() == null || tx.signers().contains(op.source());
        missing |= !signed;
        opCodes.add(signed ? Codes.OP_SUCCESS : Codes.OP_BAD_AUTH);
      }
      if (missing) {
        return new TxResult(Codes.TX_FAILED, opCodes, 0, null, null, null);
      }
      if (tx.extraSignatures() > 0) {
        return TxResult.refused(Codes.TX_BAD_AUTH_EXTRA);
      }
    }
    Account payer = state.accounts.get(tx.feePayer());
    if (available(payer) < charged) {
      return TxResult.refused(Codes.TX_INSUFFICIENT_BALANCE);
    }
    return null;
  }

  /**
   * Includes a valid transaction in ledger {@code ledger} at position {@code order}: the fee and the
   * sequence number are spent, then the operations apply all or nothing. Appends the payment-like
   * operations of a successful transaction to {@code records}.
   */
  static TxRecord include(NetworkState state, Tx tx, long ledger, int order, long closeMillis,
      List<OpRecord> records) {
    long charged = chargedFee(tx);
    Account payer = state.accounts.get(tx.feePayer());
    payer.xlm -= charged;
    payer.lastModifiedLedger = ledger;
    Account source = state.accounts.get(tx.source());
    source.seq = tx.sequence();
    source.lastModifiedLedger = ledger;

    LedgerTxn txn = new LedgerTxn(state);
    Map<String, String> sponsorships = new LinkedHashMap<>();
    List<String> opCodes = new ArrayList<>();
    List<List<OpRecord.Transfer>> transfers = new ArrayList<>();
    boolean failed = false;
    ScVal returnValue = null;
    Integer contractError = null;
    String message = null;
    for (Op op : tx.operations()) {
      String opSource = op.source() != null ? op.source() : tx.source();
      txn.transfers.clear();
      Outcome outcome;
      if (txn.account(opSource) == null) {
        outcome = Outcome.fail(Codes.OP_NO_ACCOUNT);
      } else {
        outcome = apply(txn, tx, op, opSource, sponsorships, ledger, closeMillis);
      }
      transfers.add(List.copyOf(txn.transfers));
      opCodes.add(outcome.code);
      if (!outcome.code.equals(Codes.OP_SUCCESS)) {
        failed = true;
        if (message == null) {
          message = outcome.message;
          contractError = outcome.contractError;
        }
      } else if (outcome.returnValue != null) {
        returnValue = outcome.returnValue;
      }
    }
    TxResult result;
    if (failed) {
      result = new TxResult(Codes.TX_FAILED, opCodes, charged, null, contractError, message);
    } else if (!sponsorships.isEmpty()) {
      result = new TxResult(Codes.TX_BAD_SPONSORSHIP, List.of(), charged, null, null,
          "sponsorship of " + sponsorships.keySet() + " not ended");
    } else {
      txn.commit(ledger);
      result = new TxResult(Codes.TX_SUCCESS, opCodes, charged, returnValue, null, null);
      for (int i = 0; i < tx.operations().size(); i++) {
        OpRecord record = record(tx, i, transfers.get(i), ledger, order, closeMillis);
        if (record != null) {
          records.add(record);
        }
      }
    }
    return new TxRecord(tx, result, ledger, order, closeMillis);
  }

  private static OpRecord record(Tx tx, int index, List<OpRecord.Transfer> transfers, long ledger, int order,
      long closeMillis) {
    Op op = tx.operations().get(index);
    String source = op.source() != null ? op.source() : tx.source();
    long id = OpRecord.toid(ledger, order, index);
    boolean load = tx.origin() == Tx.Origin.LOAD;
    String hash = tx.primaryHash();
    if (op instanceof Op.CreateAccount create) {
      return new OpRecord(id, hash, index, "create_account", source, ledger, closeMillis, source,
          create.destination(), Asset.NATIVE, create.startingBalance(), null, null, List.of(), load);
    }
    if (op instanceof Op.Payment payment) {
      return new OpRecord(id, hash, index, "payment", source, ledger, closeMillis, source, payment.destination(),
          payment.asset(), payment.amount(), null, null, List.of(), load);
    }
    if (op instanceof Op.PathPayment path) {
      return new OpRecord(id, hash, index, path.strictSend() ? "path_payment_strict_send" : "path_payment_strict_receive",
          source, ledger, closeMillis, source, path.destination(), path.destAsset(), path.delivered(), null, null,
          List.of(), load, path.sendAsset(), path.sent());
    }
    if (op instanceof Op.InvokeContract invoke) {
      return new OpRecord(id, hash, index, "invoke_host_function", source, ledger, closeMillis, null, null, null, 0,
          invoke.contract(), invoke.function(), transfers, load);
    }
    return null;
  }

  /** An operation's outcome: its result code, and for contract calls the return value or the refusal. */
  static final class Outcome {
    final String code;
    final ScVal returnValue;
    final Integer contractError;
    final String message;

    private Outcome(String code, ScVal returnValue, Integer contractError, String message) {
      this.code = code;
      this.returnValue = returnValue;
      this.contractError = contractError;
      this.message = message;
    }

    static Outcome ok() {
      return new Outcome(Codes.OP_SUCCESS, null, null, null);
    }

    static Outcome returning(ScVal value) {
      return new Outcome(Codes.OP_SUCCESS, value, null, null);
    }

    static Outcome fail(String code) {
      return new Outcome(code, null, null, null);
    }

    /** A contract call that trapped: the host refused it ({@code error} null) or the contract returned an error. */
    static Outcome trapped(Integer error, String message) {
      return new Outcome(Codes.OP_TRAPPED, null, error, message);
    }

    boolean success() {
      return code.equals(Codes.OP_SUCCESS);
    }
  }

  private static Outcome apply(LedgerTxn txn, Tx tx, Op op, String source,
      Map<String, String> sponsorships, long ledger, long closeMillis) {
    if (op instanceof Op.CreateAccount create) {
      return createAccount(txn, source, create, sponsorships, ledger);
    }
    if (op instanceof Op.Payment payment) {
      return payment(txn, source, payment);
    }
    if (op instanceof Op.PathPayment path) {
      return pathPayment(txn, source, path);
    }
    if (op instanceof Op.ChangeTrust trust) {
      return changeTrust(txn, source, trust, sponsorships);
    }
    if (op instanceof Op.BeginSponsoring begin) {
      if (begin.sponsored().equals(source)) {
        return Outcome.fail(Codes.OP_MALFORMED);
      }
      if (sponsorships.containsKey(begin.sponsored())) {
        return Outcome.fail(Codes.OP_ALREADY_SPONSORED);
      }
      if (sponsorships.containsKey(source)) {
        return Outcome.fail(Codes.OP_RECURSIVE);
      }
      sponsorships.put(begin.sponsored(), source);
      return Outcome.ok();
    }
    if (op instanceof Op.EndSponsoring) {
      return sponsorships.remove(source) == null ? Outcome.fail(Codes.OP_NOT_SPONSORED) : Outcome.ok();
    }
    if (op instanceof Op.InvokeContract invoke) {
      Contract target = txn.contract(invoke.contract());
      if (target != null && !target.escrow && tx.origin() != Tx.Origin.SUBMITTED && invoke.function().equals("pay")) {
        return foreignPayment(txn, invoke);
      }
      return new EscrowContract(txn, ledger, closeMillis, tx.primaryHash(), true).invoke(invoke, source);
    }
    return Outcome.fail(Codes.OP_NOT_SUPPORTED);
  }

  /** Another application's contract pays out USDC (only the network itself makes such calls). */
  private static Outcome foreignPayment(LedgerTxn txn, Op.InvokeContract invoke) {
    if (invoke.args().size() != 2 || !(invoke.args().get(0) instanceof ScVal.Address to)
        || !(invoke.args().get(1) instanceof ScVal.Int amount)) {
      return Outcome.trapped(null, "invalid arguments");
    }
    String refused = tokenTransfer(txn, invoke.contract(), to.value(), amount.value().longValueExact());
    return refused == null ? Outcome.ok() : Outcome.trapped(null, refused);
  }

  private static Outcome createAccount(LedgerTxn txn, String source, Op.CreateAccount op,
      Map<String, String> sponsorships, long ledger) {
    if (op.startingBalance() < 0 || !StrKey.isValid(StrKey.ACCOUNT, op.destination())) {
      return Outcome.fail(Codes.OP_MALFORMED);
    }
    if (txn.account(op.destination()) != null) {
      return Outcome.fail(Codes.OP_ALREADY_EXISTS);
    }
    Account funder = txn.account(source);
    if (available(funder) < op.startingBalance()) {
      return Outcome.fail(Codes.OP_UNDERFUNDED);
    }
    Account created = new Account();
    created.xlm = op.startingBalance();
    created.seq = ledger << 32;
    String sponsorId = sponsorships.get(op.destination());
    if (sponsorId != null) {
      Account sponsor = txn.account(sponsorId);
      sponsor.numSponsoring += 2;
      created.numSponsored = 2;
      created.sponsor = sponsorId;
      funder.xlm -= op.startingBalance();
      if (sponsor.xlm < minBalance(sponsor)) {
        return Outcome.fail(Codes.OP_LOW_RESERVE);
      }
    } else {
      if (op.startingBalance() < 2 * BASE_RESERVE) {
        return Outcome.fail(Codes.OP_LOW_RESERVE);
      }
      funder.xlm -= op.startingBalance();
    }
    txn.createAccount(op.destination(), created);
    return Outcome.ok();
  }

  private static Outcome payment(LedgerTxn txn, String source, Op.Payment op) {
    if (op.amount() <= 0) {
      return Outcome.fail(Codes.OP_MALFORMED);
    }
    Account destination = txn.account(op.destination());
    if (destination == null) {
      return Outcome.fail(Codes.OP_NO_DESTINATION);
    }
    Account sender = txn.account(source);
    if (op.asset().isNative()) {
      if (available(sender) < op.amount()) {
        return Outcome.fail(Codes.OP_UNDERFUNDED);
      }
      sender.xlm -= op.amount();
      destination.xlm += op.amount();
      return Outcome.ok();
    }
    NetworkState state = txn.state();
    if (!op.asset().code().equals(state.usdcCode) || !op.asset().issuer().equals(state.issuer)) {
      return Outcome.fail(Codes.OP_NO_TRUST);
    }
    boolean fromIssuer = source.equals(state.issuer);
    boolean toIssuer = op.destination().equals(state.issuer);
    if (!fromIssuer) {
      if (sender.usdc == null) {
        return Outcome.fail(Codes.OP_SRC_NO_TRUST);
      }
      if (sender.usdc < op.amount()) {
        return Outcome.fail(Codes.OP_UNDERFUNDED);
      }
    }
    if (!toIssuer) {
      if (destination.usdc == null) {
        return Outcome.fail(Codes.OP_NO_TRUST);
      }
      if (destination.usdc > destination.usdcLimit - op.amount()) {
        return Outcome.fail(Codes.OP_LINE_FULL);
      }
    }
    if (!fromIssuer) {
      sender.usdc -= op.amount();
    }
    if (!toIssuer) {
      destination.usdc += op.amount();
    }
    return Outcome.ok();
  }

  /**
   * A path payment to USDC (see {@link Op.PathPayment} for the conversions the model knows): USDC to
   * USDC is a payment; XLM to USDC pays the XLM to the issuer, which issues the USDC delivered.
   */
  private static Outcome pathPayment(LedgerTxn txn, String source, Op.PathPayment op) {
    if (op.sendAmount() <= 0 || op.destAmount() <= 0) {
      return Outcome.fail(Codes.OP_MALFORMED);
    }
    NetworkState state = txn.state();
    Asset usdc = Asset.credit(state.usdcCode, state.issuer);
    if (txn.account(op.destination()) == null) {
      return Outcome.fail(Codes.OP_NO_DESTINATION);
    }
    if (!op.convertible()) {
      return Outcome.fail(Codes.OP_TOO_FEW_OFFERS);
    }
    if (!op.destAsset().equals(usdc)) {
      return Outcome.fail(Codes.OP_NO_TRUST);
    }
    long delivered = op.delivered();
    long sent = op.sent();
    if (op.strictSend() && delivered < op.destAmount() || delivered <= 0) {
      return Outcome.fail(Codes.OP_UNDER_DEST_MIN);
    }
    if (!op.strictSend() && sent > op.sendAmount()) {
      return Outcome.fail(Codes.OP_OVER_SOURCE_MAX);
    }
    if (!op.sendAsset().isNative()) {
      return payment(txn, source, new Op.Payment(null, op.destination(), usdc, delivered));
    }
    Account sender = txn.account(source);
    if (available(sender) < sent) {
      return Outcome.fail(Codes.OP_UNDERFUNDED);
    }
    Outcome issued = payment(txn, state.issuer, new Op.Payment(null, op.destination(), usdc, delivered));
    if (!issued.success()) {
      return issued;
    }
    sender.xlm -= sent;
    txn.account(state.issuer).xlm += sent;
    return Outcome.ok();
  }

  private static Outcome changeTrust(LedgerTxn txn, String source, Op.ChangeTrust op,
      Map<String, String> sponsorships) {
    NetworkState state = txn.state();
    if (op.asset().isNative() || op.limit() < 0) {
      return Outcome.fail(Codes.OP_MALFORMED);
    }
    if (op.asset().issuer().equals(source)) {
      return Outcome.fail(Codes.OP_SELF_NOT_ALLOWED);
    }
    if (!op.asset().code().equals(state.usdcCode) || !op.asset().issuer().equals(state.issuer)) {
      return Outcome.fail(state.accounts.containsKey(op.asset().issuer()) ? Codes.OP_NOT_SUPPORTED : Codes.OP_NO_ISSUER);
    }
    Account account = txn.account(source);
    if (op.limit() == 0) {
      if (account.usdc == null || account.usdc != 0) {
        return Outcome.fail(Codes.OP_INVALID_LIMIT);
      }
      account.usdc = null;
      account.usdcLimit = 0;
      account.subentries--;
      if (account.trustlineSponsor != null) {
        txn.account(account.trustlineSponsor).numSponsoring--;
        account.numSponsored--;
        account.trustlineSponsor = null;
      }
      return Outcome.ok();
    }
    if (account.usdc != null) {
      if (op.limit() < account.usdc) {
        return Outcome.fail(Codes.OP_INVALID_LIMIT);
      }
      account.usdcLimit = op.limit();
      return Outcome.ok();
    }
    account.usdc = 0L;
    account.usdcLimit = op.limit();
    account.subentries++;
    String sponsorId = sponsorships.get(source);
    if (sponsorId != null) {
      Account sponsor = txn.account(sponsorId);
      sponsor.numSponsoring++;
      account.numSponsored++;
      account.trustlineSponsor = sponsorId;
      if (sponsor.xlm < minBalance(sponsor)) {
        return Outcome.fail(Codes.OP_LOW_RESERVE);
      }
    } else if (account.xlm < minBalance(account)) {
      return Outcome.fail(Codes.OP_LOW_RESERVE);
    }
    return Outcome.ok();
  }

  /**
   * Moves USDC as the token contract does ({@code from}/{@code to} are accounts or contracts; the
   * issuer mints and burns). Returns null, or why the host refused.
   */
  static String tokenTransfer(LedgerTxn txn, String from, String to, long amount) {
    if (amount < 0) {
      return "negative amount is not allowed";
    }
    if (amount == 0) {
      return null;
    }
    NetworkState state = txn.state();
    if (from.equals(state.issuer)) {
      // minted
    } else if (from.startsWith("C")) {
      Contract contract = txn.contract(from);
      if (contract == null || contract.balance < amount) {
        return "balance is not sufficient to spend: " + from;
      }
      contract.balance -= amount;
    } else {
      Account account = txn.account(from);
      if (account == null || account.usdc == null) {
        return "trustline entry is missing for account " + from;
      }
      if (account.usdc < amount) {
        return "balance is not sufficient to spend: " + from;
      }
      account.usdc -= amount;
    }
    if (to.equals(state.issuer)) {
      // burned
    } else if (to.startsWith("C")) {
      Contract contract = txn.contract(to);
      if (contract == null) {
        contract = new Contract();
        contract.id = to;
        txn.createContract(contract);
      }
      contract.balance += amount;
    } else {
      Account account = txn.account(to);
      if (account == null) {
        return "account entry is missing: " + to;
      }
      if (account.usdc == null) {
        return "trustline entry is missing for account " + to;
      }
      if (account.usdc > account.usdcLimit - amount) {
        return "balance exceeds the trustline limit of " + to;
      }
      account.usdc += amount;
    }
    txn.transfers.add(new OpRecord.Transfer(from, to, Asset.credit(state.usdcCode, state.issuer), amount));
    return null;
  }
}

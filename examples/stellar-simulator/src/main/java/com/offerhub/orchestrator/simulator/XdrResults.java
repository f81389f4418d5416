package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.testkit.network.AccountView;
import com.offerhub.orchestrator.testkit.network.Op;
import com.offerhub.orchestrator.testkit.network.Tx;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import com.offerhub.orchestrator.testkit.network.TxResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.xdr.AccountEntry;
import org.stellar.sdk.xdr.BeginSponsoringFutureReservesResult;
import org.stellar.sdk.xdr.BeginSponsoringFutureReservesResultCode;
import org.stellar.sdk.xdr.ChangeTrustResult;
import org.stellar.sdk.xdr.ChangeTrustResultCode;
import org.stellar.sdk.xdr.ClaimAtom;
import org.stellar.sdk.xdr.CreateAccountResult;
import org.stellar.sdk.xdr.CreateAccountResultCode;
import org.stellar.sdk.xdr.EndSponsoringFutureReservesResult;
import org.stellar.sdk.xdr.EndSponsoringFutureReservesResultCode;
import org.stellar.sdk.xdr.ExtensionPoint;
import org.stellar.sdk.xdr.Hash;
import org.stellar.sdk.xdr.InnerTransactionResult;
import org.stellar.sdk.xdr.InnerTransactionResultPair;
import org.stellar.sdk.xdr.Int64;
import org.stellar.sdk.xdr.InvokeHostFunctionResult;
import org.stellar.sdk.xdr.InvokeHostFunctionResultCode;
import org.stellar.sdk.xdr.LedgerEntry;
import org.stellar.sdk.xdr.LedgerEntryChange;
import org.stellar.sdk.xdr.LedgerEntryChanges;
import org.stellar.sdk.xdr.LedgerEntryType;
import org.stellar.sdk.xdr.OperationMeta;
import org.stellar.sdk.xdr.OperationResult;
import org.stellar.sdk.xdr.OperationResultCode;
import org.stellar.sdk.xdr.OperationType;
import org.stellar.sdk.xdr.PathPaymentStrictReceiveResult;
import org.stellar.sdk.xdr.PathPaymentStrictReceiveResultCode;
import org.stellar.sdk.xdr.PathPaymentStrictSendResult;
import org.stellar.sdk.xdr.PathPaymentStrictSendResultCode;
import org.stellar.sdk.xdr.PaymentResult;
import org.stellar.sdk.xdr.PaymentResultCode;
import org.stellar.sdk.xdr.SequenceNumber;
import org.stellar.sdk.xdr.SimplePaymentResult;
import org.stellar.sdk.xdr.Signer;
import org.stellar.sdk.xdr.SorobanTransactionMeta;
import org.stellar.sdk.xdr.SorobanTransactionMetaExt;
import org.stellar.sdk.xdr.String32;
import org.stellar.sdk.xdr.Thresholds;
import org.stellar.sdk.xdr.TransactionMeta;
import org.stellar.sdk.xdr.TransactionMetaV3;
import org.stellar.sdk.xdr.TransactionResult;
import org.stellar.sdk.xdr.TransactionResultCode;
import org.stellar.sdk.xdr.Uint32;
import org.stellar.sdk.xdr.XdrString;
import org.stellar.sdk.xdr.XdrUnsignedInteger;

/**
 * The XDR the network's answers carry: transaction results (fee-bumps wrap the inner result), result
 * metadata with a Soroban call's return value, and account ledger entries for Soroban RPC.
 */
final class XdrResults {
  private XdrResults() {}

  /** {@code TransactionResult} of an included transaction, base64. */
  public static String result(TxRecord record) {
    return result(record.tx(), record.result());
  }

  /** {@code TransactionResult} for a result (included or refused), base64. */
  public static String result(Tx tx, TxResult result) {
    TransactionResult out = new TransactionResult();
    out.setFeeCharged(new Int64(result.feeCharged()));
    TransactionResult.TransactionResultExt ext = new TransactionResult.TransactionResultExt();
    ext.setDiscriminant(0);
    out.setExt(ext);
    TransactionResult.TransactionResultResult body = new TransactionResult.TransactionResultResult();
    TransactionResultCode code = txCode(result.code());
    boolean opLevel = code == TransactionResultCode.txSUCCESS || code == TransactionResultCode.txFAILED;
    if (tx.isFeeBump() && opLevel) {
      InnerTransactionResult inner = new InnerTransactionResult();
      inner.setFeeCharged(new Int64(0L));
      InnerTransactionResult.InnerTransactionResultResult innerBody = new InnerTransactionResult.InnerTransactionResultResult();
      innerBody.setDiscriminant(code);
      innerBody.setResults(operationResults(tx, result));
      inner.setResult(innerBody);
      InnerTransactionResult.InnerTransactionResultExt innerExt = new InnerTransactionResult.InnerTransactionResultExt();
      innerExt.setDiscriminant(0);
      inner.setExt(innerExt);
      InnerTransactionResultPair pair = new InnerTransactionResultPair();
      pair.setTransactionHash(new Hash(HexFormat.of().parseHex(tx.hash())));
      pair.setResult(inner);
      body.setDiscriminant(result.success() ? TransactionResultCode.txFEE_BUMP_INNER_SUCCESS
          : TransactionResultCode.txFEE_BUMP_INNER_FAILED);
      body.setInnerResultPair(pair);
    } else {
      body.setDiscriminant(code);
      if (opLevel) {
        body.setResults(operationResults(tx, result));
      }
    }
    out.setResult(body);
    return base64(out::toXdrBase64);
  }

  /** Horizon's name of the outer code: a fee-bump reports the inner outcome as {@code tx_fee_bump_inner_*}. */
  public static String outerCode(Tx tx, TxResult result) {
    boolean opLevel = result.code().equals(TxResult.Codes.TX_SUCCESS) || result.code().equals(TxResult.Codes.TX_FAILED);
    if (tx.isFeeBump() && opLevel) {
      return result.success() ? "tx_fee_bump_inner_success" : "tx_fee_bump_inner_failed";
    }
    return result.code();
  }

  static TransactionResultCode txCode(String code) {
    return switch (code) {
      case TxResult.Codes.TX_SUCCESS -> TransactionResultCode.txSUCCESS;
      case TxResult.Codes.TX_FAILED -> TransactionResultCode.txFAILED;
      case TxResult.Codes.TX_BAD_SEQ -> TransactionResultCode.txBAD_SEQ;
      case TxResult.Codes.TX_BAD_AUTH -> TransactionResultCode.txBAD_AUTH;
      case TxResult.Codes.TX_BAD_AUTH_EXTRA -> TransactionResultCode.txBAD_AUTH_EXTRA;
      case TxResult.Codes.TX_TOO_LATE -> TransactionResultCode.txTOO_LATE;
      case TxResult.Codes.TX_TOO_EARLY -> TransactionResultCode.txTOO_EARLY;
      case TxResult.Codes.TX_MISSING_OPERATION -> TransactionResultCode.txMISSING_OPERATION;
      case TxResult.Codes.TX_INSUFFICIENT_BALANCE -> TransactionResultCode.txINSUFFICIENT_BALANCE;
      case TxResult.Codes.TX_INSUFFICIENT_FEE -> TransactionResultCode.txINSUFFICIENT_FEE;
      case TxResult.Codes.TX_NO_SOURCE_ACCOUNT -> TransactionResultCode.txNO_ACCOUNT;
      case TxResult.Codes.TX_BAD_SPONSORSHIP -> TransactionResultCode.txBAD_SPONSORSHIP;
      case TxResult.Codes.TX_SOROBAN_INVALID -> TransactionResultCode.txSOROBAN_INVALID;
      default -> TransactionResultCode.txMALFORMED;
    };
  }

  private static OperationResult[] operationResults(Tx tx, TxResult result) {
    List<OperationResult> out = new ArrayList<>();
    for (int i = 0; i < tx.operations().size(); i++) {
      String code = i < result.opCodes().size() ? result.opCodes().get(i) : TxResult.Codes.OP_SUCCESS;
      out.add(operationResult(tx.operations().get(i), code, result));
    }
    return out.toArray(new OperationResult[0]);
  }

  private static OperationResult operationResult(Op op, String code, TxResult result) {
    OperationResult out = new OperationResult();
    switch (code) {
      case TxResult.Codes.OP_BAD_AUTH -> {
        out.setDiscriminant(OperationResultCode.opBAD_AUTH);
        return out;
      }
      case TxResult.Codes.OP_NO_ACCOUNT -> {
        out.setDiscriminant(OperationResultCode.opNO_ACCOUNT);
        return out;
      }
      case TxResult.Codes.OP_NOT_SUPPORTED -> {
        out.setDiscriminant(OperationResultCode.opNOT_SUPPORTED);
        return out;
      }
      default -> {
      }
    }
    if (op instanceof Op.Unsupported) {
      out.setDiscriminant(OperationResultCode.opNOT_SUPPORTED);
      return out;
    }
    out.setDiscriminant(OperationResultCode.opINNER);
    OperationResult.OperationResultTr tr = new OperationResult.OperationResultTr();
    if (op instanceof Op.CreateAccount) {
      tr.setDiscriminant(OperationType.CREATE_ACCOUNT);
      CreateAccountResult r = new CreateAccountResult();
      r.setDiscriminant(switch (code) {
        case TxResult.Codes.OP_SUCCESS -> CreateAccountResultCode.CREATE_ACCOUNT_SUCCESS;
        case TxResult.Codes.OP_UNDERFUNDED -> CreateAccountResultCode.CREATE_ACCOUNT_UNDERFUNDED;
        case TxResult.Codes.OP_LOW_RESERVE -> CreateAccountResultCode.CREATE_ACCOUNT_LOW_RESERVE;
        case TxResult.Codes.OP_ALREADY_EXISTS -> CreateAccountResultCode.CREATE_ACCOUNT_ALREADY_EXIST;
        default -> CreateAccountResultCode.CREATE_ACCOUNT_MALFORMED;
      });
      tr.setCreateAccountResult(r);
    } else if (op instanceof Op.Payment) {
      tr.setDiscriminant(OperationType.PAYMENT);
      PaymentResult r = new PaymentResult();
      r.setDiscriminant(switch (code) {
        case TxResult.Codes.OP_SUCCESS -> PaymentResultCode.PAYMENT_SUCCESS;
        case TxResult.Codes.OP_UNDERFUNDED -> PaymentResultCode.PAYMENT_UNDERFUNDED;
        case TxResult.Codes.OP_SRC_NO_TRUST -> PaymentResultCode.PAYMENT_SRC_NO_TRUST;
        case TxResult.Codes.OP_NO_DESTINATION -> PaymentResultCode.PAYMENT_NO_DESTINATION;
        case TxResult.Codes.OP_NO_TRUST -> PaymentResultCode.PAYMENT_NO_TRUST;
        case TxResult.Codes.OP_LINE_FULL -> PaymentResultCode.PAYMENT_LINE_FULL;
        case TxResult.Codes.OP_NO_ISSUER -> PaymentResultCode.PAYMENT_NO_ISSUER;
        default -> PaymentResultCode.PAYMENT_MALFORMED;
      });
      tr.setPaymentResult(r);
    } else if (op instanceof Op.PathPayment path) {
      pathPaymentResult(tr, path, code);
    } else if (op instanceof Op.ChangeTrust) {
      tr.setDiscriminant(OperationType.CHANGE_TRUST);
      ChangeTrustResult r = new ChangeTrustResult();
      r.setDiscriminant(switch (code) {
        case TxResult.Codes.OP_SUCCESS -> ChangeTrustResultCode.CHANGE_TRUST_SUCCESS;
        case TxResult.Codes.OP_NO_ISSUER -> ChangeTrustResultCode.CHANGE_TRUST_NO_ISSUER;
        case TxResult.Codes.OP_INVALID_LIMIT -> ChangeTrustResultCode.CHANGE_TRUST_INVALID_LIMIT;
        case TxResult.Codes.OP_LOW_RESERVE -> ChangeTrustResultCode.CHANGE_TRUST_LOW_RESERVE;
        case TxResult.Codes.OP_SELF_NOT_ALLOWED -> ChangeTrustResultCode.CHANGE_TRUST_SELF_NOT_ALLOWED;
        default -> ChangeTrustResultCode.CHANGE_TRUST_MALFORMED;
      });
      tr.setChangeTrustResult(r);
    } else if (op instanceof Op.BeginSponsoring) {
      tr.setDiscriminant(OperationType.BEGIN_SPONSORING_FUTURE_RESERVES);
      BeginSponsoringFutureReservesResult r = new BeginSponsoringFutureReservesResult();
      r.setDiscriminant(switch (code) {
        case TxResult.Codes.OP_SUCCESS -> BeginSponsoringFutureReservesResultCode.BEGIN_SPONSORING_FUTURE_RESERVES_SUCCESS;
        case TxResult.Codes.OP_ALREADY_SPONSORED ->
            BeginSponsoringFutureReservesResultCode.BEGIN_SPONSORING_FUTURE_RESERVES_ALREADY_SPONSORED;
        case TxResult.Codes.OP_RECURSIVE -> BeginSponsoringFutureReservesResultCode.BEGIN_SPONSORING_FUTURE_RESERVES_RECURSIVE;
        default -> BeginSponsoringFutureReservesResultCode.BEGIN_SPONSORING_FUTURE_RESERVES_MALFORMED;
      });
      tr.setBeginSponsoringFutureReservesResult(r);
    } else if (op instanceof Op.EndSponsoring) {
      tr.setDiscriminant(OperationType.END_SPONSORING_FUTURE_RESERVES);
      EndSponsoringFutureReservesResult r = new EndSponsoringFutureReservesResult();
      r.setDiscriminant(code.equals(TxResult.Codes.OP_SUCCESS)
          ? EndSponsoringFutureReservesResultCode.END_SPONSORING_FUTURE_RESERVES_SUCCESS
          : EndSponsoringFutureReservesResultCode.END_SPONSORING_FUTURE_RESERVES_NOT_SPONSORED);
      tr.setEndSponsoringFutureReservesResult(r);
    } else {
      tr.setDiscriminant(OperationType.INVOKE_HOST_FUNCTION);
      InvokeHostFunctionResult r = new InvokeHostFunctionResult();
      if (code.equals(TxResult.Codes.OP_SUCCESS)) {
        r.setDiscriminant(InvokeHostFunctionResultCode.INVOKE_HOST_FUNCTION_SUCCESS);
        r.setSuccess(new Hash(sha256(result.returnValue() == null ? "" : result.returnValue().toString())));
      } else if (code.equals(TxResult.Codes.OP_TRAPPED)) {
        r.setDiscriminant(InvokeHostFunctionResultCode.INVOKE_HOST_FUNCTION_TRAPPED);
      } else {
        r.setDiscriminant(InvokeHostFunctionResultCode.INVOKE_HOST_FUNCTION_MALFORMED);
      }
      tr.setInvokeHostFunctionResult(r);
    }
    out.setTr(tr);
    return out;
  }

  /** A path payment's result: on success no offers crossed (the model has no books) and what arrived. */
  private static void pathPaymentResult(OperationResult.OperationResultTr tr, Op.PathPayment path, String code) {
    SimplePaymentResult last = null;
    if (code.equals(TxResult.Codes.OP_SUCCESS)) {
      last = new SimplePaymentResult();
      last.setDestination(KeyPair.fromAccountId(path.destination()).getXdrAccountId());
      last.setAsset(asset(path.destAsset()));
      last.setAmount(new Int64(path.delivered()));
    }
    if (path.strictSend()) {
      tr.setDiscriminant(OperationType.PATH_PAYMENT_STRICT_SEND);
      PathPaymentStrictSendResult r = new PathPaymentStrictSendResult();
      r.setDiscriminant(switch (code) {
        case TxResult.Codes.OP_SUCCESS -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_SUCCESS;
        case TxResult.Codes.OP_UNDERFUNDED -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_UNDERFUNDED;
        case TxResult.Codes.OP_SRC_NO_TRUST -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_SRC_NO_TRUST;
        case TxResult.Codes.OP_NO_DESTINATION -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_NO_DESTINATION;
        case TxResult.Codes.OP_NO_TRUST -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_NO_TRUST;
        case TxResult.Codes.OP_LINE_FULL -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_LINE_FULL;
        case TxResult.Codes.OP_TOO_FEW_OFFERS -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_TOO_FEW_OFFERS;
        case TxResult.Codes.OP_UNDER_DEST_MIN -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_UNDER_DESTMIN;
        default -> PathPaymentStrictSendResultCode.PATH_PAYMENT_STRICT_SEND_MALFORMED;
      });
      if (last != null) {
        PathPaymentStrictSendResult.PathPaymentStrictSendResultSuccess success =
            new PathPaymentStrictSendResult.PathPaymentStrictSendResultSuccess();
        success.setOffers(new ClaimAtom[0]);
        success.setLast(last);
        r.setSuccess(success);
      }
      tr.setPathPaymentStrictSendResult(r);
      return;
    }
    tr.setDiscriminant(OperationType.PATH_PAYMENT_STRICT_RECEIVE);
    PathPaymentStrictReceiveResult r = new PathPaymentStrictReceiveResult();
    r.setDiscriminant(switch (code) {
      case TxResult.Codes.OP_SUCCESS -> PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_SUCCESS;
      case TxResult.Codes.OP_UNDERFUNDED -> PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_UNDERFUNDED;
      case TxResult.Codes.OP_SRC_NO_TRUST -> PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_SRC_NO_TRUST;
      case TxResult.Codes.OP_NO_DESTINATION ->
          PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_NO_DESTINATION;
      case TxResult.Codes.OP_NO_TRUST -> PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_NO_TRUST;
      case TxResult.Codes.OP_LINE_FULL -> PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_LINE_FULL;
      case TxResult.Codes.OP_TOO_FEW_OFFERS ->
          PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_TOO_FEW_OFFERS;
      case TxResult.Codes.OP_OVER_SOURCE_MAX ->
          PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_OVER_SENDMAX;
      default -> PathPaymentStrictReceiveResultCode.PATH_PAYMENT_STRICT_RECEIVE_MALFORMED;
    });
    if (last != null) {
      PathPaymentStrictReceiveResult.PathPaymentStrictReceiveResultSuccess success =
          new PathPaymentStrictReceiveResult.PathPaymentStrictReceiveResultSuccess();
      success.setOffers(new ClaimAtom[0]);
      success.setLast(last);
      r.setSuccess(success);
    }
    tr.setPathPaymentStrictReceiveResult(r);
  }

  private static org.stellar.sdk.xdr.Asset asset(com.offerhub.orchestrator.testkit.network.Asset asset) {
    return asset.isNative() ? new org.stellar.sdk.AssetTypeNative().toXdr()
        : org.stellar.sdk.Asset.create(asset.code() + ":" + asset.issuer()).toXdr();
  }

  /** {@code TransactionMeta} v3: no ledger changes listed, a Soroban call's return value in its meta. */
  public static String meta(TxRecord record) {
    TransactionMetaV3 v3 = new TransactionMetaV3();
    ExtensionPoint ext = new ExtensionPoint();
    ext.setDiscriminant(0);
    v3.setExt(ext);
    v3.setTxChangesBefore(new LedgerEntryChanges(new LedgerEntryChange[0]));
    v3.setTxChangesAfter(new LedgerEntryChanges(new LedgerEntryChange[0]));
    List<OperationMeta> ops = new ArrayList<>();
    if (record.success()) {
      for (int i = 0; i < record.tx().operations().size(); i++) {
        OperationMeta meta = new OperationMeta();
        meta.setChanges(new LedgerEntryChanges(new LedgerEntryChange[0]));
        ops.add(meta);
      }
    }
    v3.setOperations(ops.toArray(new OperationMeta[0]));
    boolean soroban = record.tx().operations().size() == 1 && record.tx().operations().get(0) instanceof Op.InvokeContract;
    if (soroban) {
      SorobanTransactionMeta meta = new SorobanTransactionMeta();
      SorobanTransactionMetaExt metaExt = new SorobanTransactionMetaExt();
      metaExt.setDiscriminant(0);
      meta.setExt(metaExt);
      meta.setEvents(new org.stellar.sdk.xdr.ContractEvent[0]);
      meta.setDiagnosticEvents(new org.stellar.sdk.xdr.DiagnosticEvent[0]);
      meta.setReturnValue(record.result().returnValue() == null ? XdrCodec.scVal(
          new com.offerhub.orchestrator.testkit.network.ScVal.Void()) : XdrCodec.scVal(record.result().returnValue()));
      v3.setSorobanMeta(meta);
    }
    TransactionMeta meta = new TransactionMeta();
    meta.setDiscriminant(3);
    meta.setV3(v3);
    return base64(meta::toXdrBase64);
  }

  /** The {@code LedgerEntryData} of an account (what {@code SorobanServer.getAccount} reads), base64. */
  public static String accountEntry(AccountView account) {
    AccountEntry entry = new AccountEntry();
    entry.setAccountID(KeyPair.fromAccountId(account.id()).getXdrAccountId());
    entry.setBalance(new Int64(account.xlm()));
    entry.setSeqNum(new SequenceNumber(new Int64(account.sequence())));
    entry.setNumSubEntries(new Uint32(new XdrUnsignedInteger((long) account.subentries())));
    entry.setFlags(new Uint32(new XdrUnsignedInteger(0L)));
    entry.setHomeDomain(new String32(new XdrString("")));
    entry.setThresholds(new Thresholds(new byte[] {1, 0, 0, 0}));
    entry.setSigners(new Signer[0]);
    AccountEntry.AccountEntryExt ext = new AccountEntry.AccountEntryExt();
    ext.setDiscriminant(0);
    entry.setExt(ext);
    LedgerEntry.LedgerEntryData data = new LedgerEntry.LedgerEntryData();
    data.setDiscriminant(LedgerEntryType.ACCOUNT);
    data.setAccount(entry);
    return base64(data::toXdrBase64);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Something that encodes itself as base64 XDR (every SDK XDR type's {@code toXdrBase64}). */
  interface Encoder {
    String encode() throws IOException;
  }

  static String base64(Encoder element) {
    try {
      return element.encode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package com.offerhub.orchestrator.stellar;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stellar.sdk.xdr.OperationResult;
import org.stellar.sdk.xdr.OperationType;
import org.stellar.sdk.xdr.TransactionResult;
import org.stellar.sdk.xdr.TransactionResultCode;

/**
 * Turns result codes into the text the engine stores and matches ({@code tx_bad_seq},
 * {@code tx_fee_bump_inner_failed: tx_failed [op_underfunded]}), the way Horizon spells them.
 */
final class ResultCodes {
  private ResultCodes() {
  }

  /** Horizon's {@code result_codes} of a 400 answer. */
  static String describe(String transaction, String inner, List<String> operations) {
    StringBuilder text = new StringBuilder(transaction == null ? "transaction_failed" : transaction);
    if (inner != null && !inner.isBlank()) {
      text.append(": ").append(inner);
    }
    if (operations != null && !operations.isEmpty()) {
      text.append(' ').append(operations);
    }
    return text.toString();
  }

  /** A base64 {@code TransactionResult}, or null when it cannot be read. */
  static String fromResultXdr(String resultXdr) {
    if (resultXdr == null || resultXdr.isBlank()) {
      return null;
    }
    try {
      return describe(TransactionResult.fromXdrBase64(resultXdr));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String describe(TransactionResult result) {
    TransactionResult.TransactionResultResult body = result.getResult();
    TransactionResultCode code = body.getDiscriminant();
    if (code == TransactionResultCode.txFEE_BUMP_INNER_FAILED || code == TransactionResultCode.txFEE_BUMP_INNER_SUCCESS) {
      var inner = body.getInnerResultPair().getResult().getResult();
      return describe(name(code), name(inner.getDiscriminant()), operations(inner.getResults()));
    }
    return describe(name(code), null, operations(body.getResults()));
  }

  /** {@code txBAD_SEQ} becomes {@code tx_bad_seq}. */
  static String name(TransactionResultCode code) {
    return "tx_" + code.name().substring(2).toLowerCase(Locale.ROOT);
  }

  private static List<String> operations(OperationResult[] results) {
    List<String> codes = new ArrayList<>();
    if (results == null) {
      return codes;
    }
    for (OperationResult result : results) {
      codes.add(operation(result));
    }
    return codes;
  }

  private static String operation(OperationResult result) {
    String outer = result.getDiscriminant().name();
    if (!outer.equals("opINNER")) {
      return "op_" + outer.substring(2).toLowerCase(Locale.ROOT);
    }
    OperationResult.OperationResultTr tr = result.getTr();
    OperationType type = tr.getDiscriminant();
    String inner = switch (type) {
      case CREATE_ACCOUNT -> tr.getCreateAccountResult().getDiscriminant().name();
      case PAYMENT -> tr.getPaymentResult().getDiscriminant().name();
      case PATH_PAYMENT_STRICT_RECEIVE -> tr.getPathPaymentStrictReceiveResult().getDiscriminant().name();
      case PATH_PAYMENT_STRICT_SEND -> tr.getPathPaymentStrictSendResult().getDiscriminant().name();
      case CHANGE_TRUST -> tr.getChangeTrustResult().getDiscriminant().name();
      case BEGIN_SPONSORING_FUTURE_RESERVES -> tr.getBeginSponsoringFutureReservesResult().getDiscriminant().name();
      case END_SPONSORING_FUTURE_RESERVES -> tr.getEndSponsoringFutureReservesResult().getDiscriminant().name();
      case INVOKE_HOST_FUNCTION -> tr.getInvokeHostFunctionResult().getDiscriminant().name();
      default -> null;
    };
    if (inner == null) {
      return "op_" + type.name().toLowerCase(Locale.ROOT);
    }
    String prefix = type.name() + "_";
    String rest = inner.startsWith(prefix) ? inner.substring(prefix.length()) : inner;
    return "op_" + rest.toLowerCase(Locale.ROOT);
  }
}

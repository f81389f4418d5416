package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What applying (or refusing) a transaction produced, in Horizon's result-code vocabulary:
 * {@code code} is the (inner) transaction's code ({@code tx_success}, {@code tx_failed},
 * {@code tx_bad_seq}, …), {@code opCodes} one code per operation when the transaction was applied
 * or refused for an operation ({@code op_success}, {@code op_no_trust}, {@code op_trapped}, …).
 * A contract that refused a call sets {@code contractError} (its numeric code) and {@code message}
 * (its text). {@code returnValue} is a successful invocation's return value (a deploy's contract
 * address).
 */
public record TxResult(String code, List<String> opCodes, long feeCharged, ScVal returnValue, Integer contractError,
    String message) implements Serializable {
  public TxResult {
    Objects.requireNonNull(code, "code");
    opCodes = List.copyOf(opCodes);
  }

  public boolean success() {
    return code.equals(Codes.TX_SUCCESS);
  }

  /** A refusal before application: nothing charged, no operation ran. */
  public static TxResult refused(String code) {
    return new TxResult(code, List.of(), 0, null, null, null);
  }

  /** A short description: the code, the operation codes and the contract's message. */
  public String describe() {
    StringBuilder out = new StringBuilder(code);
    for (String op : opCodes) {
      if (!op.equals(Codes.OP_SUCCESS)) {
        out.append(": ").append(op);
      }
    }
    if (contractError != null) {
      out.append(": Error(Contract, #").append(contractError).append(')');
    }
    if (message != null) {
      out.append(' ').append(message);
    }
    return out.toString();
  }

  /** Result codes as Horizon spells them. */
  public static final class Codes {
    public static final String TX_SUCCESS = "tx_success";
    public static final String TX_FAILED = "tx_failed";
    public static final String TX_BAD_SEQ = "tx_bad_seq";
    public static final String TX_BAD_AUTH = "tx_bad_auth";
    public static final String TX_BAD_AUTH_EXTRA = "tx_bad_auth_extra";
    public static final String TX_TOO_LATE = "tx_too_late";
    public static final String TX_TOO_EARLY = "tx_too_early";
    public static final String TX_MISSING_OPERATION = "tx_missing_operation";
    public static final String TX_INSUFFICIENT_BALANCE = "tx_insufficient_balance";
    public static final String TX_INSUFFICIENT_FEE = "tx_insufficient_fee";
    public static final String TX_NO_SOURCE_ACCOUNT = "tx_no_source_account";
    public static final String TX_BAD_SPONSORSHIP = "tx_bad_sponsorship";
    public static final String TX_MALFORMED = "tx_malformed";
    public static final String TX_SOROBAN_INVALID = "tx_soroban_invalid";
    public static final String OP_SUCCESS = "op_success";
    public static final String OP_MALFORMED = "op_malformed";
    public static final String OP_UNDERFUNDED = "op_underfunded";
    public static final String OP_LOW_RESERVE = "op_low_reserve";
    public static final String OP_ALREADY_EXISTS = "op_already_exists";
    public static final String OP_NO_DESTINATION = "op_no_destination";
    public static final String OP_NO_TRUST = "op_no_trust";
    public static final String OP_SRC_NO_TRUST = "op_src_no_trust";
    public static final String OP_LINE_FULL = "op_line_full";
    public static final String OP_NO_ISSUER = "op_no_issuer";
    public static final String OP_INVALID_LIMIT = "op_invalid_limit";
    public static final String OP_SELF_NOT_ALLOWED = "op_self_not_allowed";
    public static final String OP_BAD_AUTH = "op_bad_auth";
    public static final String OP_NO_ACCOUNT = "op_no_source_account";
    public static final String OP_ALREADY_SPONSORED = "op_already_sponsored";
    public static final String OP_RECURSIVE = "op_recursive";
    public static final String OP_NOT_SPONSORED = "op_not_sponsored";
    public static final String OP_TRAPPED = "op_trapped";
    public static final String OP_NOT_SUPPORTED = "op_not_supported";
    public static final String OP_TOO_FEW_OFFERS = "op_too_few_offers";
    public static final String OP_UNDER_DEST_MIN = "op_under_dest_min";
    public static final String OP_OVER_SOURCE_MAX = "op_over_source_max";

    private Codes() {}
  }
}

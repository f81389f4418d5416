package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refusal of the simulated AirTM, answered as AirTM's error body {@code {"code", "message",
 * "data"?}} (spec/06 §2) with an HTTP status the simulator chose (see {@link AirtmFront}).
 */
public final class AirtmRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** 415901: the body is not a valid request (missing or extra fields, wrong types, amounts). */
  public static final String INVALID_FORMAT = "415901";
  /** 415902: no such route or item. */
  public static final String NOT_FOUND = "415902";
  /** 415903: the operation cannot be processed in the current state. */
  public static final String CANNOT_PROCESS = "415903";
  /** 415904: missing or wrong credentials. */
  public static final String UNAUTHORIZED = "415904";
  /** 415005: no payout with that id or code. */
  public static final String PAYOUT_NOT_FOUND = "415005";
  /** 415009: the recipient's account is not active. */
  public static final String RECIPIENT_INACTIVE = "415009";
  /** 415016: the enterprise's available balance does not cover the payout. */
  public static final String INSUFFICIENT_BALANCE = "415016";
  /** 415027: the payout was already committed or reached a final status. */
  public static final String PAYOUT_PROCESSED = "415027";
  /** 415029: a pay-in with that code exists. */
  public static final String PAYIN_CODE_EXISTS = "415029";
  /** 415030: the pay-in cannot be confirmed or canceled any more. */
  public static final String PAYIN_NOT_PENDING = "415030";
  /** 415031: no pay-in with that id or code. */
  public static final String PAYIN_NOT_FOUND = "415031";
  /** 415032: the pay-in is already confirmed. */
  public static final String PAYIN_COMPLETED = "415032";
  /** 415035: below the minimum payout (1.00 for US and Puerto Rico recipients). */
  public static final String PAYOUT_BELOW_MINIMUM = "415035";
  /** 415053: users in the US cannot pay in. */
  public static final String US_PAYIN = "415053";
  /** 415055: only created or pending payouts can be canceled. */
  public static final String PAYOUT_NOT_CANCELABLE = "415055";
  /** 415056: a payout with that code exists. */
  public static final String PAYOUT_CODE_EXISTS = "415056";
  /** 415059: no AirTM user with that e-mail. */
  public static final String RECIPIENT_NOT_FOUND = "415059";
  /** 415998: an unexpected error (what the fault knobs answer). */
  public static final String UNEXPECTED = "415998";

  private final int status;
  private final String code;
  private final transient ObjectNode data;

  AirtmRefusal(int status, String code, String message) {
    this(status, code, message, null);
  }

  AirtmRefusal(int status, String code, String message, ObjectNode data) {
    super(message);
    this.status = status;
    this.code = code;
    this.data = data;
  }

  /** A 400 {@value #INVALID_FORMAT} naming the offending field. */
  static AirtmRefusal invalid(String field, String message) {
    ObjectNode data = Http.object();
    data.put("field", field);
    return new AirtmRefusal(400, INVALID_FORMAT, message, data);
  }

  /** The HTTP status it is answered with. */
  public int status() {
    return status;
  }

  /** AirTM's reason code, e.g. {@code "415056"}. */
  public String code() {
    return code;
  }

  /** The error body. */
  ObjectNode body() {
    ObjectNode node = Http.object();
    node.put("code", code);
    node.put("message", getMessage());
    if (data != null) {
      node.set("data", data.deepCopy());
    }
    return node;
  }
}

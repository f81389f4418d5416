package com.offerhub.orchestrator;

/**
 * Stable error codes of the engine (spec/02 §11). The {@link #httpStatus()} is the status the REST
 * server answers with; the engine itself never speaks HTTP. Codes are never renamed or reused.
 */
public enum ErrorCode {
  VALIDATION_ERROR(400),
  INVALID_AMOUNT_FORMAT(400),
  INVALID_REQUEST(400),
  INVALID_AMOUNT(400),
  UNAUTHORIZED(401),
  INSUFFICIENT_SCOPE(403),
  NOT_FOUND(404),
  USER_NOT_FOUND(404),
  ORDER_NOT_FOUND(404),
  DISPUTE_NOT_FOUND(404),
  WITHDRAWAL_NOT_FOUND(404),
  TOPUP_NOT_FOUND(404),
  MILESTONE_NOT_FOUND(404),
  ESCROW_NOT_FOUND(404),
  /** No saga with that id. */
  SAGA_NOT_FOUND(404),
  INVALID_STATE(409),
  ORDER_ALREADY_EXISTS(409),
  ESCROW_ALREADY_EXISTS(409),
  ESCROW_NOT_READY(409),
  DISPUTE_ALREADY_OPEN(409),
  WITHDRAWAL_NOT_COMMITTABLE(409),
  IDEMPOTENCY_KEY_REUSED(409),
  IDEMPOTENCY_KEY_IN_PROGRESS(409),
  BALANCE_CONCURRENCY_CONFLICT(409),
  BALANCE_DISCREPANCY(409),
  /** The saga has ended (COMPLETED or FAILED): it is never run again. */
  SAGA_NOT_PENDING(409),
  INSUFFICIENT_FUNDS(422),
  RESERVE_NOT_FOUND(422),
  WITHDRAWAL_DESTINATION_INVALID(422),
  AIRTM_USER_NOT_LINKED(422),
  /** The AirTM account cannot be linked or paid; {@code details.failureReason} says why. */
  AIRTM_USER_INVALID(422),
  PROVIDER_NOT_CONFIGURED(422),
  ESCROW_FUNDING_FAILED(400),
  RATE_LIMITED(429),
  INTERNAL_ERROR(500),
  PROVIDER_ERROR(502),
  STELLAR_NETWORK_ERROR(502),
  PROVIDER_UNAVAILABLE(503),
  PROVIDER_TIMEOUT(504);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the REST layer maps this code to. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Whether a caller may retry the same request unchanged and expect a different outcome. */
  public boolean isRetryable() {
    return this == PROVIDER_UNAVAILABLE || this == PROVIDER_TIMEOUT || this == STELLAR_NETWORK_ERROR
        || this == BALANCE_CONCURRENCY_CONFLICT || this == IDEMPOTENCY_KEY_IN_PROGRESS || this == RATE_LIMITED;
  }
}

package com.offerhub.orchestrator.stellar.trustless;

import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import java.time.Duration;
import java.util.Optional;

/**
 * A Trustless Work call that did not give a usable answer, classified by what the caller may do
 * next ({@link #kind()}). {@link #status()} is the HTTP status when one was received, else 0.
 * Messages carry the service's own text, never the API key or a wallet secret.
 */
public final class TrustlessWorkException extends EscrowGatewayException {
  private static final long serialVersionUID = 1L;

  /** What a failed call means for the caller. */
  public enum Kind {
    /**
     * The service refused the request (a contract rule, bad input, 401 for a bad key, 404): asking
     * again unchanged gets the same answer.
     */
    REFUSED,
    /** 429 and the rate-limit budget is spent; {@link #retryAfter()} says when to try again. */
    RATE_LIMITED,
    /** Nothing was applied (the service was unreachable, answered 5xx to a call that only builds or reads): ask again later. */
    RETRYABLE,
    /**
     * A request that applies something was sent and no clear answer came back (timeout, 5xx, lost
     * response): it may have been applied; settle by lookup, never by blind repetition.
     */
    UNKNOWN
  }

  private final Kind kind;
  private final transient Duration retryAfter;

  TrustlessWorkException(Kind kind, int status, String message) {
    this(kind, status, message, null, null);
  }

  TrustlessWorkException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
    // A refused API key is the operator's to fix, not the request's fault: work waits for the fix
    // (retried) instead of every saga in flight failing for good. A 404 may be the indexer not yet
    // knowing a contract deployed a moment ago.
    super(status, message, kind == Kind.REFUSED && status != 401 && status != 403 && status != 404);
    this.kind = kind;
    this.retryAfter = retryAfter;
    if (cause != null) {
      initCause(cause);
    }
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#RATE_LIMITED}: how long the service asked to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

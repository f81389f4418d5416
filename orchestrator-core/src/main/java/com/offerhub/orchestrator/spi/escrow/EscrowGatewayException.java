package com.offerhub.orchestrator.spi.escrow;

/**
 * Could not reach the escrow service, or it answered with an error (status when known).
 *
 * <p>{@link #refused()} separates a definitive answer (the service, or the gateway's own check of
 * what the service returned, refuses this request as it stands: asking again unchanged gets the same
 * answer) from everything else (unreachable, 5xx, 429, timeouts), which the engine retries.
 */
public class EscrowGatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean refused;

  /**
   * An answer with {@code status}; refused when it is a 4xx other than 404 (an indexer may not yet
   * know a contract deployed a moment ago), 408, 425 and 429.
   */
  public EscrowGatewayException(int status, String message) {
    this(status, message, status >= 400 && status < 500 && status != 404 && status != 408 && status != 425
        && status != 429);
  }

  /** An answer with {@code status} (0 if none), refused or not as the gateway classified it. */
  public EscrowGatewayException(int status, String message, boolean refused) {
    super(message);
    this.status = status;
    this.refused = refused;
  }

  /** No usable answer (the cause says why): never refused. */
  public EscrowGatewayException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.refused = false;
  }

  /** The HTTP status the service answered with, 0 if none. */
  public int status() {
    return status;
  }

  /** Whether the request is refused as it stands: repeating it unchanged cannot succeed. */
  public boolean refused() {
    return refused;
  }
}

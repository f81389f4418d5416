package com.offerhub.orchestrator.spi.escrow;

/** Could not reach the escrow service, or it answered with an error (status when known). */
public class EscrowGatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public EscrowGatewayException(int status, String message) {
    super(message);
    this.status = status;
  }

  public EscrowGatewayException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status the service answered with, 0 if none. */
  public int status() {
    return status;
  }

  /**
   * Whether the service refused the request itself (a contract rule, bad input): asking again
   * unchanged gets the same answer, so the engine fails the step rather than retrying it. By
   * default a 4xx other than 404 (an indexer may not know a contract deployed a moment ago), 408
   * and 429; an unreachable service, a timeout or a 5xx is not. Gateways that classify their
   * errors more precisely override this.
   */
  public boolean refused() {
    return status >= 400 && status < 500 && status != 404 && status != 408 && status != 429;
  }
}

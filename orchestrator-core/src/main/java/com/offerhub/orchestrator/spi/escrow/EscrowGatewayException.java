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
}

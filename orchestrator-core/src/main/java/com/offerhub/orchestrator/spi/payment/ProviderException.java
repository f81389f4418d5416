package com.offerhub.orchestrator.spi.payment;

/** Could not reach the payment provider, or its answer says nothing about the outcome. */
public class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}

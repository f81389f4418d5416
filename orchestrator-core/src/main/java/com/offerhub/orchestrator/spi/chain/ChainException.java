package com.offerhub.orchestrator.spi.chain;

/**
 * Could not talk to the network, or it answered in a way that says nothing about the outcome
 * (timeout, 5xx). The operation may or may not have happened; callers resolve by hash.
 */
public class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}

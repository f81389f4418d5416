package com.offerhub.orchestrator.spi.storage;

/**
 * A storage failure. {@link #isTransient()} is true when the same transaction may succeed if run
 * again (deadlock, serialization failure, a unique-key race, lock timeout); the engine then reruns the
 * whole unit of work.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean transientFailure;

  public StorageException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public StorageException(String message, boolean transientFailure) {
    this(message, transientFailure, null);
  }

  public boolean isTransient() {
    return transientFailure;
  }
}

package com.offerhub.orchestrator.spi.storage;

/**
 * An insert collided with a committed row on a unique key. Transient: the engine reruns the unit
 * of work, whose lookups then find the existing row. The transaction that raised it is rolled back.
 */
public class DuplicateKeyException extends StorageException {
  private static final long serialVersionUID = 1L;

  public DuplicateKeyException(String message) {
    super(message, true);
  }
}

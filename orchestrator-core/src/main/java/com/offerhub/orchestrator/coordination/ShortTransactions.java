package com.offerhub.orchestrator.coordination;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.StorageException;
import com.offerhub.orchestrator.spi.storage.UnitOfWork;

/** Runs one short coordination transaction, rerunning it a few times on a transient failure. */
final class ShortTransactions {
  private static final int MAX_ATTEMPTS = 5;

  private ShortTransactions() {}

  static <T> T write(Storage storage, UnitOfWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return storage.inTransaction(work);
      } catch (StorageException e) {
        if (!e.isTransient() || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(attempt * 2L);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Names stored in a row (lease names, owners, limiter keys): present and at most 128 characters. */
  static String name(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    if (value.length() > 128) {
      throw new IllegalArgumentException(what + " must be at most 128 characters, was " + value.length());
    }
    return value;
  }

  static java.time.Duration positive(String what, java.time.Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return value;
  }
}

package com.offerhub.orchestrator.spi.storage;

/** Work done inside one storage transaction. */
@FunctionalInterface
public interface UnitOfWork<T> {
  T run(StorageSession session);
}

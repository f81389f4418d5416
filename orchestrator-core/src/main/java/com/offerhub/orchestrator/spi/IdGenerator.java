package com.offerhub.orchestrator.spi;

/** Generates entity ids such as {@code usr_...}. Thread-safe; ids are never reused. */
@FunctionalInterface
public interface IdGenerator {
  /** A new id: {@code prefix} followed by a random suffix. */
  String next(String prefix);
}

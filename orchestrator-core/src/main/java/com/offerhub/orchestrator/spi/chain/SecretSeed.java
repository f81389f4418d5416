package com.offerhub.orchestrator.spi.chain;

import java.util.Arrays;

/**
 * A secret seed held in a char array so it can be wiped after signing. {@link #toString()} never
 * reveals it.
 */
public final class SecretSeed implements AutoCloseable {
  private final char[] value;

  public SecretSeed(char[] value) {
    this.value = value.clone();
  }

  public static SecretSeed of(String value) {
    return new SecretSeed(value.toCharArray());
  }

  /** A copy of the secret; callers wipe it when done. */
  public char[] reveal() {
    return value.clone();
  }

  /** Overwrites the secret in memory. */
  @Override
  public void close() {
    Arrays.fill(value, '\0');
  }

  @Override
  public String toString() {
    return "SecretSeed[***]";
  }
}

package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.spi.IdGenerator;
import java.security.SecureRandom;

/** Ids of 32 characters from {@code [0-9A-Za-z]} after the prefix (spec/01 §1.1). Thread-safe. */
public final class RandomIdGenerator implements IdGenerator {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private final SecureRandom random = new SecureRandom();

  @Override
  public String next(String prefix) {
    char[] out = new char[32];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return prefix + new String(out);
  }
}

package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.spi.IdGenerator;
import java.security.SecureRandom;

/**
 * Ids of 32 characters from {@code [0-9A-Za-z]} after the prefix (spec/01 §1.1), drawn without bias
 * (6-bit samples above 61 are rejected). One SecureRandom per thread and one bulk read per id keep
 * id generation off every command's critical section. Thread-safe.
 */
public final class RandomIdGenerator implements IdGenerator {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

  @Override
  public String next(String prefix) {
    SecureRandom random = RANDOM.get();
    char[] out = new char[32];
    byte[] bytes = new byte[48];
    int filled = 0;
    while (filled < out.length) {
      random.nextBytes(bytes);
      for (int i = 0; i < bytes.length && filled < out.length; i++) {
        int sample = bytes[i] & 0x3f;
        if (sample < ALPHABET.length) {
          out[filled++] = ALPHABET[sample];
        }
      }
    }
    return prefix + new String(out);
  }
}

package com.offerhub.orchestrator;

import java.util.Map;
import java.util.TreeMap;

/**
 * How far the re-encryption of wallet secrets has come: how many wallets hold a secret of each key
 * version ({@code "unrecorded"} for rows stored without one). A version other than the current one
 * may be dropped from the configuration once no wallet uses it.
 */
public record KeyRotationProgress(String currentKeyVersion, Map<String, Long> walletsByKeyVersion) {
  public KeyRotationProgress {
    java.util.Objects.requireNonNull(currentKeyVersion, "currentKeyVersion");
    walletsByKeyVersion = Map.copyOf(walletsByKeyVersion);
  }

  /** Wallets whose secret is not (known to be) sealed with the current version. */
  public long remaining() {
    return walletsByKeyVersion.entrySet().stream().filter(e -> !e.getKey().equals(currentKeyVersion))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Whether every wallet's secret is sealed with the current version. */
  public boolean complete() {
    return remaining() == 0;
  }

  /** Whether some wallet still needs {@code keyVersion} to be opened. */
  public boolean inUse(String keyVersion) {
    return walletsByKeyVersion.getOrDefault(keyVersion, 0L) > 0;
  }

  @Override
  public String toString() {
    return "KeyRotationProgress[current=" + currentKeyVersion + ", wallets=" + new TreeMap<>(walletsByKeyVersion)
        + "]";
  }
}

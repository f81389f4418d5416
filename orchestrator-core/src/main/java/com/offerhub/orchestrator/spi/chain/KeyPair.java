package com.offerhub.orchestrator.spi.chain;

/** A Stellar key pair: the {@code G...} account id and the {@code S...} secret seed. */
public record KeyPair(String publicKey, SecretSeed secret) {
  public KeyPair {
    java.util.Objects.requireNonNull(publicKey, "publicKey");
    java.util.Objects.requireNonNull(secret, "secret");
  }
}

package com.offerhub.orchestrator.server;

import org.stellar.sdk.KeyPair;
import org.stellar.sdk.StrKey;

/** Checks of Stellar key strings (version byte and checksum), without echoing them. */
final class Keys {
  private Keys() {}

  static boolean isAccountId(String value) {
    try {
      StrKey.decodeEd25519PublicKey(value);
      return value.startsWith("G");
    } catch (RuntimeException e) {
      return false;
    }
  }

  static boolean isContractId(String value) {
    try {
      StrKey.decodeContract(value);
      return value.startsWith("C");
    } catch (RuntimeException e) {
      return false;
    }
  }

  static boolean isSecretSeed(String value) {
    try {
      KeyPair.fromSecretSeed(value);
      return value.startsWith("S");
    } catch (RuntimeException e) {
      return false;
    }
  }
}

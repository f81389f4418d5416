package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;

/** An asset: native XLM ({@code code} null) or a credit asset (code and issuer account). */
public record Asset(String code, String issuer) implements Serializable {
  public static final Asset NATIVE = new Asset(null, null);

  public Asset {
    if ((code == null) != (issuer == null)) {
      throw new IllegalArgumentException("a credit asset needs both code and issuer");
    }
  }

  public static Asset credit(String code, String issuer) {
    return new Asset(java.util.Objects.requireNonNull(code, "code"), java.util.Objects.requireNonNull(issuer, "issuer"));
  }

  public boolean isNative() {
    return code == null;
  }
}

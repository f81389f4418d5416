package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.Objects;

/**
 * A transaction memo. {@code value} is the text for {@link Kind#TEXT}, the decimal number for
 * {@link Kind#ID}, lowercase hex for {@link Kind#HASH} and {@link Kind#RETURN}, empty for none.
 */
public record Memo(Kind kind, String value) implements Serializable {
  public static final Memo NONE = new Memo(Kind.NONE, "");

  /** Memo kinds of Stellar. */
  public enum Kind { NONE, TEXT, ID, HASH, RETURN }

  public Memo {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  public static Memo text(String text) {
    return new Memo(Kind.TEXT, text);
  }

  public static Memo hash(byte[] hash) {
    return new Memo(Kind.HASH, java.util.HexFormat.of().formatHex(hash));
  }
}

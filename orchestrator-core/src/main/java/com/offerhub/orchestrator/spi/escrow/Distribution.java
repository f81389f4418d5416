package com.offerhub.orchestrator.spi.escrow;

import com.offerhub.orchestrator.model.Money;

/** One payee of a dispute resolution: gross {@code amount} to {@code address} before fees. */
public record Distribution(String address, Money amount) {
  public Distribution {
    java.util.Objects.requireNonNull(address, "address");
    java.util.Objects.requireNonNull(amount, "amount");
  }
}

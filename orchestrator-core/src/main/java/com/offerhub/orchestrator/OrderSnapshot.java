package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.Order;
import java.io.Serializable;
import java.util.Optional;

/** An order with its escrow and dispute, as one consistent read (spec/02 §10.6). */
public record OrderSnapshot(Order order, Escrow escrow, Dispute dispute) implements Serializable {
  public Optional<Escrow> findEscrow() {
    return Optional.ofNullable(escrow);
  }

  public Optional<Dispute> findDispute() {
    return Optional.ofNullable(dispute);
  }
}

package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Escrow;
import java.util.Optional;

/** Escrows; one per order ({@code orderId} unique), {@code contractId} unique when present. */
public interface EscrowRepository {
  void insert(Escrow escrow);

  Optional<Escrow> find(String id);

  Optional<Escrow> findByOrder(String orderId);

  void update(Escrow escrow);

  /** Removes an escrow whose contract was never deployed. */
  void delete(String id);
}

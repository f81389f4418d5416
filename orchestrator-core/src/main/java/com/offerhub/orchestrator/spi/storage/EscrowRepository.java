package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Escrow;
import java.util.Optional;

/** Escrows; one per order ({@code orderId} unique), {@code contractId} unique when present. */
public interface EscrowRepository {
  void insert(Escrow escrow);

  Optional<Escrow> find(String id);

  Optional<Escrow> findByOrder(String orderId);

  /** The escrow whose deployed contract has this id (contract ids are unique). */
  Optional<Escrow> findByContract(String contractId);

  void update(Escrow escrow);

  /** Removes an escrow whose contract was never deployed. */
  void delete(String id);
}

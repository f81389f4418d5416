package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Deposit;
import java.util.Optional;

/** Credited on-chain deposits, unique per (transaction hash, operation index). */
public interface DepositRepository {
  /**
   * Records the deposit unless one with the same hash and operation index exists (committed, or
   * committed by a concurrent transaction this call waited for). Never throws for a duplicate.
   *
   * @return true when this call inserted it, so the caller credits it
   */
  boolean insertIfAbsent(Deposit deposit);

  Optional<Deposit> find(String transactionHash, int operationIndex);
}

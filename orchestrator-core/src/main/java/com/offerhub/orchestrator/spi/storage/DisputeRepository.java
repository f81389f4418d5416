package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Dispute;
import java.util.Optional;

/** Disputes; one per order ({@code orderId} unique). */
public interface DisputeRepository {
  void insert(Dispute dispute);

  Optional<Dispute> find(String id);

  Optional<Dispute> findByOrder(String orderId);

  Optional<Dispute> lock(String id);

  void update(Dispute dispute);

  /** Disputes newest first (createdAt, then id, descending). */
  java.util.List<Dispute> list(int offset, int limit);

  /** Disputes newest first, after {@code after} (null: from the newest), at most {@code limit}. */
  java.util.List<Dispute> listAfter(Keyset after, int limit);
}

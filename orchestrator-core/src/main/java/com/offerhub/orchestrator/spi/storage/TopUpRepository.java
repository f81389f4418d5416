package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.TopUp;
import java.util.List;
import java.util.Optional;

/** Fiat top-ups. */
public interface TopUpRepository {
  void insert(TopUp topUp);

  Optional<TopUp> find(String id);

  Optional<TopUp> findByProviderRef(String providerRef);

  Optional<TopUp> lock(String id);

  void update(TopUp topUp);

  /** A user's top-ups, newest first. */
  /** Newest first; {@code userId} null means every user's. */
  List<TopUp> listByUser(String userId, int offset, int limit);

  /** As {@link #listByUser}, after {@code after} (null: from the newest) instead of an offset. */
  List<TopUp> listByUserAfter(String userId, Keyset after, int limit);
}

package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Orders with their milestones; {@code clientOrderRef} is unique when present. */
public interface OrderRepository {
  /** @throws DuplicateKeyException on a used id or clientOrderRef */
  void insert(Order order);

  Optional<Order> find(String id);

  Optional<Order> findByClientRef(String clientOrderRef);

  /** Row-locks the order until the transaction ends. */
  Optional<Order> lock(String id);

  /** Replaces status, milestones and updatedAt. */
  void update(Order order);

  /**
   * Orders newest first; {@code userId} matches buyer or seller when not null, {@code statuses}
   * filters when not empty.
   */
  List<Order> list(String userId, Set<OrderStatus> statuses, int offset, int limit);

  /** As {@link #list}, after {@code after} (null: from the newest) instead of an offset. */
  List<Order> listAfter(String userId, Set<OrderStatus> statuses, Keyset after, int limit);
}

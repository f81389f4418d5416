package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.OrderRepository;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The orders of one {@link MemoryTransaction}, unique by client order reference. */
final class MemoryOrders implements OrderRepository {
  private final TableView<Order> rows;

  MemoryOrders(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.orders);
  }

  @Override
  public void insert(Order order) {
    rows.insert(order);
  }

  @Override
  public Optional<Order> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<Order> findByClientRef(String clientOrderRef) {
    return rows.findUnique("clientRef", clientOrderRef);
  }

  @Override
  public Optional<Order> lock(String id) {
    return rows.lock(id);
  }

  @Override
  public void update(Order order) {
    rows.update(order);
  }

  @Override
  public List<Order> list(String userId, Set<OrderStatus> statuses, int offset, int limit) {
    return Pages.pageNewestFirst(rows.scan().filter(matching(userId, statuses)), Order::createdAt, Order::id, offset,
        limit);
  }

  @Override
  public List<Order> listAfter(String userId, Set<OrderStatus> statuses, Keyset after, int limit) {
    return Pages.pageAfter(rows.scan().filter(matching(userId, statuses)), Order::createdAt, Order::id, after, limit);
  }

  /** Orders where the user (any for null) is buyer or seller, in one of the statuses (any when empty). */
  private static Predicate<Order> matching(String userId, Set<OrderStatus> statuses) {
    return o -> (userId == null || o.buyerId().equals(userId) || o.sellerId().equals(userId))
        && (statuses.isEmpty() || statuses.contains(o.status()));
  }
}

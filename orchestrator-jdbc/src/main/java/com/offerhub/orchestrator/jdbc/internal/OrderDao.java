package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;
import static com.offerhub.orchestrator.jdbc.internal.Sql.money;
import static com.offerhub.orchestrator.jdbc.internal.Sql.ts;

import com.offerhub.orchestrator.model.Milestone;
import com.offerhub.orchestrator.model.MilestoneStatus;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.OrderRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code oh_orders} table and its {@code oh_milestones}: an order is read and written with its
 * milestones, a page of orders with one read for the milestones of all of them. On every money
 * command's path, so a plain class on JDBC rather than a SQL Object (see {@link JdbcSession}).
 */
final class OrderDao implements OrderRepository {
  private static final RowMapper<Order> ORDER = (rs, ctx) -> new Order(rs.getString("id"),
      rs.getString("client_order_ref"), rs.getString("buyer_id"), rs.getString("seller_id"), money(rs, "amount"),
      rs.getString("currency"), OrderStatus.valueOf(rs.getString("status")), rs.getString("title"),
      rs.getString("description"), rs.getString("metadata"), List.of(), instant(rs, "created_at"),
      instant(rs, "updated_at"));
  private static final RowMapper<Milestone> MILESTONE = (rs, ctx) -> milestone(rs);

  private final Supplier<Handle> reads;
  private final Supplier<Handle> writes;
  private final boolean postgres;

  /** {@code writes}: the handle for writes and row locks, which a read-only session refuses. */
  OrderDao(Supplier<Handle> reads, Supplier<Handle> writes, boolean postgres) {
    this.reads = reads;
    this.writes = writes;
    this.postgres = postgres;
  }

  private static Milestone milestone(ResultSet rs) throws SQLException {
    return new Milestone(rs.getString("ref"), rs.getString("title"), money(rs, "amount"),
        MilestoneStatus.valueOf(rs.getString("status")), instant(rs, "completed_at"));
  }

  @Override
  public void insert(Order o) {
    Handle handle = writes.get();
    Sql.update(handle, "INSERT INTO oh_orders (id, client_order_ref, buyer_id, seller_id, amount, currency, status, "
        + "title, description, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", o.id(),
        o.clientOrderRef(), o.buyerId(), o.sellerId(), o.amount().stroops(), o.currency(), o.status().name(),
        o.title(), o.description(), o.metadata(), ts(o.createdAt()), ts(o.updatedAt()));
    if (!o.milestones().isEmpty()) {
      List<Object[]> rows = new ArrayList<>();
      for (Milestone m : o.milestones()) {
        rows.add(new Object[] {o.id(), rows.size(), m.ref(), m.title(), m.amount().stroops(), m.status().name(),
            ts(m.completedAt())});
      }
      Sql.batch(handle, "INSERT INTO oh_milestones (order_id, position, ref, title, amount, status, completed_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
    }
  }

  @Override
  public Optional<Order> find(String id) {
    return withMilestones(Sql.one(reads.get(), ORDER, "SELECT * FROM oh_orders WHERE id = ?", id));
  }

  @Override
  public Optional<Order> findByClientRef(String ref) {
    return withMilestones(Sql.query(reads.get(), "SELECT * FROM oh_orders WHERE client_order_ref = ?", ref)
        .map(ORDER).findOne());
  }

  @Override
  public Optional<Order> lock(String id) {
    if (postgres) {
      return lockWithMilestones(id);
    }
    return withMilestones(Sql.one(writes.get(), ORDER, "SELECT * FROM oh_orders WHERE id = ? FOR UPDATE", id));
  }

  /** PostgreSQL: the order's row lock and its milestones in one statement (only the order's row is locked). */
  private Optional<Order> lockWithMilestones(String id) {
    List<Map.Entry<Order, Optional<Milestone>>> rows = Sql.list(writes.get(), (rs, ctx) -> Map.entry(
        ORDER.map(rs, ctx), rs.getString("m_ref") == null ? Optional.<Milestone>empty()
            : Optional.of(new Milestone(rs.getString("m_ref"), rs.getString("m_title"), money(rs, "m_amount"),
                MilestoneStatus.valueOf(rs.getString("m_status")), instant(rs, "m_completed_at")))),
        "SELECT o.*, m.ref AS m_ref, m.title AS m_title, m.amount AS m_amount, m.status AS m_status, "
        + "m.completed_at AS m_completed_at FROM oh_orders o LEFT JOIN oh_milestones m ON m.order_id = o.id "
        + "WHERE o.id = ? ORDER BY m.position FOR UPDATE OF o", id);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Order order = rows.get(0).getKey();
    List<Milestone> milestones = rows.stream().flatMap(row -> row.getValue().stream()).toList();
    return Optional.of(order.withMilestones(milestones, order.updatedAt()));
  }

  @Override
  public void update(Order o) {
    Handle handle = writes.get();
    Sql.update(handle, "UPDATE oh_orders SET status = ?, updated_at = ? WHERE id = ?", o.status().name(),
        ts(o.updatedAt()), o.id());
    if (!o.milestones().isEmpty()) {
      List<Object[]> rows = new ArrayList<>();
      for (Milestone m : o.milestones()) {
        rows.add(new Object[] {m.status().name(), ts(m.completedAt()), o.id(), m.ref()});
      }
      Sql.batch(handle, "UPDATE oh_milestones SET status = ?, completed_at = ? WHERE order_id = ? AND ref = ?", rows);
    }
  }

  @Override
  public List<Order> list(String userId, Set<OrderStatus> statuses, int offset, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM oh_orders WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (userId != null) {
      sql.append(" AND (buyer_id = ? OR seller_id = ?)");
      args.add(userId);
      args.add(userId);
    }
    if (!statuses.isEmpty()) {
      sql.append(" AND status IN (").append(Sql.marks(statuses.size())).append(")");
      new TreeSet<>(statuses).forEach(s -> args.add(s.name()));
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
    args.add(limit);
    args.add(offset);
    return withMilestones(Sql.query(reads.get(), sql.toString(), args.toArray()).map(ORDER).list());
  }

  @Override
  public List<Order> listAfter(String userId, Set<OrderStatus> statuses, Keyset after, int limit) {
    String status = statuses.isEmpty() ? null : "status IN (" + Sql.marks(statuses.size()) + ")";
    List<Object> statusArgs = new ArrayList<>();
    new TreeSet<>(statuses).forEach(st -> statusArgs.add(st.name()));
    List<Order> rows;
    if (userId == null) {
      rows = Sql.newestFirst(reads.get(), "oh_orders", status, statusArgs, after, limit).map(ORDER).list();
    } else {
      // The user's orders as buyer and as seller, each page read from its own index, then merged: an
      // OR of the two would make the database sort all of the user's orders for every page.
      Map<String, Order> merged = new HashMap<>();
      for (String side : List.of("buyer_id = ?", "seller_id = ?")) {
        List<Object> args = new ArrayList<>(List.of(userId));
        args.addAll(statusArgs);
        Sql.newestFirst(reads.get(), "oh_orders", status == null ? side : side + " AND " + status, args, after, limit)
            .map(ORDER).list().forEach(o -> merged.put(o.id(), o));
      }
      rows = merged.values().stream().sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::id)
          .reversed()).limit(limit).toList();
    }
    return withMilestones(rows);
  }

  private Optional<Order> withMilestones(Optional<Order> order) {
    return order.map(o -> o.withMilestones(Sql.list(reads.get(), MILESTONE, "SELECT * FROM oh_milestones WHERE "
        + "order_id = ? ORDER BY position", o.id()), o.updatedAt()));
  }

  /** The orders with their milestones, read for the whole page in one query (not one per order). */
  private List<Order> withMilestones(List<Order> orders) {
    if (orders.isEmpty()) {
      return orders;
    }
    Map<String, List<Milestone>> byOrder = new HashMap<>();
    List<String> ids = orders.stream().map(Order::id).toList();
    Sql.query(reads.get(), "SELECT * FROM oh_milestones WHERE order_id IN (" + Sql.marks(ids.size())
        + ") ORDER BY order_id, position", ids.toArray()).map((rs, ctx) -> Map.entry(rs.getString("order_id"),
            milestone(rs))).list()
        .forEach(row -> byOrder.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue()));
    List<Order> out = new ArrayList<>();
    orders.forEach(o -> out.add(o.withMilestones(byOrder.getOrDefault(o.id(), List.of()), o.updatedAt())));
    return out;
  }
}

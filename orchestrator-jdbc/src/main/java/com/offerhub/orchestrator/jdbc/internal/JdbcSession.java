package com.offerhub.orchestrator.jdbc.internal;

import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Milestone;
import com.offerhub.orchestrator.model.MilestoneStatus;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.Posting;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserStatus;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.spi.storage.ApiKeyRepository;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import com.offerhub.orchestrator.spi.storage.AuditRepository;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import com.offerhub.orchestrator.spi.storage.CursorRepository;
import com.offerhub.orchestrator.spi.storage.DepositRepository;
import com.offerhub.orchestrator.spi.storage.DisputeRepository;
import com.offerhub.orchestrator.spi.storage.EscrowRepository;
import com.offerhub.orchestrator.spi.storage.IdempotencyRepository;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import com.offerhub.orchestrator.spi.storage.LedgerRepository;
import com.offerhub.orchestrator.spi.storage.OrderRepository;
import com.offerhub.orchestrator.spi.storage.OutboxRepository;
import com.offerhub.orchestrator.spi.storage.PermitRepository;
import com.offerhub.orchestrator.spi.storage.SagaRepository;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import com.offerhub.orchestrator.spi.storage.StorageSession;
import com.offerhub.orchestrator.spi.storage.TopUpRepository;
import com.offerhub.orchestrator.spi.storage.UserRepository;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import com.offerhub.orchestrator.spi.storage.WithdrawalRepository;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * One storage transaction on a Jdbi {@link Handle} (READ COMMITTED): row locks with
 * {@code FOR UPDATE}, conditional single-statement balance updates, unique inserts with
 * {@code ON CONFLICT DO NOTHING} where a duplicate is an answer rather than an error, and outbox
 * events buffered until {@link #flushOutbox()} assigns their sequences under the counter's row lock
 * just before commit. Single-threaded; unusable after its transaction.
 */
public final class JdbcSession implements StorageSession {
  private final Handle handle;
  private final boolean readOnly;
  private final boolean postgres;
  private final List<DomainEvent> pendingEvents = new ArrayList<>();
  private boolean open = true;
  private final Map<Class<?>, Object> daos = new HashMap<>();

  /** {@code postgres}: the database is PostgreSQL (else H2 in PostgreSQL mode), for the few statements that differ. */
  public JdbcSession(Handle handle, boolean readOnly, boolean postgres) {
    this.handle = handle;
    this.readOnly = readOnly;
    this.postgres = postgres;
    handle.addCustomizer(new Guard());
  }

  public void close() {
    open = false;
  }

  private Handle h() {
    if (!open) {
      throw new IllegalStateException("storage session used after its transaction ended");
    }
    return handle;
  }

  private Handle w() {
    if (readOnly) {
      throw new IllegalStateException("read-only session: writes are refused");
    }
    return h();
  }

  private Query query(String sql, Object... args) {
    Query q = h().createQuery(sql);
    for (int i = 0; i < args.length; i++) {
      q.bind(i, args[i]);
    }
    return q;
  }

  /** Writes go straight to JDBC: they are most of a command's statements and need no mapping. */
  private int exec(String sql, Object... args) {
    try (java.sql.PreparedStatement statement = w().getConnection().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Money money(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Money.ofStroops(value);
  }

  /** The session's SQL Object of {@code type}, attached to its handle on first use. */
  private <T> T dao(Class<T> type) {
    h();
    Object dao = daos.get(type);
    if (dao == null) {
      dao = handle.attach(type);
      daos.put(type, dao);
    }
    return type.cast(dao);
  }

  /**
   * Sees every statement made through Jdbi (all of the DAOs') before it is prepared: none runs after
   * the transaction, and in a read-only session none but a plain SELECT (no write, no row lock).
   */
  private final class Guard implements StatementCustomizer {
    @Override
    public void beforeTemplating(PreparedStatement statement, StatementContext ctx) {
      h();
      if (readOnly) {
        String sql = ctx.getRawSql().stripLeading().toUpperCase(Locale.ROOT);
        if (!sql.startsWith("SELECT") || sql.contains(" FOR UPDATE")) {
          w();
        }
      }
    }
  }

  /** Assigns sequences to this transaction's events in commit order and writes them; returns whether any. */
  public boolean flushOutbox() {
    if (pendingEvents.isEmpty()) {
      return false;
    }
    long last = query("SELECT last_sequence FROM oh_outbox_sequence WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
    for (DomainEvent event : pendingEvents) {
      last++;
      exec("INSERT INTO oh_outbox (sequence, event_id, event_type, occurred_at, aggregate_id, aggregate_type, "
          + "payload, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", last, event.eventId(), event.eventType(),
          ts(event.occurredAt()), event.aggregateId(), event.aggregateType(), Codec.json(event.payload()),
          Codec.json(event.metadata()));
    }
    exec("UPDATE oh_outbox_sequence SET last_sequence = ? WHERE id = 1", last);
    return true;
  }

  /**
   * A newest-first keyset page of {@code table} ({@code created_at DESC, id DESC}) after
   * {@code after} (null: from the newest), rows matching {@code where} (null: all). Served by the
   * table's {@code (…, created_at, id)} index, it reads about {@code limit} rows however deep the
   * page is.
   */
  private Query newestFirst(String table, String where, List<Object> whereArgs,
      Keyset after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table).append(" WHERE ")
        .append(where == null ? "1 = 1" : where);
    List<Object> args = new ArrayList<>(whereArgs);
    if (after != null) {
      // a row comparison: the index range starts right after the position
      sql.append(" AND (created_at, id) < (?, ?)");
      args.add(ts(after.createdAt()));
      args.add(after.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(limit);
    return query(sql.toString(), args.toArray());
  }

  // ---- users ----

  private static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getString("id"),
      rs.getString("external_user_id"), rs.getString("email"), UserType.valueOf(rs.getString("type")),
      UserStatus.valueOf(rs.getString("status")), rs.getString("airtm_user_id"), rs.getString("airtm_email"),
      instant(rs, "airtm_linked_at"),
      instant(rs, "created_at"), instant(rs, "updated_at"));

  @Override
  public UserRepository users() {
    return new UserRepository() {
      public void insert(User u) {
        exec("INSERT INTO oh_users (id, external_user_id, email, type, status, airtm_user_id, airtm_email, "
            + "airtm_linked_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", u.id(),
            u.externalUserId(), u.email(), u.type().name(), u.status().name(), u.airtmUserId(), u.airtmEmail(),
            ts(u.airtmLinkedAt()), ts(u.createdAt()),
            ts(u.updatedAt()));
      }

      public Optional<User> find(String id) {
        return query("SELECT * FROM oh_users WHERE id = ?", id).map(USER).findOne();
      }

      public Optional<User> findByExternalId(String externalUserId) {
        return query("SELECT * FROM oh_users WHERE external_user_id = ?", externalUserId).map(USER).findOne();
      }

      public Optional<User> lock(String id) {
        w();
        return query("SELECT * FROM oh_users WHERE id = ? FOR UPDATE", id).map(USER).findOne();
      }

      public void update(User u) {
        exec("UPDATE oh_users SET email = ?, type = ?, status = ?, airtm_user_id = ?, airtm_email = ?, "
            + "airtm_linked_at = ?, updated_at = ? WHERE id = ?", u.email(), u.type().name(), u.status().name(),
            u.airtmUserId(), u.airtmEmail(), ts(u.airtmLinkedAt()), ts(u.updatedAt()), u.id());
      }

      public List<User> list(int offset, int limit) {
        return query("SELECT * FROM oh_users ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", limit, offset)
            .map(USER).list();
      }

      public List<User> listAfter(Keyset after, int limit) {
        return newestFirst("oh_users", null, List.of(), after, limit).map(USER).list();
      }
    };
  }

  @Override
  public WalletRepository wallets() {
    return dao(WalletDao.class);
  }

  // ---- balances ----

  private static final RowMapper<Balance> BALANCE = (rs, ctx) -> new Balance(rs.getString("user_id"),
      money(rs, "available"), money(rs, "reserved"), rs.getString("currency"), instant(rs, "updated_at"));

  @Override
  public BalanceRepository balances() {
    return new BalanceRepository() {
      public void create(String userId, Instant now) {
        exec("INSERT INTO oh_balances (user_id, available, reserved, currency, updated_at) VALUES (?, 0, 0, 'USD', ?) "
            + "ON CONFLICT DO NOTHING", userId, ts(now));
      }

      public Optional<Balance> find(String userId) {
        return query("SELECT * FROM oh_balances WHERE user_id = ?", userId).map(BALANCE).findOne();
      }

      public Optional<Balance> adjust(String userId, Money availableDelta, Money reservedDelta, Instant now) {
        long a = availableDelta.stroops();
        long r = reservedDelta.stroops();
        // Bounds computed here so that no SQL expression can overflow: the new available and reserved
        // are at least 0 and their total at most Long.MAX_VALUE (then each of them is too).
        BigInteger maxTotal = BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.valueOf(a))
            .subtract(BigInteger.valueOf(r));
        if (maxTotal.signum() < 0) {
          return Optional.empty();
        }
        long totalBefore = maxTotal.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        int changed = exec("UPDATE oh_balances SET available = available + ?, reserved = reserved + ?, "
            + "updated_at = ? WHERE user_id = ? AND available >= ? AND reserved >= ? AND available <= ? - reserved",
            a, r, ts(now), userId, a < 0 ? -a : 0L, r < 0 ? -r : 0L, totalBefore);
        return changed == 1 ? find(userId) : Optional.empty();
      }
    };
  }

  // ---- orders ----

  private List<Milestone> milestones(String orderId) {
    return query("SELECT * FROM oh_milestones WHERE order_id = ? ORDER BY position", orderId).map((rs, ctx) ->
        new Milestone(rs.getString("ref"), rs.getString("title"), money(rs, "amount"),
            MilestoneStatus.valueOf(rs.getString("status")), instant(rs, "completed_at"))).list();
  }

  /** The orders with their milestones, read for the whole page in one query (not one per order). */
  private List<Order> withMilestones(List<Order> orders) {
    if (orders.isEmpty()) {
      return orders;
    }
    Map<String, List<Milestone>> byOrder = new java.util.HashMap<>();
    List<String> ids = orders.stream().map(Order::id).toList();
    query("SELECT * FROM oh_milestones WHERE order_id IN (" + String.join(", ", java.util.Collections.nCopies(
        ids.size(), "?")) + ") ORDER BY order_id, position", ids.toArray()).map((rs, ctx) -> new Object[] {
            rs.getString("order_id"), new Milestone(rs.getString("ref"), rs.getString("title"), money(rs, "amount"),
                MilestoneStatus.valueOf(rs.getString("status")), instant(rs, "completed_at"))}).list()
        .forEach(row -> byOrder.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Milestone) row[1]));
    List<Order> out = new ArrayList<>();
    orders.forEach(o -> out.add(o.withMilestones(byOrder.getOrDefault(o.id(), List.of()), o.updatedAt())));
    return out;
  }

  private Order order(ResultSet rs) throws SQLException {
    return new Order(rs.getString("id"), rs.getString("client_order_ref"), rs.getString("buyer_id"),
        rs.getString("seller_id"), money(rs, "amount"), rs.getString("currency"),
        OrderStatus.valueOf(rs.getString("status")), rs.getString("title"), rs.getString("description"),
        rs.getString("metadata"), List.of(), instant(rs, "created_at"), instant(rs, "updated_at"));
  }

  private Optional<Order> withMilestones(Optional<Order> order) {
    return order.map(o -> o.withMilestones(milestones(o.id()), o.updatedAt()));
  }

  @Override
  public OrderRepository orders() {
    return new OrderRepository() {
      public void insert(Order o) {
        exec("INSERT INTO oh_orders (id, client_order_ref, buyer_id, seller_id, amount, currency, status, title, "
            + "description, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", o.id(),
            o.clientOrderRef(), o.buyerId(), o.sellerId(), o.amount().stroops(), o.currency(), o.status().name(),
            o.title(), o.description(), o.metadata(), ts(o.createdAt()), ts(o.updatedAt()));
        int position = 0;
        for (Milestone m : o.milestones()) {
          exec("INSERT INTO oh_milestones (order_id, position, ref, title, amount, status, completed_at) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?)", o.id(), position++, m.ref(), m.title(), m.amount().stroops(),
              m.status().name(), ts(m.completedAt()));
        }
      }

      public Optional<Order> find(String id) {
        return withMilestones(query("SELECT * FROM oh_orders WHERE id = ?", id).map((rs, c) -> order(rs)).findOne());
      }

      public Optional<Order> findByClientRef(String ref) {
        return withMilestones(query("SELECT * FROM oh_orders WHERE client_order_ref = ?", ref)
            .map((rs, c) -> order(rs)).findOne());
      }

      public Optional<Order> lock(String id) {
        w();
        return withMilestones(query("SELECT * FROM oh_orders WHERE id = ? FOR UPDATE", id).map((rs, c) -> order(rs))
            .findOne());
      }

      public void update(Order o) {
        exec("UPDATE oh_orders SET status = ?, updated_at = ? WHERE id = ?", o.status().name(),
            ts(o.updatedAt()), o.id());
        for (Milestone m : o.milestones()) {
          exec("UPDATE oh_milestones SET status = ?, completed_at = ? WHERE order_id = ? AND ref = ?",
              m.status().name(), ts(m.completedAt()), o.id(), m.ref());
        }
      }

      public List<Order> list(String userId, Set<OrderStatus> statuses, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM oh_orders WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (userId != null) {
          sql.append(" AND (buyer_id = ? OR seller_id = ?)");
          args.add(userId);
          args.add(userId);
        }
        if (!statuses.isEmpty()) {
          sql.append(" AND status IN (").append(String.join(", ", java.util.Collections.nCopies(statuses.size(), "?")))
              .append(")");
          new TreeSet<>(statuses).forEach(s -> args.add(s.name()));
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return withMilestones(query(sql.toString(), args.toArray()).map((rs, c) -> order(rs)).list());
      }

      public List<Order> listAfter(String userId, Set<OrderStatus> statuses, Keyset after, int limit) {
        String status = statuses.isEmpty() ? null
            : "status IN (" + String.join(", ", java.util.Collections.nCopies(statuses.size(), "?")) + ")";
        List<Object> statusArgs = new ArrayList<>();
        new TreeSet<>(statuses).forEach(st -> statusArgs.add(st.name()));
        List<Order> rows;
        if (userId == null) {
          rows = newestFirst("oh_orders", status, statusArgs, after, limit).map((rs, c) -> order(rs)).list();
        } else {
          // The user's orders as buyer and as seller, each page read from its own index, then merged: an
          // OR of the two would make the database sort all of the user's orders for every page.
          Map<String, Order> merged = new java.util.HashMap<>();
          for (String side : List.of("buyer_id = ?", "seller_id = ?")) {
            List<Object> args = new ArrayList<>(List.of(userId));
            args.addAll(statusArgs);
            newestFirst("oh_orders", status == null ? side : side + " AND " + status, args, after, limit)
                .map((rs, c) -> order(rs)).list().forEach(o -> merged.put(o.id(), o));
          }
          rows = merged.values().stream().sorted(java.util.Comparator.comparing(Order::createdAt)
              .thenComparing(Order::id).reversed()).limit(limit).toList();
        }
        return withMilestones(rows);
      }
    };
  }

  @Override
  public EscrowRepository escrows() {
    return dao(EscrowDao.class);
  }

  @Override
  public DisputeRepository disputes() {
    return dao(DisputeDao.class);
  }

  @Override
  public WithdrawalRepository withdrawals() {
    return dao(WithdrawalDao.class);
  }

  @Override
  public TopUpRepository topUps() {
    return dao(TopUpDao.class);
  }

  @Override
  public WebhookInboxRepository webhookInbox() {
    return dao(WebhookInboxDao.class);
  }

  @Override
  public SettlementRepository settlements() {
    return dao(SettlementDao.class);
  }

  @Override
  public ApiKeyRepository apiKeys() {
    return dao(ApiKeyDao.class);
  }

  @Override
  public DepositRepository deposits() {
    return dao(DepositDao.class);
  }

  // ---- ledger ----

  @Override
  public LedgerRepository ledger() {
    return new LedgerRepository() {
      public void append(Posting p) {
        w();
        // two statements whatever the number of entries: the posting (its sequence from the generated
        // keys, not read back), then every entry in one multi-row insert
        long seq;
        try (java.sql.PreparedStatement insert = w().getConnection().prepareStatement("INSERT INTO oh_ledger_postings "
            + "(id, kind, reference, posted_at) VALUES (?, ?, ?, ?)", new String[] {"seq"})) {
          insert.setString(1, p.id());
          insert.setString(2, p.kind());
          insert.setString(3, p.reference());
          insert.setTimestamp(4, ts(p.postedAt()));
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            seq = keys.getLong(1);
          }
        } catch (SQLException e) {
          throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < p.entries().size(); i++) {
          LedgerEntry e = p.entries().get(i);
          args.addAll(List.of(seq, i, e.account(), e.amount().stroops()));
        }
        exec("INSERT INTO oh_ledger_entries (posting_seq, position, account, amount) VALUES "
            + String.join(", ", java.util.Collections.nCopies(p.entries().size(), "(?, ?, ?, ?)")), args.toArray());
      }

      public BigInteger balanceOf(String account) {
        return query("SELECT COALESCE(SUM(CAST(amount AS NUMERIC(38, 0))), 0) FROM oh_ledger_entries "
            + "WHERE account = ?", account).mapTo(java.math.BigDecimal.class).one().toBigIntegerExact();
      }

      public Map<String, BigInteger> balances() {
        Map<String, BigInteger> out = new LinkedHashMap<>();
        query("SELECT account, SUM(CAST(amount AS NUMERIC(38, 0))) AS total FROM oh_ledger_entries GROUP BY account "
            + "ORDER BY account").map((rs, c) -> Map.entry(rs.getString("account"),
                rs.getBigDecimal("total").toBigIntegerExact())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
      }

      public List<Posting> list(int offset, int limit) {
        List<Object[]> postings = query("SELECT seq, id, kind, reference, posted_at FROM oh_ledger_postings "
            + "ORDER BY seq LIMIT ? OFFSET ?", limit, offset).map((rs, c) -> new Object[] {rs.getLong("seq"),
                rs.getString("id"), rs.getString("kind"), rs.getString("reference"), instant(rs, "posted_at")}).list();
        List<Posting> out = new ArrayList<>();
        for (Object[] row : postings) {
          List<LedgerEntry> entries = query("SELECT account, amount FROM oh_ledger_entries WHERE posting_seq = ? "
              + "ORDER BY position", row[0]).map((rs, c) -> new LedgerEntry(rs.getString("account"),
                  Money.ofStroops(rs.getLong("amount")))).list();
          out.add(new Posting((String) row[1], (String) row[2], (String) row[3], entries, (Instant) row[4]));
        }
        return out;
      }

      public List<Posting> listAfter(String afterPostingId, int limit) {
        String from = afterPostingId == null ? "seq > 0" : "seq > (SELECT seq FROM oh_ledger_postings WHERE id = ?)";
        Object[] args = afterPostingId == null ? new Object[] {limit} : new Object[] {afterPostingId, limit};
        List<Object[]> postings = query("SELECT seq, id, kind, reference, posted_at FROM oh_ledger_postings WHERE "
            + from + " ORDER BY seq LIMIT ?", args).map((rs, c) -> new Object[] {rs.getLong("seq"),
                rs.getString("id"), rs.getString("kind"), rs.getString("reference"), instant(rs, "posted_at")}).list();
        if (postings.isEmpty()) {
          return List.of();
        }
        // every posting between the page's first and last sequence is on the page: one read for all entries
        Map<Long, List<LedgerEntry>> entries = new java.util.HashMap<>();
        query("SELECT posting_seq, account, amount FROM oh_ledger_entries WHERE posting_seq BETWEEN ? AND ? "
            + "ORDER BY posting_seq, position", postings.get(0)[0], postings.get(postings.size() - 1)[0])
            .map((rs, c) -> new Object[] {rs.getLong("posting_seq"), new LedgerEntry(rs.getString("account"),
                Money.ofStroops(rs.getLong("amount")))}).list()
            .forEach(row -> entries.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add((LedgerEntry) row[1]));
        List<Posting> out = new ArrayList<>();
        for (Object[] row : postings) {
          out.add(new Posting((String) row[1], (String) row[2], (String) row[3], entries.getOrDefault((Long) row[0],
              List.of()), (Instant) row[4]));
        }
        return out;
      }
    };
  }

  // ---- outbox ----

  private static final RowMapper<DomainEvent> EVENT = (rs, ctx) -> new DomainEvent(rs.getLong("sequence"),
      rs.getString("event_id"), rs.getString("event_type"), instant(rs, "occurred_at"), rs.getString("aggregate_id"),
      rs.getString("aggregate_type"), Codec.objectMap(rs.getString("payload")), Codec.stringMap(rs.getString("metadata")));

  @Override
  public OutboxRepository outbox() {
    return new OutboxRepository() {
      public void append(DomainEvent event) {
        w();
        pendingEvents.add(event);
      }

      public List<DomainEvent> readAfter(long afterSequence, int limit) {
        return query("SELECT * FROM oh_outbox WHERE sequence > ? ORDER BY sequence LIMIT ?", afterSequence, limit)
            .map(EVENT).list();
      }

      public long lastSequence() {
        return query("SELECT last_sequence FROM oh_outbox_sequence WHERE id = 1").mapTo(Long.class).one();
      }

      public long firstRetainedSequence() {
        Optional<Long> first = query("SELECT MIN(sequence) FROM oh_outbox").mapTo(Long.class).findOne();
        return first.orElse(null) == null ? lastSequence() + 1 : first.get();
      }

      public int deleteBefore(Instant cutoff) {
        // Every sequence up to last_sequence is committed, so the prefix below the first kept
        // event (or below last_sequence + 1) holds no event a concurrent commit could still add.
        return exec("DELETE FROM oh_outbox WHERE sequence < COALESCE((SELECT MIN(sequence) FROM oh_outbox "
            + "WHERE occurred_at >= ?), (SELECT last_sequence + 1 FROM oh_outbox_sequence WHERE id = 1))", ts(cutoff));
      }
    };
  }

  @Override
  public IdempotencyRepository idempotency() {
    return dao(IdempotencyDao.class);
  }

  // ---- audit ----

  private static final RowMapper<AuditEntry> AUDIT = (rs, ctx) -> new AuditEntry(rs.getString("id"),
      instant(rs, "occurred_at"), rs.getString("marketplace_id"), rs.getString("user_id"), rs.getString("action"),
      rs.getString("resource_type"), rs.getString("resource_id"), Codec.stringMap(rs.getString("payload_before")),
      Codec.stringMap(rs.getString("payload_after")), rs.getString("actor_type"), rs.getString("actor_id"),
      rs.getString("result"), rs.getString("error"), rs.getString("idempotency_key"));

  @Override
  public AuditRepository audit() {
    return new AuditRepository() {
      public void append(AuditEntry a) {
        exec("INSERT INTO oh_audit_log (id, occurred_at, marketplace_id, user_id, action, resource_type, resource_id, "
            + "payload_before, payload_after, actor_type, actor_id, result, error, idempotency_key) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.id(), ts(a.occurredAt()), a.marketplaceId(),
            a.userId(), a.action(), a.resourceType(), a.resourceId(), Codec.json(a.before()), Codec.json(a.after()),
            a.actorType(), a.actorId(), a.result(), a.error(), a.idempotencyKey());
      }

      public List<AuditEntry> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM oh_audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        auditFilters(sql, args, q);
        sql.append(" ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return JdbcSession.this.query(sql.toString(), args.toArray()).map(AUDIT).list();
      }

      public List<AuditEntry> queryAfter(AuditQuery q, String afterEntryId) {
        StringBuilder sql = new StringBuilder("SELECT * FROM oh_audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (afterEntryId != null) {
          // the position of the entry, then a row comparison the (occurred_at, seq) order can range over
          Optional<Object[]> at = JdbcSession.this.query("SELECT occurred_at, seq FROM oh_audit_log WHERE id = ?",
              afterEntryId).map((rs, c) -> new Object[] {ts(instant(rs, "occurred_at")), rs.getLong("seq")})
              .findOne();
          if (at.isEmpty()) {
            return List.of();
          }
          sql.append(" AND (occurred_at, seq) < (?, ?)");
          args.add(at.get()[0]);
          args.add(at.get()[1]);
        }
        auditFilters(sql, args, q);
        sql.append(" ORDER BY occurred_at DESC, seq DESC LIMIT ?");
        args.add(q.limit());
        return JdbcSession.this.query(sql.toString(), args.toArray()).map(AUDIT).list();
      }

      public Optional<AuditEntry> find(String entryId) {
        return JdbcSession.this.query("SELECT * FROM oh_audit_log WHERE id = ?", entryId).map(AUDIT).findOne();
      }
    };
  }

  private static void auditFilters(StringBuilder sql, List<Object> args, AuditQuery q) {
    filter(sql, args, "resource_type = ?", q.resourceType());
    filter(sql, args, "resource_id = ?", q.resourceId());
    filter(sql, args, "user_id = ?", q.userId());
    filter(sql, args, "action = ?", q.action());
    filter(sql, args, "occurred_at >= ?", ts(q.from()));
    filter(sql, args, "occurred_at < ?", ts(q.to()));
  }

  private static void filter(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(" AND ").append(clause);
      args.add(value);
    }
  }

  @Override
  public SagaRepository sagas() {
    return dao(SagaDao.class);
  }

  @Override
  public CursorRepository cursors() {
    return dao(CursorDao.class);
  }

  @Override
  public LeaseRepository leases() {
    return postgres ? dao(LeaseDao.Postgres.class) : dao(LeaseDao.H2.class);
  }

  @Override
  public PermitRepository permits() {
    return dao(PermitDao.class);
  }

}

package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order reserve throughput on PostgreSQL through the engine, against a baseline that runs the same
 * statements a reserve command runs (order row lock, milestones read, conditional balance update,
 * balance read, posting with two entries, order update, two audit rows, two outbox events under the
 * sequence lock) through plain JDBC, in the same run and on the same server. Two workloads: 8
 * threads on 8 buyers, and 16 threads on one hot buyer. Prints ops/s, p99 and the ratios.
 *
 * <p>Needs PostgreSQL at {@code jdbc:postgresql://127.0.0.1:5432/test} (user postgres); run with
 * {@code ./mvnw -q -pl examples exec:java -Dexec.mainClass=...PostgresReserveBenchmark}.
 */
public final class PostgresReserveBenchmark {
  private static final String URL = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getProperty("bench.pg.user", "postgres");

  private PostgresReserveBenchmark() {}

  public static void main(String[] args) throws Exception {
    int perThread = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    for (int i = 1; i <= 3; i++) {
      run("warm-up " + i + " (not counted)", 8, i == 2, perThread / 2);
      runReserveCancel("warm-up " + i + " (not counted)", 8, perThread / 4);
    }
    runCreateReserve("warm-up (not counted)", 8, perThread / 4);
    run("reserve, 8 threads, 8 buyers", 8, false, perThread);
    run("reserve, 16 threads, 1 hot buyer", 16, true, perThread / 2);
    runReserveCancel("reserve + cancel (release), 8 threads, 8 buyers", 8, perThread / 2);
    runCreateReserve("create + reserve, 32 threads, 1 hot buyer", 32, perThread / 4);
  }

  private static void run(String name, int threads, boolean hot, int perThread) throws Exception {
    Setup setup = setup(threads, hot ? 1 : threads);
    String url = setup.url();
    JdbcStorage storage = setup.storage();
    OrchestratorEngine engine = setup.test().engine();
    List<User> buyers = setup.buyers();
    User seller = setup.seller();
    List<List<String>> orders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        mine.add(engine.orders().create(CreateOrderRequest.of(buyers.get(hot ? 0 : t).id(), seller.id(), "1.00", "b"))
            .order().id());
      }
      orders.add(mine);
    }
    // Fill the pool and the server's statement caches before timing, as the baseline's connections are.
    timed(threads, Math.min(20, perThread), (t, i) -> engine.orders().get(orders.get(t).get(i)));
    long[] engineLatencies = timed(threads, perThread, (t, i) -> engine.orders().reserve(orders.get(t).get(i)));
    double engineRate = threads * perThread / seconds(engineLatencies);
    long[] baseLatencies;
    try (BaselineDb base = new BaselineDb(url)) {
      List<String> ids = new ArrayList<>();
      buyers.forEach(b -> ids.add(b.id()));
      base.prepare(ids, hot, threads, perThread);
      timed(threads, 20, (t, i) -> base.warm(ids.get(hot ? 0 : t)));
      baseLatencies = timed(threads, perThread, (t, i) -> base.reserve(ids.get(hot ? 0 : t), t, i));
    }
    double baseRate = threads * perThread / seconds(baseLatencies);
    System.out.printf("%s: engine %.0f reserves/s (p99 %.1f ms), plain JDBC %.0f/s (p99 %.1f ms), ratio %.2f%n",
        name, engineRate, p99(engineLatencies), baseRate, p99(baseLatencies), engineRate / baseRate);
    if (!engine.ledger().verify().isClean()) {
      throw new IllegalStateException("ledger not clean after the benchmark");
    }
    storage.close();
  }

  /** A fresh schema, an engine on it and funded buyers; closes nothing (the caller does). */
  private record Setup(String url, JdbcStorage storage, TestEngine test, List<User> buyers, User seller) {}

  private static Setup setup(int threads, int buyers) throws SQLException {
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = URL + "?currentSchema=" + schema;
    JdbcStorage storage = JdbcStorage.pooled(url, USER, "", threads + 2);
    storage.migrate();
    TestEngine test = TestEngine.builder().storage(storage).build();
    List<User> list = new ArrayList<>();
    for (int i = 0; i < buyers; i++) {
      User buyer = test.user("buyer-" + i);
      test.engine().balances().credit(buyer.id(), BalanceRequest.of("1000000.00"), "manual adjustment");
      list.add(buyer);
    }
    return new Setup(url, storage, test, list, test.user("seller"));
  }

  private static void report(String name, int ops, long[] engine, long[] base) {
    double engineRate = ops / seconds(engine);
    double baseRate = ops / seconds(base);
    System.out.printf("%s: engine %.0f ops/s (p99 %.1f ms), plain JDBC %.0f/s (p99 %.1f ms), ratio %.2f%n", name,
        engineRate, p99(engine), baseRate, p99(base), engineRate / baseRate);
  }

  private static void runReserveCancel(String name, int threads, int perThread) throws Exception {
    Setup setup = setup(threads, threads);
    OrchestratorEngine engine = setup.test().engine();
    List<List<String>> orders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        mine.add(engine.orders().create(CreateOrderRequest.of(setup.buyers().get(t).id(), setup.seller().id(), "1.00",
            "b")).order().id());
      }
      orders.add(mine);
    }
    timed(threads, Math.min(20, perThread), (t, i) -> engine.orders().get(orders.get(t).get(i)));
    long[] engineLatencies = timed(threads, perThread, (t, i) -> {
      engine.orders().reserve(orders.get(t).get(i));
      engine.orders().cancel(orders.get(t).get(i), null);
    });
    long[] baseLatencies;
    try (BaselineDb base = new BaselineDb(setup.url())) {
      List<String> ids = setup.buyers().stream().map(User::id).toList();
      base.prepare(ids, false, threads, perThread);
      timed(threads, 20, (t, i) -> base.warm(ids.get(t)));
      baseLatencies = timed(threads, perThread, (t, i) -> {
        base.reserve(ids.get(t), t, i);
        base.cancel(ids.get(t), t, i);
      });
    }
    report(name + " (one op = two commands)", threads * perThread, engineLatencies, baseLatencies);
    setup.storage().close();
  }

  private static void runCreateReserve(String name, int threads, int perThread) throws Exception {
    Setup setup = setup(threads, 1);
    OrchestratorEngine engine = setup.test().engine();
    String buyer = setup.buyers().get(0).id();
    String seller = setup.seller().id();
    timed(threads, 10, (t, i) -> engine.balances().get(buyer));
    long[] engineLatencies = timed(threads, perThread, (t, i) -> engine.orders().reserve(engine.orders().create(
        CreateOrderRequest.of(buyer, seller, "1.00", "b")).order().id()));
    long[] baseLatencies;
    try (BaselineDb base = new BaselineDb(setup.url())) {
      timed(threads, 10, (t, i) -> base.warm(buyer));
      baseLatencies = timed(threads, perThread, (t, i) -> {
        base.create(buyer, seller, t, i);
        base.reserve(buyer, t, i);
      });
    }
    report(name + " (one op = two commands)", threads * perThread, engineLatencies, baseLatencies);
    if (!engine.ledger().verify().isClean()) {
      throw new IllegalStateException("ledger not clean after the benchmark");
    }
    setup.storage().close();
  }

  private interface Op {
    void run(int thread, int index) throws Exception;
  }

  /** Runs the ops; returns per-op latencies in nanos, with the wall time in the last slot. */
  private static long[] timed(int threads, int perThread, Op op) throws Exception {
    long[] latencies = new long[threads * perThread + 1];
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          long begin = System.nanoTime();
          try {
            op.run(thread, i);
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          latencies[thread * perThread + i] = System.nanoTime() - begin;
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    latencies[latencies.length - 1] = System.nanoTime() - start;
    pool.shutdown();
    if (errors.get() > 0) {
      throw new IllegalStateException(errors.get() + " operations failed");
    }
    return latencies;
  }

  private static double seconds(long[] latencies) {
    return latencies[latencies.length - 1] / 1e9;
  }

  private static double p99(long[] latencies) {
    long[] sorted = Arrays.copyOf(latencies, latencies.length - 1);
    Arrays.sort(sorted);
    return sorted[(int) (sorted.length * 0.99)] / 1e6;
  }

  /** The reserve command's statements through plain JDBC, one connection per thread. */
  private static final class BaselineDb implements AutoCloseable {
    private final String url;
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();
    private final List<Connection> all = new java.util.concurrent.CopyOnWriteArrayList<>();

    BaselineDb(String url) throws SQLException {
      this.url = url;
      try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE base_orders AS SELECT * FROM oh_orders WITH NO DATA");
        s.execute("UPDATE oh_orders SET status = 'ORDER_CREATED'");
      }
    }

    private Connection connection() throws SQLException {
      Connection c = connections.get();
      if (c == null) {
        c = DriverManager.getConnection(url, USER, "");
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connections.set(c);
        all.add(c);
      }
      return c;
    }

    /** Opens this thread's connection and touches the tables, as the engine's warm-up does. */
    void warm(String buyerId) throws SQLException {
      Connection c = connection();
      query(c, "SELECT * FROM oh_balances WHERE user_id = ?", buyerId);
      c.commit();
    }

    /** Creates the baseline's orders before timing starts, as the engine's are. */
    void prepare(List<String> buyerIds, boolean hot, int threads, int perThread) throws SQLException {
      try (Connection c = DriverManager.getConnection(url, USER, "")) {
        Timestamp now = Timestamp.from(Instant.now());
        for (int t = 0; t < threads; t++) {
          for (int i = 0; i < perThread; i++) {
            exec(c, "INSERT INTO base_orders (id, buyer_id, seller_id, amount, currency, status, title, created_at, "
                + "updated_at) VALUES (?, ?, 'x', 10000000, 'USD', 'ORDER_CREATED', 'b', ?, ?)", "base_" + t + "_" + i,
                buyerIds.get(hot ? 0 : t), now, now);
          }
        }
      }
    }

    void reserve(String buyerId, int thread, int index) throws SQLException {
      move(buyerId, "base_" + thread + "_" + index, -10000000L, "FUNDS_RESERVED");
    }

    /** The statements of order cancel from FUNDS_RESERVED: the same shape, the other way. */
    void cancel(String buyerId, int thread, int index) throws SQLException {
      move(buyerId, "base_" + thread + "_" + index, 10000000L, "CLOSED");
    }

    /** The statements of order create: both users looked up, the order, its audit row and event. */
    void create(String buyerId, String sellerId, int thread, int index) throws SQLException {
      Connection c = connection();
      Timestamp now = Timestamp.from(Instant.now());
      try {
        query(c, "SELECT * FROM oh_users WHERE id = ?", buyerId);
        query(c, "SELECT * FROM oh_users WHERE id = ?", sellerId);
        exec(c, "INSERT INTO base_orders (id, buyer_id, seller_id, amount, currency, status, title, created_at, "
            + "updated_at) VALUES (?, ?, ?, 10000000, 'USD', 'ORDER_CREATED', 'b', ?, ?)", "base_" + thread + "_"
            + index, buyerId, sellerId, now, now);
        exec(c, "INSERT INTO oh_audit_log (id, occurred_at, marketplace_id, user_id, action, resource_type, "
            + "resource_id, payload_before, payload_after, actor_type, actor_id, result) VALUES (?, ?, 'system', ?, "
            + "'ORDER_CREATED', 'order', ?, '{}', '{}', 'system', 'system', 'SUCCESS')", "ba_" + UUID.randomUUID(),
            now, buyerId, "base_" + thread + "_" + index);
        long last = queryLong(c, "SELECT last_sequence FROM oh_outbox_sequence WHERE id = 1 FOR UPDATE");
        exec(c, "INSERT INTO oh_outbox (sequence, event_id, event_type, occurred_at, aggregate_id, aggregate_type, "
            + "payload, metadata) VALUES (?, ?, 'order.created', ?, ?, 'Order', '{}', '{}')", last + 1,
            "bevt_" + UUID.randomUUID(), now, buyerId);
        exec(c, "UPDATE oh_outbox_sequence SET last_sequence = ? WHERE id = 1", last + 1);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }

    private void move(String buyerId, String orderId, long availableDelta, String status) throws SQLException {
      Connection c = connection();
      Timestamp now = Timestamp.from(Instant.now());
      try {
        query(c, "SELECT * FROM base_orders WHERE id = ? FOR UPDATE", orderId);
        query(c, "SELECT * FROM oh_milestones WHERE order_id = ? ORDER BY position", orderId);
        exec(c, "UPDATE oh_balances SET available = available + ?, reserved = reserved + ?, updated_at = ? "
            + "WHERE user_id = ? AND available + ? >= 0 AND reserved + ? >= 0", availableDelta, -availableDelta, now,
            buyerId, availableDelta, -availableDelta);
        query(c, "SELECT * FROM oh_balances WHERE user_id = ?", buyerId);
        String postingId = "bp_" + UUID.randomUUID();
        exec(c, "INSERT INTO oh_ledger_postings (id, kind, reference, posted_at) VALUES (?, 'RESERVE', ?, ?)",
            postingId, orderId, now);
        long seq = queryLong(c, "SELECT seq FROM oh_ledger_postings WHERE id = ?", postingId);
        exec(c, "INSERT INTO oh_ledger_entries (posting_seq, position, account, amount) VALUES (?, 0, ?, ?)", seq,
            "user:" + buyerId + ":available", availableDelta);
        exec(c, "INSERT INTO oh_ledger_entries (posting_seq, position, account, amount) VALUES (?, 1, ?, ?)", seq,
            "user:" + buyerId + ":reserved", -availableDelta);
        exec(c, "UPDATE base_orders SET status = ?, updated_at = ? WHERE id = ?", status, now, orderId);
        for (int i = 0; i < 2; i++) {
          exec(c, "INSERT INTO oh_audit_log (id, occurred_at, marketplace_id, user_id, action, resource_type, "
              + "resource_id, payload_before, payload_after, actor_type, actor_id, result) VALUES (?, ?, 'system', ?, "
              + "'RESERVE', 'balance', ?, '{}', '{}', 'system', 'system', 'SUCCESS')", "ba_" + UUID.randomUUID(), now,
              buyerId, orderId);
        }
        long last = queryLong(c, "SELECT last_sequence FROM oh_outbox_sequence WHERE id = 1 FOR UPDATE");
        for (int i = 0; i < 2; i++) {
          last++;
          exec(c, "INSERT INTO oh_outbox (sequence, event_id, event_type, occurred_at, aggregate_id, aggregate_type, "
              + "payload, metadata) VALUES (?, ?, 'balance.reserved', ?, ?, 'Balance', '{}', '{}')", last,
              "bevt_" + UUID.randomUUID(), now, buyerId);
        }
        exec(c, "UPDATE oh_outbox_sequence SET last_sequence = ? WHERE id = 1", last);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        ps.executeUpdate();
      }
    }

    private static void query(Connection c, String sql, Object... args) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getObject(1);
          }
        }
      }
    }

    private static long queryLong(Connection c, String sql, Object... args) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    @Override
    public void close() throws SQLException {
      for (Connection c : all) {
        c.close();
      }
    }
  }
}

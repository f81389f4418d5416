package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Issue 11 item 3: a deep page of a long list costs what the first one does. On PostgreSQL, with
 * {@code rows} orders (100,000 by default, a tenth of them one buyer's), it times page 1 and page
 * 1,000 (100 rows a page) of the order list through the engine: by keyset ({@code listAfter}, what
 * the API pages with) and, for contrast, by offset ({@code list}). The baseline of each ratio is
 * page 1 of the same list in the same run. Target: keyset page 1,000 within 2x of page 1.
 *
 * <p>Needs PostgreSQL at {@code jdbc:postgresql://127.0.0.1:5432/test} (user postgres); run with
 * {@code ./mvnw -q -pl examples exec:java -Dexec.mainClass=...ListPageBenchmark -Dexec.args="100000"}.
 */
public final class ListPageBenchmark {
  private static final String URL = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getProperty("bench.pg.user", "postgres");
  private static final int PAGE = 100;

  private ListPageBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(URL, USER, ""); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = URL + "?currentSchema=" + schema;
    try (JdbcStorage storage = JdbcStorage.pooled(url, USER, "", 4)) {
      storage.migrate();
      fill(url, rows);
      TestEngine test = TestEngine.builder().storage(storage).build();
      OrchestratorEngine engine = test.engine();
      int deep = Math.min(1_000, rows / PAGE);
      report("all orders", engine, null, rows, deep, url);
      report("one buyer's orders (a tenth)", engine, "usr_bench_0", rows / 10, Math.min(deep, rows / 10 / PAGE),
          url);
    } finally {
      try (Connection admin = DriverManager.getConnection(URL, USER, ""); Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void report(String name, OrchestratorEngine engine, String buyer, int rows, int deepPage, String url)
      throws Exception {
    Keyset before = keysetBefore(url, buyer, (deepPage - 1) * PAGE);
    Set<com.offerhub.orchestrator.model.OrderStatus> all = Set.of();
    Supplier<List<Order>> keysetFirst = () -> engine.orders().listAfter(buyer, all, null, PAGE);
    Supplier<List<Order>> keysetDeep = () -> engine.orders().listAfter(buyer, all, before, PAGE);
    Supplier<List<Order>> offsetFirst = () -> engine.orders().list(buyer, all, 0, PAGE);
    Supplier<List<Order>> offsetDeep = () -> engine.orders().list(buyer, all, (deepPage - 1) * PAGE, PAGE);
    if (!keysetDeep.get().equals(offsetDeep.get())) {
      throw new IllegalStateException("keyset and offset disagree on page " + deepPage);
    }
    for (int warm = 0; warm < 3; warm++) {
      time(keysetFirst, 20);
      time(keysetDeep, 20);
      time(offsetFirst, 5);
      time(offsetDeep, 5);
    }
    double k1 = time(keysetFirst, 200);
    double kd = time(keysetDeep, 200);
    double o1 = time(offsetFirst, 30);
    double od = time(offsetDeep, 30);
    System.out.printf("%s (%,d rows), %d rows a page:%n", name, rows, PAGE);
    System.out.printf("  keyset: page 1 %.2f ms, page %,d %.2f ms, ratio %.2f (target <= 2)%n", k1, deepPage, kd,
        kd / k1);
    System.out.printf("  offset: page 1 %.2f ms, page %,d %.2f ms, ratio %.2f%n", o1, deepPage, od, od / o1);
  }

  /** The median milliseconds of {@code times} calls. */
  private static double time(Supplier<?> call, int times) {
    long[] nanos = new long[times];
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      call.get();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos[times / 2] / 1e6;
  }

  /** The position of the last row before the page that starts at {@code offset} (setup, not timed). */
  private static Keyset keysetBefore(String url, String buyer, int offset) throws Exception {
    try (Connection c = DriverManager.getConnection(url, USER, ""); PreparedStatement ps = c.prepareStatement(
        "SELECT created_at, id FROM oh_orders" + (buyer == null ? "" : " WHERE buyer_id = ? OR seller_id = ?")
            + " ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 1")) {
      int i = 1;
      if (buyer != null) {
        ps.setString(i++, buyer);
        ps.setString(i++, buyer);
      }
      ps.setInt(i, offset - 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Keyset(rs.getTimestamp(1).toInstant(), rs.getString(2));
      }
    }
  }

  /** {@code rows} orders of ten buyers, one a millisecond apart (setup, not timed). */
  private static void fill(String url, int rows) throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    try (Connection c = DriverManager.getConnection(url, USER, "")) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO oh_orders (id, buyer_id, seller_id, amount, "
          + "currency, status, title, created_at, updated_at) VALUES (?, ?, 'usr_bench_seller', 10000000, 'USD', "
          + "'ORDER_CREATED', 'bench', ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          Timestamp at = Timestamp.from(start.plusMillis(i));
          ps.setString(1, String.format("ord_bench_%08d", i));
          ps.setString(2, "usr_bench_" + (i % 10));
          ps.setTimestamp(3, at);
          ps.setTimestamp(4, at);
          ps.addBatch();
          if (i % 5_000 == 4_999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE oh_orders");
      }
      c.commit();
    }
  }
}

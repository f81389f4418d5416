package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Issue 11 item 4 (data growth): the cost of a command must not grow with the data already stored.
 * On PostgreSQL it times order create and order reserve through the engine (median of
 * {@code samples} single-threaded commands) with 10,000 existing orders and their ledger postings,
 * then again after the tables have grown to {@code rows} (1,000,000 by default). The baseline of
 * each ratio is the same command with 10,000 rows, in the same run. Target: within 1.15.
 *
 * <p>Needs PostgreSQL at {@code jdbc:postgresql://127.0.0.1:5432/test} (user postgres); filling a
 * million orders takes a few minutes. Run with {@code ./mvnw -q -pl examples exec:java
 * -Dexec.mainClass=...DataGrowthBenchmark -Dexec.args="1000000 500"}.
 */
public final class DataGrowthBenchmark {
  private static final String URL = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getProperty("bench.pg.user", "postgres");

  private DataGrowthBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(URL, USER, ""); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = URL + "?currentSchema=" + schema;
    try (JdbcStorage storage = JdbcStorage.pooled(url, USER, "", 4)) {
      storage.migrate();
      TestEngine test = TestEngine.builder().storage(storage).build();
      OrchestratorEngine engine = test.engine();
      User buyer = test.fundedUser("growth-buyer", "1000000.00");
      User seller = test.user("growth-seller");
      fill(url, 0, 10_000);
      double[] small = measure(engine, buyer, seller, samples);
      fill(url, 10_000, rows);
      double[] large = measure(engine, buyer, seller, samples);
      System.out.printf("orders and postings: %,d then %,d; median of %d commands each%n", 10_000, rows, samples);
      System.out.printf("  create:  %.2f ms then %.2f ms, ratio %.2f (target <= 1.15)%n", small[0], large[0],
          large[0] / small[0]);
      System.out.printf("  reserve: %.2f ms then %.2f ms, ratio %.2f (target <= 1.15)%n", small[1], large[1],
          large[1] / small[1]);
    } finally {
      try (Connection admin = DriverManager.getConnection(URL, USER, ""); Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** Median milliseconds of create and of reserve, after warm-up runs of the same size (the JIT settles). */
  private static double[] measure(OrchestratorEngine engine, User buyer, User seller, int samples) {
    for (int warm = 0; warm < 3; warm++) {
      run(engine, buyer, seller, samples);
    }
    return run(engine, buyer, seller, samples);
  }

  private static double[] run(OrchestratorEngine engine, User buyer, User seller, int samples) {
    long[] create = new long[samples];
    long[] reserve = new long[samples];
    for (int i = 0; i < samples; i++) {
      String[] id = new String[1];
      create[i] = nanos(() -> id[0] = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "1.00",
          "growth")).order().id());
      reserve[i] = nanos(() -> engine.orders().reserve(id[0]));
    }
    return new double[] {median(create), median(reserve)};
  }

  private static long nanos(Supplier<?> call) {
    long start = System.nanoTime();
    call.get();
    return System.nanoTime() - start;
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  /**
   * Orders {@code from} to {@code to} (closed, of a thousand other buyers, an hour apart backwards
   * from now) and one two-entry posting each, written in SQL batches of 100,000 (setup, not timed).
   */
  private static void fill(String url, int from, int to) throws Exception {
    try (Connection c = DriverManager.getConnection(url, USER, "")) {
      for (int lo = from; lo < to; lo += 100_000) {
        int hi = Math.min(to, lo + 100_000) - 1;
        exec(c, "INSERT INTO oh_orders (id, buyer_id, seller_id, amount, currency, status, title, created_at, "
            + "updated_at) SELECT 'ord_fill_' || g, 'usr_fill_' || (g % 1000), 'usr_fill_seller', 10000000, 'USD', "
            + "'CLOSED', 'fill', now() - make_interval(hours => g), now() FROM generate_series(?, ?) g", lo, hi);
        exec(c, "INSERT INTO oh_ledger_postings (id, kind, reference, posted_at) SELECT 'pst_fill_' || g, 'FILL', "
            + "'ord_fill_' || g, now() FROM generate_series(?, ?) g", lo, hi);
        exec(c, "INSERT INTO oh_ledger_entries (posting_seq, position, account, amount) SELECT p.seq, e.position, "
            + "CASE e.position WHEN 0 THEN 'external:fill' ELSE 'escrow:' || p.reference END, "
            + "CASE e.position WHEN 0 THEN -10000000 ELSE 10000000 END FROM oh_ledger_postings p "
            + "CROSS JOIN (VALUES (0), (1)) AS e(position) WHERE p.kind = 'FILL' AND p.id >= 'pst_fill_' "
            + "AND p.seq > COALESCE((SELECT MAX(posting_seq) FROM oh_ledger_entries e2 WHERE e2.account = "
            + "'external:fill'), 0)");
      }
      exec(c, "ANALYZE");
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    }
  }
}

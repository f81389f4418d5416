package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Issue 11 item 4: the engine on PostgreSQL against the floor, the least database work each
 * command needs ({@link FloorStore}: plain JDBC, one connection per thread, prepared statements,
 * five or six statements a command), in the same run, on the same server, from the same JVM.
 *
 * <p>Workloads, each with the same operations and threads on both sides:
 * <ul>
 *   <li>order reserve with an idempotency key ({@code orders().reserve}), 8 threads on 8 buyers,
 *       32 threads on 32 buyers, two engine instances (separate pools, 16 threads each) against
 *       the floor at 32, and 32 threads on one hot buyer;
 *   <li>release with an idempotency key: {@code balances().release}, 1.00 from the buyer's
 *       reserved to the seller's available, each thread its own buyer and seller, 8 and 32
 *       threads. It is the ledger effect of an order release without the escrow contract (the
 *       order release O8 runs a saga on chain, so its database cost is spread over several
 *       transactions and chain waits; order cancel is the same shape as reserve, reversed);
 *   <li>deposit credit: payments made on the simulated chain beforehand, then credited by the
 *       engine's deposit watcher ({@code scanDeposits}, the real path). The watcher is serial by
 *       design (one leader per database, one transaction per payment), so the engine side is that
 *       one thread whatever the floor's thread count; the floor credits the same number of
 *       payments on 1, 8 and 32 threads.
 * </ul>
 *
 * <p>A warm-up round of reserve, release and deposit on both sides comes first, untimed, so that
 * the JIT compiler has settled before timing (the engine has far more code to compile than the
 * floor; in short runs compilation took a large share of the engine's CPU). Each workload then
 * runs {@code rounds} times, engine and floor alternating which goes first; every trial is a fresh
 * engine instance with its own pool (or fresh floor connections), warmed with a few untimed
 * operations of its own. Orders, payments and funds are made before timing. Reports medians over
 * the rounds: ops/s, the ratio engine/floor, p99 latencies (of all rounds), every exception a
 * caller saw (counted as an error), and the CPU each operation cost in this JVM and in the rest of
 * the machine (the database; see {@link Cpu}), which says where a gap is spent. Finally checks the
 * engine's ledger and that both sides ended with the same balances.
 *
 * <p>Arguments: timed operations per trial, shared among its threads (default 8000), rounds
 * (default 3), and optionally the start of the workloads to run ({@code reserve}, {@code release}
 * or {@code deposit}; default all). Needs PostgreSQL at {@code -Dbench.pg.url} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user postgres); works in a fresh schema it drops
 * at the end. About 15 minutes with the defaults on a 2-CPU machine.
 */
public final class FloorBenchmark {
  private static final String URL = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getProperty("bench.pg.user", "postgres");
  private static final int USERS = 32;
  /** Untimed operations per thread before each timed run. */
  private static final int WARM = 5;
  private static final long ONE = Money.of(1).stroops();

  private final String url;
  /** Timed operations per trial, shared among its threads. */
  private final int ops;
  private final int rounds;
  private final String only;
  private final TestEngine test;
  private final List<User> buyers = new ArrayList<>();
  private final List<User> sellers = new ArrayList<>();
  private final List<String> depositAddresses = new ArrayList<>();
  private final FloorStore floor;
  private final List<Row> rows = new ArrayList<>();
  private int trials;

  private FloorBenchmark(String url, JdbcStorage setupStorage, int ops, int rounds, String only)
      throws SQLException {
    this.url = url;
    this.ops = ops;
    this.rounds = rounds;
    this.only = only;
    this.test = TestEngine.builder().storage(setupStorage).build();
    OrchestratorEngine engine = test.engine();
    for (int i = 0; i < USERS; i++) {
      User buyer = test.user("buyer-" + i);
      engine.balances().credit(buyer.id(), BalanceRequest.of("1000000.00"), "benchmark funds");
      engine.balances().reserve(buyer.id(), BalanceRequest.of("10000.00", "release-funds-" + i));
      buyers.add(buyer);
      sellers.add(test.user("seller-" + i));
      depositAddresses.add(engine.wallets().depositAddress(buyer.id()));
    }
    this.floor = FloorStore.create(url);
  }

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String only = args.length > 2 ? args[2] : "";
    String schema = "bench_floor_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection admin = DriverManager.getConnection(URL, USER, ""); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try (JdbcStorage setup = JdbcStorage.pooled(url, USER, "", 4)) {
      setup.migrate();
      new FloorBenchmark(url, setup, ops, rounds, only).run();
    } finally {
      try (Connection admin = DriverManager.getConnection(URL, USER, ""); Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private void run() throws Exception {
    long start = System.nanoTime();
    System.out.printf("%d ops per trial shared among its threads (+%d untimed per thread), %d rounds, median of "
        + "rounds; warming up%n", ops, WARM, rounds);
    measure("warm-up", "", 1, reserveOnEngine(1, 8, buyers::get), reserveOnFloor(8, buyers::get));
    measure("warm-up", "", 1, releaseOnEngine(8), releaseOnFloor(8));
    measure("warm-up", "", 1, depositsOnEngine(8), depositsOnFloor(8, 8));
    rows.clear();
    measure("reserve, 8 buyers", "8", rounds, reserveOnEngine(1, 8, buyers::get), reserveOnFloor(8, buyers::get));
    measure("reserve, 32 buyers", "32", rounds, reserveOnEngine(1, 32, buyers::get),
        reserveOnFloor(32, buyers::get));
    measure("reserve, 2 instances, 32 buyers", "2x16 / 32", rounds, reserveOnEngine(2, 32, buyers::get),
        reserveOnFloor(32, buyers::get));
    measure("reserve, 1 hot buyer", "32", rounds, reserveOnEngine(1, 32, t -> buyers.get(0)),
        reserveOnFloor(32, t -> buyers.get(0)));
    measure("release, 8 buyer/seller pairs", "8", rounds, releaseOnEngine(8), releaseOnFloor(8));
    measure("release, 32 buyer/seller pairs", "32", rounds, releaseOnEngine(32), releaseOnFloor(32));
    measure("deposit credit", "1 / 1", rounds, depositsOnEngine(8), depositsOnFloor(1, 8));
    measure("deposit credit", "1 / 8", rounds, depositsOnEngine(8), depositsOnFloor(8, 8));
    measure("deposit credit", "1 / 32", rounds, depositsOnEngine(32), depositsOnFloor(32, 32));
    printTable();
    check();
    System.out.printf("whole run %.0f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** One side's trial: makes its data and connections (untimed), then times its operations. */
  private interface Trial {
    TimedRun.Result run(String tag) throws Exception;
  }

  /** A workload's rounds, each trial alternately first; adds its table row. */
  private void measure(String name, String threadsLabel, int times, Trial engine, Trial floorSide)
      throws Exception {
    if (!name.startsWith(only) && !name.equals("warm-up")) {
      return;
    }
    Row row = new Row(name, threadsLabel);
    for (int round = 0; round < times; round++) {
      String tag = "t" + (++trials);
      TimedRun.Result e;
      TimedRun.Result f;
      if (round % 2 == 0) {
        e = engine.run(tag + "e");
        f = floorSide.run(tag + "f");
      } else {
        f = floorSide.run(tag + "f");
        e = engine.run(tag + "e");
      }
      row.add(e, f);
      System.out.printf("  %-34s %-10s engine %7.0f/s  floor %7.0f/s  ratio %.2f   CPU us/op jvm %4.0f / %4.0f, "
          + "db %4.0f / %4.0f%n", name, threadsLabel, e.rate(), f.rate(), e.rate() / f.rate(), e.jvmMicrosPerOp(),
          f.jvmMicrosPerOp(), e.otherMicrosPerOp(), f.otherMicrosPerOp());
    }
    rows.add(row);
  }

  /** Timed operations per thread when {@code threads} share a trial. */
  private int each(int threads) {
    return Math.max(1, ops / threads);
  }

  // ---- reserve ----

  /** Keyed order reserves through {@code instances} engine instances, {@code threads} split among them. */
  private Trial reserveOnEngine(int instances, int threads, IntFunction<User> buyerOf) {
    return tag -> {
      Instances engines = new Instances(instances, threads);
      try {
        String[][] orders = new String[threads][WARM + each(threads)];
        requireClean(TimedRun.run(threads, 0, WARM + each(threads), (t, i) -> orders[t][i] = engines.of(t).orders()
            .create(CreateOrderRequest.of(buyerOf.apply(t).id(), sellers.get(t).id(), "1.00", "bench")).order()
            .id()), "creating orders");
        return warmThenTime(threads, (t, i) -> engines.of(t).as(RequestContext.of("bench").withIdempotencyKey(
            "rsv-" + orders[t][i])).orders().reserve(orders[t][i]));
      } finally {
        engines.close();
      }
    };
  }

  private Trial reserveOnFloor(int threads, IntFunction<User> buyerOf) {
    return tag -> {
      for (int t = 0; t < threads; t++) {
        floor.insertOrders(tag + "_" + t, buyerOf.apply(t).id(), sellers.get(t).id(), WARM + each(threads));
      }
      return onFloor(threads, (s, t, i) -> s.reserve(tag + "_" + t + "_" + i, "rsv-" + tag + "_" + t + "_" + i));
    };
  }

  // ---- release ----

  private Trial releaseOnEngine(int threads) {
    return tag -> {
      Instances engines = new Instances(1, threads);
      try {
        requireClean(TimedRun.run(threads, 0, 2, (t, i) -> engines.of(t).balances().get(buyers.get(t).id())),
            "opening connections");
        return warmThenTime(threads, (t, i) -> {
          String reference = "rel-" + tag + "-" + t + "-" + i;
          engines.of(t).as(RequestContext.of("bench").withIdempotencyKey(reference)).balances().release(
              buyers.get(t).id(), new BalanceRequest("1.00", null, null, reference, sellers.get(t).id()));
        });
      } finally {
        engines.close();
      }
    };
  }

  private Trial releaseOnFloor(int threads) {
    return tag -> onFloor(threads, (s, t, i) -> {
      String reference = "rel-" + tag + "-" + t + "-" + i;
      s.release(buyers.get(t).id(), sellers.get(t).id(), ONE, reference, reference);
    });
  }

  // ---- deposit credit ----

  /**
   * Pays 1.00 {@code each(wallets) + WARM} times into each of the first {@code wallets} buyers' wallets
   * on the simulated chain (untimed), lets the watcher credit one page untimed (its connection and
   * statements warm), then times its scans until every payment is credited.
   */
  private Trial depositsOnEngine(int wallets) {
    return tag -> {
      Instances engines = new Instances(1, 1);
      try {
        OrchestratorEngine engine = engines.of(0);
        int perWallet = each(wallets) + WARM;
        int payments = wallets * perWallet;
        for (int t = 0; t < wallets; t++) {
          for (int i = 0; i < perWallet; i++) {
            test.network().depositFromOutside(depositAddresses.get(t), Money.of(1));
          }
        }
        int warm = payments > 150 ? engine.scanDeposits() : 0;
        Map<String, Integer> errors = new TreeMap<>();
        int credited = 0;
        int idle = 0;
        Cpu.Mark mark = Cpu.mark();
        long begin = System.nanoTime();
        while (warm + credited < payments && idle < 3) {
          int scanned = 0;
          try {
            scanned = engine.scanDeposits();
          } catch (RuntimeException e) {
            errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
          }
          credited += scanned;
          idle = scanned == 0 ? idle + 1 : 0;
        }
        long wall = System.nanoTime() - begin;
        if (warm + credited != payments) {
          errors.merge("payments credited by the watcher differ from payments made",
              Math.abs(payments - warm - credited), Integer::sum);
        }
        return new TimedRun.Result(credited, wall, new long[0], errors, mark.since());
      } finally {
        engines.close();
      }
    };
  }

  /**
   * The same payments as {@link #depositsOnEngine} ({@code each(wallets) + WARM} into each of
   * {@code wallets} wallets, in order) credited by {@code threads} floor threads.
   */
  private Trial depositsOnFloor(int threads, int wallets) {
    int perWallet = each(wallets) + WARM;
    int each = wallets * perWallet / threads - WARM;
    String sender = "G" + "OUTSIDE".repeat(8).substring(0, 55);
    return tag -> onFloor(threads, each, (s, t, i) -> {
      byte[] hash = new byte[32];
      ThreadLocalRandom.current().nextBytes(hash);
      int wallet = (t * (WARM + each) + i) / perWallet;
      if (!s.credit(HexFormat.of().formatHex(hash), 0, depositAddresses.get(wallet), sender, ONE)) {
        throw new IllegalStateException("payment not credited");
      }
    });
  }

  // ---- running ----

  /** Engine instances for one trial, each on a pool of its own sized to its threads. */
  private final class Instances implements AutoCloseable {
    private final List<JdbcStorage> storages = new ArrayList<>();
    private final List<OrchestratorEngine> engines = new ArrayList<>();
    private final int threadsEach;

    Instances(int count, int threads) {
      threadsEach = threads / count;
      for (int i = 0; i < count; i++) {
        JdbcStorage storage = JdbcStorage.pooled(url, USER, "", threadsEach + 2);
        storages.add(storage);
        engines.add(test.anotherInstance(storage));
      }
    }

    /** The instance serving thread {@code t}. */
    OrchestratorEngine of(int t) {
      return engines.get(Math.min(engines.size() - 1, t / threadsEach));
    }

    @Override
    public void close() {
      engines.forEach(OrchestratorEngine::close);
      storages.forEach(JdbcStorage::close);
    }
  }

  /** A floor operation on a thread's own session. */
  private interface FloorOp {
    void run(FloorStore.Session session, int thread, int index) throws Exception;
  }

  private TimedRun.Result onFloor(int threads, FloorOp op) throws Exception {
    return onFloor(threads, each(threads), op);
  }

  private TimedRun.Result onFloor(int threads, int each, FloorOp op) throws Exception {
    FloorStore.Session[] sessions = new FloorStore.Session[threads];
    try {
      for (int t = 0; t < threads; t++) {
        sessions[t] = floor.open();
      }
      return warmThenTime(threads, each, (t, i) -> op.run(sessions[t], t, i));
    } finally {
      for (FloorStore.Session session : sessions) {
        if (session != null) {
          session.close();
        }
      }
    }
  }

  private TimedRun.Result warmThenTime(int threads, TimedRun.Op op) throws Exception {
    return warmThenTime(threads, each(threads), op);
  }

  /** {@link #WARM} untimed operations per thread, then {@code each} timed; errors of both are reported. */
  private static TimedRun.Result warmThenTime(int threads, int each, TimedRun.Op op) throws Exception {
    TimedRun.Result warm = TimedRun.run(threads, 0, WARM, op);
    TimedRun.Result timed = TimedRun.run(threads, WARM, each, op);
    warm.errors().forEach((message, count) -> timed.errors().merge(message, count, Integer::sum));
    return timed;
  }

  private static void requireClean(TimedRun.Result setup, String what) {
    if (setup.errorCount() > 0) {
      throw new IllegalStateException(what + " failed: " + setup.errors());
    }
  }

  // ---- report ----

  /** A workload's results over its rounds. */
  private static final class Row {
    final String name;
    final String threads;
    final List<TimedRun.Result> engine = new ArrayList<>();
    final List<TimedRun.Result> floor = new ArrayList<>();

    Row(String name, String threads) {
      this.name = name;
      this.threads = threads;
    }

    void add(TimedRun.Result e, TimedRun.Result f) {
      engine.add(e);
      floor.add(f);
    }

    double[] ratios() {
      double[] out = new double[engine.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = engine.get(i).rate() / floor.get(i).rate();
      }
      return out;
    }

    static double median(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double medianRate(List<TimedRun.Result> results) {
      return median(results.stream().mapToDouble(TimedRun.Result::rate).toArray());
    }

    /** Median CPU per operation: JVM engine / floor, then database engine / floor, in microseconds. */
    String cpu() {
      return String.format("%4.0f / %-4.0f %4.0f / %-4.0f",
          median(engine.stream().mapToDouble(TimedRun.Result::jvmMicrosPerOp).toArray()),
          median(floor.stream().mapToDouble(TimedRun.Result::jvmMicrosPerOp).toArray()),
          median(engine.stream().mapToDouble(TimedRun.Result::otherMicrosPerOp).toArray()),
          median(floor.stream().mapToDouble(TimedRun.Result::otherMicrosPerOp).toArray()));
    }

    static String p99(List<TimedRun.Result> results) {
      long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).toArray();
      double p99 = TimedRun.p99Millis(all);
      return Double.isNaN(p99) ? "-" : String.format("%.1f ms", p99);
    }

    static Map<String, Integer> errors(List<TimedRun.Result> results) {
      Map<String, Integer> all = new TreeMap<>();
      results.forEach(r -> r.errors().forEach((m, c) -> all.merge(m, c, Integer::sum)));
      return all;
    }
  }

  private void printTable() {
    System.out.println();
    System.out.printf("%-34s %-10s %10s %10s %6s %11s %11s %9s  %-11s %-11s%n", "workload", "threads", "engine/s",
        "floor/s", "ratio", "engine p99", "floor p99", "errors", "jvm us/op", "db us/op");
    Map<String, Integer> engineErrors = new TreeMap<>();
    Map<String, Integer> floorErrors = new TreeMap<>();
    for (Row row : rows) {
      Map<String, Integer> e = Row.errors(row.engine);
      Map<String, Integer> f = Row.errors(row.floor);
      e.forEach((m, c) -> engineErrors.merge(m, c, Integer::sum));
      f.forEach((m, c) -> floorErrors.merge(m, c, Integer::sum));
      System.out.printf("%-34s %-10s %10.0f %10.0f %6.2f %11s %11s %4d / %-3d  %s%n", row.name, row.threads,
          Row.medianRate(row.engine), Row.medianRate(row.floor), Row.median(row.ratios()), Row.p99(row.engine),
          Row.p99(row.floor), e.values().stream().mapToInt(Integer::intValue).sum(),
          f.values().stream().mapToInt(Integer::intValue).sum(), row.cpu());
    }
    System.out.println("threads: engine / floor where they differ; deposit credit on the engine is its one watcher "
        + "(serial by design), p99 not kept per credit. errors: engine / floor, any exception a caller saw. "
        + "CPU per operation (engine / floor): this JVM's, and the rest of the machine's busy time (the database).");
    engineErrors.forEach((m, c) -> System.out.printf("  engine error x%d: %s%n", c, m));
    floorErrors.forEach((m, c) -> System.out.printf("  floor error x%d: %s%n", c, m));
  }

  /** The engine's ledger is clean and both sides ended with the same balances (they did the same work). */
  private void check() throws SQLException {
    boolean clean = test.engine().ledger().verify().isClean();
    try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM oh_balances o FULL JOIN floor_balances f USING (user_id) "
            + "WHERE o.available IS DISTINCT FROM f.available OR o.reserved IS DISTINCT FROM f.reserved")) {
      rs.next();
      System.out.printf("engine ledger %s; balances differing between engine and floor: %d%n", clean ? "clean"
          : "NOT CLEAN", rs.getLong(1));
    }
  }
}

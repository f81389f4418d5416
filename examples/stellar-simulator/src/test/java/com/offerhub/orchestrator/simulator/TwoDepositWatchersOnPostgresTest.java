package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.KeyPair;

/**
 * Two engine instances, each with its own pool on one PostgreSQL database and its own real chain
 * adapter over HTTP, both running their background jobs: only the holder of the lease
 * {@code deposit-watcher} reads the chain, the other takes over within one lease period of the
 * leader's death, the old leader does not read again when it comes back, and every deposit is
 * credited once. PostgreSQL at {@code OFFERHUB_TEST_PG_URL} (default {@code test} on 127.0.0.1) is
 * required: the test fails, never skips, without it.
 */
class TwoDepositWatchersOnPostgresTest {
  private static final String PG_URL = System.getenv().getOrDefault("OFFERHUB_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration JOBS_EVERY = Duration.ofMillis(100);

  private final String schema = "oh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private final List<AutoCloseable> opened = new ArrayList<>();
  private Sim sim;
  private SimulatedNetwork network;

  @BeforeEach
  void start() throws SQLException {
    try (Connection connection = DriverManager.getConnection(PG_URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    sim = Sim.instant();
    network = sim.simulator.network();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    sim.close();
    try (Connection connection = DriverManager.getConnection(PG_URL, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private JdbcStorage pool() {
    JdbcStorage storage = JdbcStorage.pooled(PG_URL + "?currentSchema=" + schema, "postgres", "", 4);
    opened.add(storage);
    return storage;
  }

  private EngineOnSimulator instance(JdbcStorage storage, KeyPair funding, WalletKeyCipher cipher, String id) {
    EngineOnSimulator node = EngineOnSimulator.start(sim.simulator, storage, funding, cipher, LEASE, id);
    node.scans.keepIntervals = true;
    opened.add(node);
    return node;
  }

  private ScheduledExecutorService jobs(EngineOnSimulator node) {
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    opened.add(executor::shutdownNow);
    node.engine.start(executor, JOBS_EVERY);
    return executor;
  }

  /** Waits, a ledger at a time, until {@code done} or the deadline. */
  private void await(BooleanSupplier done, Duration within, String what) {
    await(done, within, () -> what);
  }

  private void await(BooleanSupplier done, Duration within, java.util.function.Supplier<String> what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, () -> "in time: " + what.get());
      network.awaitLedgerAfter(network.ledger(), Duration.ofMillis(500));
    }
  }

  @Test
  void oneOfTwoInstancesReadsTheOtherTakesOverWithinALeaseAndEachDepositIsCreditedOnce() throws Exception {
    JdbcStorage firstPool = pool();
    firstPool.migrate();
    KeyPair funding = KeyPair.random();
    WalletKeyCipher cipher = EngineOnSimulator.newCipher();
    EngineOnSimulator a = instance(firstPool, funding, cipher, "instance-a");
    EngineOnSimulator b = instance(pool(), funding, cipher, "instance-b");
    User alice = a.user("alice");
    User bob = a.user("bob");
    network.setLoad(50);
    network.startClosing(Duration.ofMillis(300));
    ScheduledExecutorService aJobs = jobs(a);
    ScheduledExecutorService bJobs = jobs(b);

    Money[] expected = {Money.ZERO, Money.ZERO};
    List<String> hashes = new ArrayList<>();
    Runnable deposit = () -> {
      int i = hashes.size();
      User user = i % 2 == 0 ? alice : bob;
      Money amount = Money.parsePositive("1.000000" + (i + 1));
      hashes.add(network.depositFromOutside(b.address(user), amount));
      expected[i % 2] = expected[i % 2].plus(amount);
    };
    BooleanSupplier allCredited = () -> hashes.stream().allMatch(hash -> a.deposit(hash, 0).isPresent());
    for (int i = 0; i < 3; i++) {
      deposit.run();
    }
    await(allCredited, Duration.ofSeconds(60), () -> "the first deposits credited (scans a " + a.scans.calls.get()
        + " failed " + a.scans.failures.get() + ", b " + b.scans.calls.get() + " failed " + b.scans.failures.get()
        + "; cursors " + a.cursor() + " / " + b.cursor() + "; ledger " + network.ledger() + ")");
    EngineOnSimulator leader = a.scans.calls.get() > 0 ? a : b;
    EngineOnSimulator follower = leader == a ? b : a;
    assertTrue(leader.scans.calls.get() > 0);
    assertEquals(0, follower.scans.calls.get(), "only the leader reads the chain");

    // The leader dies: its jobs stop, it neither renews nor hands over its lease.
    ScheduledExecutorService leaderJobs = leader == a ? aJobs : bJobs;
    leaderJobs.shutdownNow();
    assertTrue(leaderJobs.awaitTermination(30, TimeUnit.SECONDS));
    long died = System.nanoTime();
    long leaderScans = leader.scans.calls.get();
    for (int i = 0; i < 3; i++) {
      deposit.run();
    }
    await(allCredited, LEASE.plusSeconds(30), "the deposits after the leader died credited");
    assertEquals(leaderScans, leader.scans.calls.get());
    long leaderLast = leader.scans.intervals.get(leader.scans.intervals.size() - 1)[0];
    long followerFirst = follower.scans.intervals.get(0)[0];
    assertTrue(followerFirst - leaderLast >= LEASE.minusMillis(500).toNanos(),
        "the other instance waited for the lease to run out: " + (followerFirst - leaderLast) / 1_000_000 + " ms");
    assertTrue(followerFirst - died <= LEASE.plusSeconds(2).toNanos(),
        "and took over within a lease period: " + (followerFirst - died) / 1_000_000 + " ms after the leader died");

    // The old leader comes back (it had paused, not died): it follows now.
    jobs(leader);
    long followerScans = follower.scans.calls.get();
    deposit.run();
    await(allCredited, Duration.ofSeconds(60), "a deposit after the old leader came back credited");
    await(() -> follower.scans.calls.get() > followerScans + 3, Duration.ofSeconds(30), "the follower reads on");
    assertEquals(leaderScans, leader.scans.calls.get(), "the old leader does not read again");
    assertEquals(expected[0], a.engine.balances().get(alice.id()).available());
    assertEquals(expected[1], a.engine.balances().get(bob.id()).available());
    assertTrue(a.engine.ledger().verify().isClean());
    System.out.printf("[two watchers] failover %d ms after the leader's death (lease %d ms)%n",
        (followerFirst - died) / 1_000_000, LEASE.toMillis());
  }
}

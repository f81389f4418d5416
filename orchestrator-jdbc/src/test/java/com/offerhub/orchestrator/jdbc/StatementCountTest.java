package com.offerhub.orchestrator.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many statements (round trips) each hot command sends to PostgreSQL, commit included: the
 * numbers of the table in {@code orchestrator-jdbc/STATEMENTS.md}, pinned so that a change that
 * adds a round trip to a command fails here.
 */
class StatementCountTest {
  private HikariDataSource pool;
  private CountingDataSource counting;
  private JdbcStorage storage;
  private OrchestratorEngine engine;
  private TestEngine test;
  private User buyer;
  private User seller;

  @BeforeEach
  void open() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabases.freshPostgresUrl());
    config.setUsername(TestDatabases.PG_USER);
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    counting = new CountingDataSource(pool);
    storage = JdbcStorage.create(counting);
    storage.migrate();
    test = TestEngine.builder().storage(storage).build();
    engine = test.engine();
    buyer = test.fundedUser("buyer", "1000.00");
    seller = test.user("seller");
    engine.balances().reserve(buyer.id(), BalanceRequest.of("100.00", "for-releases"));
  }

  @AfterEach
  void close() {
    storage.close();
    pool.close();
  }

  private List<String> record(Runnable command) {
    counting.start();
    try {
      command.run();
    } catch (RuntimeException refused) {
      // a refused command's statements are counted too
    }
    return counting.stop();
  }

  private static void print(String name, List<String> statements) {
    System.out.println("== " + name + ": " + statements.size());
    statements.forEach(s -> System.out.println("   " + (s.length() > 140 ? s.substring(0, 140) : s)));
  }

  private OrchestratorEngine.Operations keyed(String key) {
    return engine.as(RequestContext.of("count").withIdempotencyKey(key));
  }

  @Test
  void statementsPerCommand() {
    String order = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "1.00", "warm")).order().id();
    keyed("warm-reserve").orders().reserve(order);
    String[] id = new String[1];
    List<String> create = record(() -> id[0] = keyed("create-1").orders()
        .create(CreateOrderRequest.of(buyer.id(), seller.id(), "1.00", "counted")).order().id());
    List<String> reserve = record(() -> keyed("reserve-1").orders().reserve(id[0]));
    List<String> release = record(() -> keyed("release-1").balances().release(buyer.id(),
        new BalanceRequest("1.00", null, null, "rel-1", seller.id())));
    List<String> credit = record(() -> keyed("credit-1").balances().credit(seller.id(), BalanceRequest.of("1.00"),
        "manual adjustment"));
    for (int i = 0; i < 10; i++) {
      test.network().depositFromOutside(engine.wallets().depositAddress(i % 2 == 0 ? buyer.id() : seller.id()),
          Money.parsePositive("1.00"));
    }
    List<String> deposits = record(() -> assertEquals(10, engine.scanDeposits()));
    print("order create (keyed)", create);
    print("order reserve (keyed)", reserve);
    print("balance release (keyed)", release);
    print("balance credit (keyed)", credit);
    print("deposit scan, 10 payments", deposits);
    // the table of STATEMENTS.md; a change of these numbers must change it too
    assertEquals(6, create.size(), "order create");
    assertEquals(6, reserve.size(), "order reserve");
    assertEquals(4, release.size(), "balance release");
    assertEquals(4, credit.size(), "balance credit");
    assertEquals(8 + 4 * 10, deposits.size(), "deposit scan of 10 payments");
    for (List<String> command : List.of(create, reserve, release, credit, deposits)) {
      assertTrue(command.stream().noneMatch(sql -> sql.contains("oh_outbox_sequence")),
          "a command must not touch the shared event counter");
      assertEquals("COMMIT", command.get(command.size() - 1));
    }
    assertTrue(reserve.get(0).startsWith("INSERT INTO oh_idempotency_keys"), "the key is claimed first");
    assertTrue(reserve.get(reserve.size() - 2).startsWith("WITH "), "the held-back rows go in last, together");
  }

  /** Issue 12: the example server's rate limit counts each request with one upsert and its commit. */
  @Test
  void aWindowCounterHitIsOneStatementAndItsCommit() {
    java.time.Instant now = java.time.Instant.parse("2026-05-01T12:00:00Z");
    storage.inTransaction(s -> s.permits().countHit("http:key:warm", java.time.Duration.ofMinutes(1), now));
    List<String> first = record(() -> storage.inTransaction(s -> s.permits().countHit("http:key:k",
        java.time.Duration.ofMinutes(1), now)));
    List<String> next = record(() -> storage.inTransaction(s -> s.permits().countHit("http:key:k",
        java.time.Duration.ofMinutes(1), now.plusSeconds(1))));
    print("window counter hit", next);
    for (List<String> hit : List.of(first, next)) {
      assertEquals(2, hit.size(), "window counter hit");
      assertTrue(hit.get(0).startsWith("INSERT INTO oh_rate_windows"), hit.get(0));
      assertEquals("COMMIT", hit.get(1));
    }
  }
}

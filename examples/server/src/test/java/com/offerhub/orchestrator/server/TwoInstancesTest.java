package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.simulator.SimulatorMain;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: two server processes in testnet mode on one PostgreSQL schema and one simulator process.
 * Orders are created on one instance and released on the other; the event stream of either
 * instance carries the events the other caused, gap-free and in the same order; deposits are
 * credited once although both run the deposit watcher (the database lease decides who reads); and
 * after {@code kill -9} of the instance whose releases and withdrawals are in flight (the network
 * made slow so they are mid-way), the survivor finishes them once their leases end: every order is
 * released once on chain, and the books equal the chain.
 */
class TwoInstancesTest {
  private static final String FUNDING = "SA3L2DOX3KGZBEDCXJGVGQFCBEEID63YASBZLCRPRZZNFHY476FRSE3L";
  private static final String TW_KEY = "two-instances-tw-key";
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final HttpClient SIM = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ORDER = "10.00";
  /** What the seller receives of an order: Trustless Work keeps 0.3 % on the simulator as on the real service. */
  private static final BigDecimal SELLER_SHARE = new BigDecimal("9.97");

  private final List<ChildJvm> children = new ArrayList<>();
  private final long started = System.nanoTime();
  private String schema;
  private String simBase;

  @Test
  void twoInstancesShareTheWorkAndTheSurvivorOfAKillFinishesIt() throws Throwable {
    Path logs = Path.of("target", "two-instances", Long.toString(System.currentTimeMillis()));
    schema = ServerHarness.createSchema("oh_two_");
    try {
      run(logs);
    } catch (Throwable failure) {
      children.forEach(ChildJvm::printLog);
      throw failure;
    } finally {
      children.forEach(ChildJvm::close);
      ServerHarness.dropSchema(schema);
    }
  }

  private void run(Path logs) throws Exception {
    ChildJvm simulator = ChildJvm.start("simulator", SimulatorMain.class, Map.of("SIMULATOR_LEDGER_INTERVAL_MS", "200",
        "TW_API_KEY", TW_KEY), logs, "/", Duration.ofSeconds(90));
    children.add(simulator);
    simBase = "http://127.0.0.1:" + simulator.port();

    // Both instances start at once on the empty schema: migrations, the platform user and the platform
    // accounts on chain are created by whichever gets there first, and the other finds them.
    CompletableFuture<ChildJvm> startA = CompletableFuture.supplyAsync(() -> server("a", logs));
    CompletableFuture<ChildJvm> startB = CompletableFuture.supplyAsync(() -> server("b", logs));
    ChildJvm a = startA.join();
    ChildJvm b = startB.join();
    mark("simulator and both instances up");

    Http masterA = Http.at(a.port()).as(ServerHarness.MASTER);
    Http.Response created = masterA.post("/auth/api-keys", Map.of("name", "two", "scopes", List.of("read", "write")));
    assertEquals(201, created.status(), created::toString);
    String key = created.data().get("key").asText();
    Map<String, Http> api = Map.of("a", Http.at(a.port()).as(key), "b", Http.at(b.port()).as(key));
    Map<String, ChildJvm> byName = Map.of("a", a, "b", b);

    String buyer = ServerHarness.user(api.get("a"), "two-buyer");
    String seller = ServerHarness.user(api.get("b"), "two-seller");
    String payee = ServerHarness.user(api.get("a"), "two-payee");
    for (String user : List.of(buyer, seller, payee)) {
      await(() -> "ACTIVE".equals(api.get("b").get("/users/" + user + "/wallet").data().get("status").asText()),
          "wallet of " + user + " active on chain");
    }
    String buyerAddress = address(api.get("a"), buyer);
    String sellerAddress = address(api.get("a"), seller);
    String payeeAddress = address(api.get("a"), payee);

    long cursor = lastSequence();
    try (SseClient streamA = new SseClient(a.port(), key, null, Long.toString(cursor));
        SseClient streamB = new SseClient(b.port(), key, null, Long.toString(cursor))) {
      assertTrue(streamA.awaitConnected(Duration.ofSeconds(30)) && streamB.awaitConnected(Duration.ofSeconds(30)));

      // Deposits: both instances run the watcher; one holds the lease and reads the chain.
      List<String> paid = new ArrayList<>();
      for (String amount : List.of("100.00", "60.50", "39.50")) {
        paid.add(pay(buyerAddress, amount));
      }
      for (String name : List.of("a", "b")) {
        Http http = api.get(name);
        await(() -> available(http, buyer).compareTo(new BigDecimal("200")) >= 0, "deposits seen on " + name);
      }
      String leader = watcherLeader();
      mark("three deposits credited");
      String follower = leader.equals("a") ? "b" : "a";

      // Orders created on the follower and released on the leader (the instance to be killed later).
      List<String> settled = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String order = ServerHarness.fundedOrder(api.get(follower), buyer, seller, ORDER, "two o" + i);
        Http.Response released = api.get(leader).post("/orders/" + order + "/resolution/release");
        assertTrue(released.status() / 100 == 2, released::toString);
        settled.add(order);
      }
      for (String order : settled) {
        await(() -> "CLOSED".equals(status(api.get(follower), order)), order + " closed");
      }
      // Each instance's stream carries what the other caused.
      SseClient leaderStream = leader.equals("a") ? streamA : streamB;
      SseClient followerStream = leader.equals("a") ? streamB : streamA;
      for (String order : settled) {
        await(() -> has(leaderStream, "order.created", order), "order.created of " + order + " on the leader's stream");
        await(() -> has(followerStream, "order.release_requested", order),
            "order.release_requested of " + order + " on the follower's stream");
        await(() -> has(followerStream, "order.closed", order) && has(leaderStream, "order.closed", order),
            "order.closed of " + order + " on both streams");
      }
      long credited = streamA.frames.stream().filter(f -> "balance.credited".equals(f.event())
          && paid.stream().anyMatch(f.data()::contains)).count();
      assertEquals(3, credited, "each deposit is credited once, whoever watches");
      sameGapFreeSequence(streamA, streamB, cursor);
      mark("two orders created on one, released on the other");

      // In flight on the leader: three releases and two withdrawals, on a network made slow enough
      // that they are mid-way when the leader is killed.
      List<String> inFlight = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        inFlight.add(ServerHarness.fundedOrder(api.get(follower), buyer, seller, ORDER, "two k" + i));
      }
      admin("/admin/faults/delay", "{\"ms\":400}");
      admin("/admin/faults/tw", "{\"endpoint\":\"*\",\"latencyMs\":600}");
      java.time.Instant phase = dbNow();
      Map<String, String> keys = new LinkedHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(5);
      Http victim = api.get(leader);
      for (String order : inFlight) {
        String idem = ServerHarness.key();
        keys.put("/orders/" + order + "/resolution/release", idem);
        clients.execute(() -> quietly(() -> victim.idempotent(idem).post("/orders/" + order + "/resolution/release")));
      }
      Map<String, Object> firstWithdrawal = Map.of("userId", buyer, "amount", "7.25", "destinationType", "crypto",
          "destinationRef", payeeAddress);
      Map<String, Object> secondWithdrawal = Map.of("userId", buyer, "amount", "5.00", "destinationType", "crypto",
          "destinationRef", payeeAddress);
      String firstKey = ServerHarness.key();
      String secondKey = ServerHarness.key();
      clients.execute(() -> quietly(() -> victim.idempotent(firstKey).post("/withdrawals", firstWithdrawal)));
      clients.execute(() -> quietly(() -> victim.idempotent(secondKey).post("/withdrawals", secondWithdrawal)));
      await(() -> sagasSince(phase, "1=1") == 5 && sagasSince(phase,
          "state = 'PENDING' AND (steps LIKE '%\"state\":\"SUBMITTED\"%' OR steps LIKE '%\"state\":\"SIGNED\"%')") > 0,
          "the five sagas started, one with a transaction out");
      mark("five sagas mid-way");
      int exit = byName.get(leader).kill();
      assertEquals(137, exit, "the instance died of SIGKILL (128 + 9): no shutdown hook ran");
      int pendingAtKill = sagasSince(phase, "state = 'PENDING'");
      clients.shutdown();
      clients.awaitTermination(90, TimeUnit.SECONDS);
      admin("/admin/faults/reset", "{}");
      assertTrue(pendingAtKill > 0, "sagas were mid-way at the kill");

      // The survivor: the watcher lease passes to it, and the killed instance's sagas resume once theirs end.
      Http survivor = api.get(follower);
      String late = pay(buyerAddress, "20.00");
      for (String order : inFlight) {
        await(() -> "CLOSED".equals(status(survivor, order)), order + " closed by the survivor");
      }
      await(() -> sagasSince(phase, "state = 'COMPLETED'") == 5, "every saga of the killed instance completed");
      mark("the survivor finished them");
      assertEquals(follower, watcherLeader(), "the survivor took the deposit watch over");
      // clients that lost their answer retry on the survivor with the same key: the same effect, once
      for (String order : inFlight) {
        Http.Response retried = survivor.idempotent(keys.get("/orders/" + order + "/resolution/release"))
            .post("/orders/" + order + "/resolution/release");
        assertTrue(retried.status() / 100 == 2 || "INVALID_STATE".equals(retried.code()), retried::toString);
      }
      Http.Response w1 = survivor.idempotent(firstKey).post("/withdrawals", firstWithdrawal);
      Http.Response w2 = survivor.idempotent(secondKey).post("/withdrawals", secondWithdrawal);
      assertTrue(w1.status() / 100 == 2 && w2.status() / 100 == 2, () -> w1 + " / " + w2);
      for (Http.Response w : List.of(w1, w2)) {
        String id = w.json().get("id").asText();
        await(() -> "WITHDRAWAL_COMPLETED".equals(survivor.get("/withdrawals/" + id).json().get("status").asText()),
            "withdrawal " + id + " completed");
      }

      // Books equal chain, each effect once.
      // 220 paid in from outside, five orders of 10, two withdrawals of 7.25 and 5.00
      BigDecimal buyerExpected = new BigDecimal("220.00")
          .subtract(new BigDecimal(ORDER).multiply(BigDecimal.valueOf(5))).subtract(new BigDecimal("12.25"));
      BigDecimal sellerExpected = SELLER_SHARE.multiply(BigDecimal.valueOf(5));
      await(() -> available(survivor, buyer).compareTo(buyerExpected) == 0, "the late deposit credited");
      await(() -> available(survivor, payee).compareTo(new BigDecimal("12.25")) == 0, "the payee credited");
      assertEquals(0, available(survivor, seller).compareTo(sellerExpected), "seller: " + available(survivor, seller));
      assertEquals(0, new BigDecimal(balance(survivor, buyer).get("reserved").asText()).signum(), "nothing held");
      assertEquals(0, onChainUsdc(buyerAddress).compareTo(buyerExpected), "buyer on chain");
      assertEquals(0, onChainUsdc(sellerAddress).compareTo(sellerExpected), "seller on chain: once per order");
      assertEquals(0, onChainUsdc(payeeAddress).compareTo(new BigDecimal("12.25")),
          "payee on chain: once per withdrawal");
      List<String> all = new ArrayList<>(settled);
      all.addAll(inFlight);
      for (String order : all) {
        String contract = survivor.get("/orders/" + order).data().get("escrow").get("contractId").asText();
        JsonNode escrow = escrowOnChain(contract);
        assertTrue(escrow.get("flags").get("released").asBoolean(), order + " released on chain");
        assertEquals(0, escrow.get("balance").decimalValue().signum(), order + ": the contract paid out its balance");
      }
      assertEquals(4, depositsOf(buyer), "four outside payments, four credits");
      assertEquals(2, depositsOf(payee), "two withdrawals in, two credits");
      List<String> outside = new ArrayList<>(paid);
      outside.add(late);
      for (String hash : outside) {
        assertEquals(1, creditsOf(hash), "deposit " + hash + " credited once in the books");
      }
      assertEquals(0, unbalancedPostings(), "every posting sums to zero");
      for (String user : List.of(buyer, seller, payee)) {
        JsonNode verify = survivor.get("/users/" + user + "/balance/verify").json();
        assertTrue(verify.get("providerVerified").asBoolean(), verify::toString);
      }
      mark(pendingAtKill + " of 5 sagas were pending at the kill; all checked");
    }
  }

  private ChildJvm server(String name, Path logs) {
    Map<String, String> env = new HashMap<>();
    env.put("OFFERHUB_MODE", "testnet");
    env.put("OFFERHUB_INSTANCE_NAME", name);
    env.put("OFFERHUB_DATA_DIR", logs.resolve("data-" + name).toAbsolutePath().toString());
    env.put("OFFERHUB_MASTER_KEY", ServerHarness.MASTER);
    env.put("DATABASE_URL", ServerHarness.PG_URL + "?currentSchema=" + schema);
    env.put("DATABASE_USER", "postgres");
    env.put("DATABASE_POOL_SIZE", "6");
    env.put("WALLET_ENCRYPTION_KEY", "cd".repeat(32));
    env.put("OFFERHUB_JWT_SECRET", "j".repeat(40));
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    env.put("STELLAR_HORIZON_URL", simBase);
    env.put("STELLAR_RPC_URL", simBase + "/rpc");
    env.put("STELLAR_FRIENDBOT_URL", simBase + "/friendbot");
    env.put("TRUSTLESS_API_URL", simBase + "/tw");
    env.put("TRUSTLESS_API_KEY", TW_KEY);
    env.put("TRUSTLESS_REQUESTS_PER_MINUTE", "10000");
    env.put("STELLAR_FUNDING_SECRET", FUNDING);
    env.put("STELLAR_CHANNEL_ACCOUNTS", "6");
    // short leases: the survivor takes over within seconds; a long wait: the killed instance's request
    // threads are still driving their sagas when it dies
    env.put("SAGA_LEASE_MS", "5000");
    env.put("DEPOSIT_WATCHER_LEASE_MS", "3000");
    env.put("SYNC_WAIT_MS", "30000");
    try {
      ChildJvm child = ChildJvm.start("server-" + name, ServerMain.class, env, logs, ApiContract.BASE + "/health",
          Duration.ofSeconds(120));
      synchronized (children) {
        children.add(child);
      }
      return child;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Progress with the time since the test began, for the log of a slow or failed run. */
  private void mark(String what) {
    System.out.printf("two instances: %s at %.1f s%n", what, (System.nanoTime() - started) / 1e9);
  }

  private static void quietly(Runnable call) {
    try {
      call.run();
    } catch (AssertionError | RuntimeException e) {
      // the connection dies with the killed instance; the client retries on the survivor
    }
  }

  private static String address(Http http, String user) {
    return http.get("/users/" + user + "/wallet/deposit").data().get("address").asText();
  }

  private static String status(Http http, String order) {
    return http.get("/orders/" + order).data().get("status").asText();
  }

  private static JsonNode balance(Http http, String user) {
    return http.get("/users/" + user + "/balance").json();
  }

  private static BigDecimal available(Http http, String user) {
    return new BigDecimal(balance(http, user).get("available").asText());
  }

  private static boolean has(SseClient stream, String type, String aggregate) {
    return stream.frames.stream().anyMatch(f -> type.equals(f.event()) && f.data().contains("\"" + aggregate + "\""));
  }

  /** Both streams hold the events after {@code cursor} with no gap and no repeat, the same on each. */
  private static void sameGapFreeSequence(SseClient one, SseClient other, long cursor) {
    List<SseClient.Frame> first = List.copyOf(one.frames);
    List<SseClient.Frame> second = List.copyOf(other.frames);
    int common = Math.min(first.size(), second.size());
    assertTrue(common > 0);
    for (int i = 0; i < common; i++) {
      assertEquals(Long.toString(cursor + 1 + i), first.get(i).id(), "gap-free on one stream");
      assertEquals(first.get(i), second.get(i), "the same event at the same place on both streams");
    }
  }

  private void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (AssertionError | RuntimeException notYet) {
        // a read during a takeover may fail; the condition is polled again
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting for: " + what);
  }

  // ---- the simulator, over HTTP ----

  private String pay(String to, String amount) throws IOException, InterruptedException {
    JsonNode paid = Http.JSON.readTree(admin("/admin/payments", "{\"to\":\"" + to + "\",\"amount\":\"" + amount
        + "\"}"));
    return paid.get("hash").asText();
  }

  private String admin(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = SIM.send(HttpRequest.newBuilder(URI.create(simBase + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response::body);
    return response.body();
  }

  private BigDecimal onChainUsdc(String account) throws IOException, InterruptedException {
    HttpResponse<String> response = SIM.send(HttpRequest.newBuilder(URI.create(simBase + "/accounts/" + account))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response::body);
    for (JsonNode balance : Http.JSON.readTree(response.body()).get("balances")) {
      if ("USDC".equals(balance.path("asset_code").asText())) {
        return new BigDecimal(balance.get("balance").asText());
      }
    }
    throw new AssertionError("no USDC trustline on " + account);
  }

  private JsonNode escrowOnChain(String contract) throws IOException, InterruptedException {
    HttpResponse<String> response = SIM.send(HttpRequest.newBuilder(URI.create(simBase
        + "/tw/helper/get-escrow-by-contract-ids?contractIds=" + URLEncoder.encode(contract, StandardCharsets.UTF_8)))
        .header("x-api-key", TW_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response::body);
    JsonNode list = Http.JSON.readTree(response.body());
    assertEquals(1, list.size(), response::body);
    return list.get(0);
  }

  // ---- the shared database, read directly ----

  private Connection db() throws SQLException {
    return DriverManager.getConnection(ServerHarness.PG_URL + "?currentSchema=" + schema, "postgres", "");
  }

  private long lastSequence() throws SQLException {
    try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT last_sequence FROM oh_outbox_sequence WHERE id = 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private java.time.Instant dbNow() throws SQLException {
    try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery("SELECT CURRENT_TIMESTAMP")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** The instance ("a" or "b") holding the deposit watcher's lease. */
  private String watcherLeader() throws SQLException {
    try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT owner FROM oh_leases WHERE name = 'deposit-watcher'")) {
      assertTrue(rs.next(), "someone leads the deposit watch");
      return rs.getString(1).substring(0, 1);
    }
  }

  private int sagasSince(java.time.Instant since, String condition) {
    try (Connection c = db(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM oh_sagas WHERE "
        + "kind IN ('RELEASE', 'WITHDRAWAL') AND created_at >= ? AND " + condition)) {
      s.setTimestamp(1, java.sql.Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int depositsOf(String user) throws SQLException {
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM oh_deposits WHERE user_id = ?")) {
      s.setString(1, user);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** How many times {@code hash} was credited in the books. */
  private int creditsOf(String hash) throws SQLException {
    try (Connection c = db(); PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM oh_ledger_postings WHERE kind = 'CREDIT_AVAILABLE' AND reference = ?")) {
      s.setString(1, hash);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Postings whose entries do not sum to zero (none, or money was made or lost). */
  private int unbalancedPostings() throws SQLException {
    try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM (SELECT "
        + "posting_seq FROM oh_ledger_entries GROUP BY posting_seq HAVING SUM(amount) <> 0) unbalanced")) {
      rs.next();
      return rs.getInt(1);
    }
  }

}

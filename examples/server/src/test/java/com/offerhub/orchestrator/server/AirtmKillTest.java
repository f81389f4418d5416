package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.simulator.AirtmFaults;
import com.offerhub.orchestrator.simulator.StellarSimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: {@code kill -9} of the server between every step of an AirTM payout and of a top-up,
 * then a restart on the same PostgreSQL: exactly one payout and one credit each. The server runs as
 * a child JVM in testnet mode against the simulator (in this JVM), whose AirTM holds chosen calls
 * mid-way, before or after applying them, while the server waits for the answer; the server is
 * killed there. Round one: a payout create and a pay-in create applied at AirTM but unanswered, and
 * a commit not yet applied. Round two, after a restart: a payout and a pay-in create not applied,
 * and a commit applied but unanswered. After each kill the next server settles every payment by
 * AirTM's own reference ({@code code} = our id), then the books are checked.
 */
class AirtmKillTest {
  private static final String PAYEE = "payee@example.com";
  private final List<ChildJvm> children = new ArrayList<>();
  private StellarSimulator simulator;
  private String schema;
  private Map<String, String> env;

  @Test
  void killNineBetweenEveryStepOfAPayoutAndATopUpEndsWithOnePayoutAndOneCreditEach() throws Throwable {
    Path logs = Path.of("target", "airtm-kill", Long.toString(System.currentTimeMillis()));
    schema = ServerHarness.createSchema("oh_airtm_kill_");
    simulator = StellarSimulator.builder().port(0).ledgerInterval(Duration.ofMillis(200)).start();
    try {
      run(logs);
    } catch (Throwable failure) {
      children.forEach(ChildJvm::printLog);
      throw failure;
    } finally {
      children.forEach(ChildJvm::close);
      simulator.close();
      ServerHarness.dropSchema(schema);
    }
  }

  private void run(Path logs) throws Exception {
    simulator.airtm().putUser(PAYEE, "active", true, "ARG");
    AirtmFaults faults = simulator.airtmFaults();
    faults.stallMillis(20_000); // past the kill, short of the server's 30 s timeout
    env = serverEnv();

    ChildJvm first = server("a", logs);
    Http api = Http.at(first.port()).as(key(first));
    Http before = api;
    String user = ServerHarness.user(api, "kill-user");
    assertEquals(200, api.post("/users/" + user + "/airtm/link", Map.of("email", PAYEE)).status());
    String funding = topUp(api, user, "300.00");
    simulator.airtm().confirmPayin(payinOf(api, funding), PAYEE);
    assertEquals("TOPUP_SUCCEEDED", api.post("/topups/" + funding + "/refresh").json().get("status").asText());

    // Round one: applied at AirTM but unanswered (payout create, pay-in create); a commit not applied.
    String toCommitFirst = withdraw(api, user, "50.00", false);
    String firstCommitPayout = api.get("/withdrawals/" + toCommitFirst).json().get("airtmPayoutId").asText();
    faults.next("POST /payouts", AirtmFaults.Mode.STALL_AFTER_APPLY, 1);
    faults.next("POST /payins", AirtmFaults.Mode.STALL_AFTER_APPLY, 1);
    faults.next("POST /payouts/{id}/commit", AirtmFaults.Mode.STALL, 1);
    int payouts = simulator.airtm().payoutCount();
    int payins = simulator.airtm().payinCount();
    inFlight(before, List.of(
        () -> before.post("/withdrawals", Map.of("userId", user, "amount", "40.00", "destinationType",
            "airtm_balance", "destinationRef", PAYEE, "commit", true)),
        () -> before.post("/topups", Map.of("userId", user, "amount", "25.00")),
        () -> before.post("/withdrawals/" + toCommitFirst + "/commit")));
    await(() -> faults.spent() && simulator.airtm().payoutCount() == payouts + 1
        && simulator.airtm().payinCount() == payins + 1, "AirTM holds the three calls");
    assertEquals(137, first.kill(), "killed with SIGKILL");

    ChildJvm second = server("b", logs);
    api = Http.at(second.port()).as(key(second));
    String createdThenKilled = withdrawalOf(api, user, "40.00");
    String payinThenKilled = topUpOf(api, user, "25.00");
    assertBalance(api, user, "210.00", "90.00"); // both holds kept: nothing failed, nothing paid twice
    assertEquals("WITHDRAWAL_COMPLETED", refreshWithdrawal(api, createdThenKilled));
    assertEquals(1, simulator.airtm().payoutsWithCode(createdThenKilled));
    assertEquals(1, simulator.airtm().payoutRequests(createdThenKilled), "found by its code, not created again");
    assertEquals("WITHDRAWAL_COMPLETED", refreshWithdrawal(api, toCommitFirst));
    assertEquals(1, simulator.airtm().commitRequests(firstCommitPayout),
        "the held commit never applied; the restarted server committed once");
    assertEquals("TOPUP_AWAITING_USER_CONFIRMATION", refreshTopUp(api, payinThenKilled));
    assertEquals(1, simulator.airtm().payinsWithCode(payinThenKilled));
    assertEquals(1, simulator.airtm().payinRequests(payinThenKilled), "found by its code, not created again");
    simulator.airtm().confirmPayin(payinOf(api, payinThenKilled), PAYEE);
    assertEquals("TOPUP_SUCCEEDED", refreshTopUp(api, payinThenKilled));
    assertBalance(api, user, "235.00", "0.00");

    // Round two: not applied at AirTM (payout create, pay-in create); a commit applied but unanswered.
    String toCommitSecond = withdraw(api, user, "30.00", false);
    String secondCommitPayout = api.get("/withdrawals/" + toCommitSecond).json().get("airtmPayoutId").asText();
    faults.next("POST /payouts", AirtmFaults.Mode.STALL, 1);
    faults.next("POST /payins", AirtmFaults.Mode.STALL, 1);
    faults.next("POST /payouts/{id}/commit", AirtmFaults.Mode.STALL_AFTER_APPLY, 1);
    Http during = api;
    inFlight(during, List.of(
        () -> during.post("/withdrawals", Map.of("userId", user, "amount", "20.00", "destinationType",
            "airtm_balance", "destinationRef", PAYEE, "commit", true)),
        () -> during.post("/topups", Map.of("userId", user, "amount", "15.00")),
        () -> during.post("/withdrawals/" + toCommitSecond + "/commit")));
    await(() -> faults.spent() && simulator.airtm().commitRequests(secondCommitPayout) == 1,
        "AirTM holds the three calls");
    Thread.sleep(300); // the held commit has applied before it stalls
    assertEquals(137, second.kill(), "killed with SIGKILL");

    try (ServerHarness third = ServerHarness.start(ServerHarness.Db.POSTGRES, env)) {
      api = third.client("read", "write");
      String notCreated = withdrawalOf(api, user, "20.00");
      String payinNotCreated = topUpOf(api, user, "15.00");
      assertBalance(api, user, "185.00", "50.00");
      assertEquals("WITHDRAWAL_COMPLETED", refreshWithdrawal(api, notCreated));
      assertEquals(1, simulator.airtm().payoutsWithCode(notCreated));
      assertEquals(1, simulator.airtm().payoutRequests(notCreated),
          "the held create never applied; the restarted server created once");
      assertEquals("WITHDRAWAL_COMPLETED", refreshWithdrawal(api, toCommitSecond));
      assertEquals(1, simulator.airtm().commitRequests(secondCommitPayout), "found committed, not committed again");
      assertEquals("TOPUP_AWAITING_USER_CONFIRMATION", refreshTopUp(api, payinNotCreated));
      assertEquals(1, simulator.airtm().payinsWithCode(payinNotCreated));
      simulator.airtm().confirmPayin(payinOf(api, payinNotCreated), PAYEE);
      assertEquals("TOPUP_SUCCEEDED", refreshTopUp(api, payinNotCreated));
      assertBalance(api, user, "200.00", "0.00");
      var engine = third.server().engine();
      assertTrue(engine.ledger().verify().isClean(), engine.ledger().verify().problems().toString());
      long credits = engine.events().readAfter(0, 1000).stream().filter(e -> e.eventType().equals("topup.succeeded"))
          .count();
      assertEquals(3, credits, "300, 25 and 15, each credited once");
      assertEquals(4, engine.events().readAfter(0, 1000).stream()
          .filter(e -> e.eventType().equals("withdrawal.completed")).count());
    }
  }

  private Map<String, String> serverEnv() {
    Map<String, String> map = ServerHarness.withAirtm(ServerHarness.testnetEnv(simulator.baseUrl()),
        simulator.airtmApiUrl(), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    map.put("OFFERHUB_MASTER_KEY", ServerHarness.MASTER);
    map.put("DATABASE_URL", ServerHarness.PG_URL + "?currentSchema=" + schema);
    map.put("DATABASE_USER", "postgres");
    map.put("DATABASE_POOL_SIZE", "4");
    map.put("RATE_LIMIT_PER_MINUTE", "0");
    map.put("STELLAR_CHANNEL_ACCOUNTS", "2");
    return map;
  }

  private ChildJvm server(String name, Path logs) throws Exception {
    ChildJvm child = ChildJvm.start("server-" + name, ServerMain.class, env, logs, ApiContract.BASE + "/health",
        Duration.ofSeconds(120));
    children.add(child);
    return child;
  }

  private static String key(ChildJvm server) {
    Http.Response created = Http.at(server.port()).as(ServerHarness.MASTER).post("/auth/api-keys", Map.of("name",
        "kill", "scopes", List.of("read", "write")));
    assertEquals(201, created.status(), created::toString);
    return created.data().get("key").asText();
  }

  /** Sends the requests from other threads; they hang on AirTM and die with the server. */
  private static void inFlight(Http api, List<Supplier<Http.Response>> requests) {
    for (Supplier<Http.Response> request : requests) {
      CompletableFuture.runAsync(() -> {
        try {
          request.get();
        } catch (RuntimeException | AssertionError e) {
          // the connection dies with the killed server
        }
      });
    }
  }

  private static String topUp(Http api, String user, String amount) {
    Http.Response created = api.post("/topups", Map.of("userId", user, "amount", amount));
    assertEquals(201, created.status(), created::toString);
    return created.json().get("id").asText();
  }

  private static String withdraw(Http api, String user, String amount, boolean commit) {
    Http.Response created = api.post("/withdrawals", Map.of("userId", user, "amount", amount, "destinationType",
        "airtm_balance", "destinationRef", PAYEE, "commit", commit));
    assertEquals(201, created.status(), created::toString);
    return created.json().get("id").asText();
  }

  private static String payinOf(Http api, String topUpId) {
    return api.get("/topups/" + topUpId).json().get("airtmPayinId").asText();
  }

  private static String withdrawalOf(Http api, String user, String amount) {
    return only(api.get("/withdrawals?userId=" + user).data(), amount);
  }

  private static String topUpOf(Http api, String user, String amount) {
    return only(api.get("/topups?userId=" + user).data(), amount);
  }

  private static String only(JsonNode items, String amount) {
    String found = null;
    for (JsonNode item : items) {
      if (new BigDecimal(item.get("amount").asText()).compareTo(new BigDecimal(amount)) == 0) {
        assertEquals(null, found, "one record of " + amount);
        found = item.get("id").asText();
      }
    }
    assertTrue(found != null, "a record of " + amount + " in " + items);
    return found;
  }

  private static String refreshWithdrawal(Http api, String id) {
    Http.Response refreshed = api.post("/withdrawals/" + id + "/refresh");
    assertEquals(200, refreshed.status(), refreshed::toString);
    return refreshed.json().get("status").asText();
  }

  private static String refreshTopUp(Http api, String id) {
    Http.Response refreshed = api.post("/topups/" + id + "/refresh");
    assertEquals(200, refreshed.status(), refreshed::toString);
    return refreshed.json().get("status").asText();
  }

  private static void assertBalance(Http api, String user, String available, String reserved) {
    JsonNode balance = api.get("/users/" + user + "/balance").json();
    assertEquals(available, balance.get("available").asText(), balance::toString);
    assertEquals(reserved, balance.get("reserved").asText(), balance::toString);
  }

  private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
    TestnetModeTest.waitFor(condition, what);
  }
}

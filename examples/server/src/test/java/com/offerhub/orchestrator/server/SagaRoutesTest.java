package com.offerhub.orchestrator.server;

import static com.offerhub.orchestrator.server.ServerHarness.deposit;
import static com.offerhub.orchestrator.server.ServerHarness.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.testkit.network.CallKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The saga administration routes: a withdrawal whose payment cannot be built stays PENDING, shows in
 * the list and by id, a retry drives it, and once it has ended a retry is refused (409
 * SAGA_NOT_PENDING); unknown sagas are 404, a bad state filter is 400, keyset pages, support scope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SagaRoutesTest {
  private ServerHarness harness;
  private Http support;
  private Http api;
  private String owner;
  private String address;

  @BeforeAll
  void start() {
    harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("SYNC_WAIT_MS", "1500"));
    api = harness.master();
    support = harness.client("support");
    owner = user(api, "saga-owner");
    deposit(api, owner, "50.00");
    address = api.get("/users/" + user(api, "saga-payee") + "/wallet/deposit").data().get("address").asText();
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  private String withdraw(String amount) {
    Http.Response created = api.post("/withdrawals", Map.of("userId", owner, "amount", amount, "destinationType",
        "crypto", "destinationRef", address));
    assertTrue(created.status() < 300, created::toString);
    return created.json().get("id").asText();
  }

  @Test
  void aPendingSagaIsListedReadAndRetriedAndOnceEndedNeverAgain() {
    harness.server().network().failNext(CallKind.BUILD, 1_000_000);
    String withdrawal = withdraw("5.00");
    JsonNode saga = null;
    for (JsonNode item : support.get("/sagas?state=PENDING&limit=100").data()) {
      if (item.get("subjectId").asText().equals(withdrawal)) {
        saga = item;
      }
    }
    assertTrue(saga != null, "the withdrawal's saga is pending");
    String id = saga.get("id").asText();
    assertEquals("WITHDRAWAL", saga.get("kind").asText());
    assertEquals("PENDING", saga.get("state").asText());
    assertEquals("payment", saga.get("currentStep").asText());
    assertTrue(saga.get("failure").isNull());
    for (String field : List.of("nextAttemptAt", "createdAt", "updatedAt")) {
      assertTrue(saga.get(field).asText().endsWith("Z"), field + ": " + saga);
    }
    Http.Response read = support.get("/sagas/" + id);
    assertEquals(200, read.status(), read::toString);
    assertEquals(saga.get("createdAt"), read.data().get("createdAt"));
    assertEquals("PENDING", read.data().get("state").asText());

    Http.Response stillFailing = support.post("/sagas/" + id + "/retry");
    assertEquals(200, stillFailing.status(), stillFailing::toString);
    assertEquals("PENDING", stillFailing.data().get("state").asText(), "the network still fails");

    harness.server().network().reset();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      Http.Response retried = support.post("/sagas/" + id + "/retry");
      if (retried.status() == 409) {
        break; // the background job finished it first
      }
      assertEquals(200, retried.status(), retried::toString);
      if (!retried.data().get("state").asText().equals("PENDING")) {
        assertEquals("COMPLETED", retried.data().get("state").asText());
        break;
      }
      assertTrue(System.nanoTime() < deadline, "the saga never completed");
      ServerHarness.sleep(100);
    }
    JsonNode done = support.get("/sagas/" + id).data();
    assertEquals("COMPLETED", done.get("state").asText());
    assertTrue(done.get("currentStep").isNull());

    Http.Response refused = support.post("/sagas/" + id + "/retry");
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("SAGA_NOT_PENDING", refused.code());
    assertEquals(done, support.get("/sagas/" + id).data(), "an ended saga is not touched");
    assertEquals("WITHDRAWAL_COMPLETED", api.get("/withdrawals/" + withdrawal).json().get("status").asText());
  }

  @Test
  void unknownSagasBadFiltersAndScopesAreRefused() {
    Http.Response missing = support.get("/sagas/sga_missing");
    assertEquals(404, missing.status(), missing::toString);
    assertEquals("SAGA_NOT_FOUND", missing.code());
    Http.Response retryMissing = support.post("/sagas/sga_missing/retry");
    assertEquals(404, retryMissing.status(), retryMissing::toString);
    assertEquals("SAGA_NOT_FOUND", retryMissing.code());

    Http.Response badState = support.invalidRequest().get("/sagas?state=STUCK");
    assertEquals(400, badState.status(), badState::toString);
    assertEquals("VALIDATION_ERROR", badState.code());
    Http.Response lowerCase = support.invalidRequest().get("/sagas?state=pending");
    assertEquals(400, lowerCase.status(), lowerCase::toString);

    Http.Response readOnly = harness.client("read").get("/sagas");
    assertEquals(403, readOnly.status(), readOnly::toString);
    assertEquals("INSUFFICIENT_SCOPE", readOnly.code());
    assertEquals(401, harness.anonymous().invalidRequest().get("/sagas").status());
  }

  @Test
  void sagasArePagedNewestFirstByKeyset() {
    for (int i = 0; i < 3; i++) {
      withdraw("1.00");
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    String lastCreated = null;
    int pages = 0;
    do {
      Http.Response page = support.get("/sagas?state=COMPLETED&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, page.status(), page::toString);
      assertEquals(1, page.data().size(), page::toString);
      JsonNode item = page.data().get(0);
      assertEquals("COMPLETED", item.get("state").asText());
      assertTrue(seen.add(item.get("id").asText()), "each saga once");
      String created = item.get("createdAt").asText();
      assertTrue(lastCreated == null || created.compareTo(lastCreated) <= 0, "newest first");
      lastCreated = created;
      cursor = page.json().get("hasMore").asBoolean() ? page.json().get("nextCursor").asText() : null;
      if (cursor != null) {
        assertEquals(item.get("id").asText(), cursor);
      }
      pages++;
    } while (cursor != null && pages < 50);
    assertTrue(seen.size() >= 3, seen::toString);
    JsonNode all = support.get("/sagas?limit=100").json();
    assertFalse(all.get("hasMore").asBoolean());
    assertTrue(all.get("data").size() >= seen.size());
    assertNotEquals(0, all.get("data").size());
    assertEquals(0, support.get("/sagas?cursor=sga_unknown").data().size(), "an unknown cursor: an empty page");
  }
}

package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.EventOperations;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.RecordingEventListener;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The event stream over a given storage: subscribers see every committed event exactly once, in
 * sequence order without gaps, while many threads write; a subscriber resuming from any cursor
 * receives exactly what came after it.
 */
public abstract class EventStreamContract {
  protected abstract Storage newStorage();

  @Test
  void liveSubscribersSeeEveryEventOnceInOrderUnderConcurrentWrites() throws Exception {
    TestEngine test = TestEngine.builder().storage(newStorage()).build();
    OrchestratorEngine engine = test.engine();
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      users.add(test.user("writer-" + i));
    }
    long start = engine.events().lastSequence();
    RecordingEventListener early = new RecordingEventListener();
    EventOperations.Subscription subscription = engine.events().subscribe(start, early);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    int perThread = 25;
    for (User user : users) {
      pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          engine.balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
        }
        return null;
      });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    long end = engine.events().lastSequence();
    assertEquals(start + users.size() * perThread, end);
    early.await(e -> e.sequence() == end, Duration.ofSeconds(10));
    subscription.close();
    List<DomainEvent> seen = early.events();
    assertEquals(end - start, seen.size());
    for (int i = 0; i < seen.size(); i++) {
      assertEquals(start + i + 1, seen.get(i).sequence(), "gap or duplicate at index " + i);
    }
    long middle = start + (end - start) / 2;
    RecordingEventListener resumed = new RecordingEventListener();
    try (EventOperations.Subscription late = engine.events().subscribe(middle, resumed)) {
      assertEquals(seen.subList((int) (middle - start), seen.size()), resumed.events());
      assertEquals(end, late.cursor());
    }
    for (User user : users) {
      engine.balances().debit(user.id(), BalanceRequest.of(Integer.toString(perThread)), "manual adjustment");
    }
  }

  @Test
  void eventsCarryTheSpecEnvelope() {
    TestEngine test = TestEngine.builder().storage(newStorage()).build();
    User user = test.user("enveloped");
    DomainEvent created = test.engine().events().readAfter(0, 1000).stream()
        .filter(e -> e.eventType().equals("user.created") && e.aggregateId().equals(user.id())).findFirst()
        .orElseThrow();
    assertTrue(created.eventId().startsWith("evt_"));
    assertEquals("User", created.aggregateType());
    assertEquals(user.id(), created.payload().get("userId"));
    assertEquals(user.id(), created.metadata().get("userId"));
  }
}

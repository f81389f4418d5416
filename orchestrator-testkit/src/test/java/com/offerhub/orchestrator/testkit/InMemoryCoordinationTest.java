package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The in-memory leases and rate limits tests use, on a clock the test moves. */
class InMemoryCoordinationTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryCoordination coordination = new InMemoryCoordination(clock);

  /** Runs {@code limiter.acquire()} on another thread; the future completes when it is admitted. */
  private static CompletableFuture<Void> acquireAsync(RateLimiter limiter) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        limiter.acquire();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  @Test
  void leasesEndWithTheClockAndFreeThemForAnotherOwner() {
    assertTrue(coordination.tryAcquire("deposit-watcher", "a", Duration.ofSeconds(15)));
    assertFalse(coordination.tryAcquire("deposit-watcher", "b", Duration.ofSeconds(15)));
    assertEquals(Optional.of("a"), coordination.holder("deposit-watcher"));
    clock.advance(Duration.ofSeconds(15));
    assertEquals(Optional.empty(), coordination.holder("deposit-watcher"), "run out");
    assertTrue(coordination.tryAcquire("deposit-watcher", "b", Duration.ofSeconds(15)));
    coordination.release("deposit-watcher", "a");
    assertEquals(Optional.of("b"), coordination.holder("deposit-watcher"), "a release by a non-owner is ignored");
    coordination.release("deposit-watcher", "b");
    assertEquals(Optional.empty(), coordination.holder("deposit-watcher"));
  }

  @Test
  void aCallerOverTheLimitWaitsUntilTheWindowTurnsAndIsNeverRefused() throws Exception {
    RateLimiter limiter = coordination.rateLimiter("trustless-work:key-1", 2, Duration.ofMinutes(1));
    limiter.acquire();
    clock.advance(Duration.ofSeconds(30));
    limiter.acquire();
    CompletableFuture<Void> third = acquireAsync(limiter);
    assertThrows(TimeoutException.class, () -> third.get(100, TimeUnit.MILLISECONDS), "over the limit: it waits");
    clock.advance(Duration.ofSeconds(29));
    assertThrows(TimeoutException.class, () -> third.get(100, TimeUnit.MILLISECONDS), "the first permit is 59 s old");
    clock.advance(Duration.ofSeconds(1));
    third.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aLimiterKeyNamesAnApiKeyWithoutHoldingIt() {
    String key = "tw_live_0123456789abcdef";
    String id = StorageRateLimiter.keyId(key);
    assertTrue(id.matches("[0-9a-f]{16}"), id);
    assertEquals(id, StorageRateLimiter.keyId(key), "stable: every instance names the key alike");
    assertFalse(id.equals(StorageRateLimiter.keyId(key + "x")), "another key, another name");
    assertFalse(key.contains(id) || id.contains("0123456789abcdef"), id);
  }

  @Test
  void limitersOfOneKeyShareThePermitsAndOtherKeysDoNot() {
    StorageRateLimiter first = coordination.rateLimiter("tw:key-1", 1, Duration.ofMinutes(1));
    StorageRateLimiter second = coordination.rateLimiter("tw:key-1", 1, Duration.ofMinutes(1));
    StorageRateLimiter other = coordination.rateLimiter("tw:key-2", 1, Duration.ofMinutes(1));
    assertTrue(first.tryAcquire());
    assertFalse(second.tryAcquire());
    assertTrue(other.tryAcquire());
  }

  @Test
  void aCallerWaitingForAPermitCanBeInterrupted() throws Exception {
    RateLimiter limiter = coordination.rateLimiter("tw:key-1", 1, Duration.ofHours(1));
    limiter.acquire();
    CompletableFuture<Thread> waiting = new CompletableFuture<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      waiting.complete(Thread.currentThread());
      try {
        limiter.acquire();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    thread.start();
    waiting.get(5, TimeUnit.SECONDS);
    assertThrows(TimeoutException.class, () -> done.get(50, TimeUnit.MILLISECONDS));
    thread.interrupt();
    ExecutionException failure = assertThrows(ExecutionException.class, () -> done.get(5, TimeUnit.SECONDS));
    assertInstanceOf(InterruptedException.class, failure.getCause());
  }

  @Test
  void badArgumentsAreRefusedWithAClearMessage() {
    StorageLeaseService leases = StorageLeaseService.of(new InMemoryStorage(), clock);
    assertEquals("lease owner is required", assertThrows(IllegalArgumentException.class,
        () -> leases.tryAcquire("deposit-watcher", " ", Duration.ofSeconds(1))).getMessage());
    assertEquals("lease duration must be positive", assertThrows(IllegalArgumentException.class,
        () -> leases.tryAcquire("deposit-watcher", "a", Duration.ZERO)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> leases.tryAcquire("x".repeat(129), "a", Duration.ofSeconds(1)));
    assertEquals("limit must be 1..10000, was 0", assertThrows(IllegalArgumentException.class,
        () -> coordination.rateLimiter("tw:key-1", 0, Duration.ofMinutes(1))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> coordination.rateLimiter("tw:key-1", 5, Duration.ZERO));
  }
}

package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.server.http.RateLimiter;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.StorageException;
import com.offerhub.orchestrator.spi.storage.UnitOfWork;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: the per-key limit counted in the storage. Two limiters stand for two server
 * instances on one database; a storage that fails shows the fail-open choice (each instance falls
 * back to its own window, so a key is still limited per instance).
 */
class SharedRateLimiterTest {
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00.250Z");
  private final MutableClock clock = new MutableClock(T0);

  /** A storage that can be made to fail every transaction, as a database that went away. */
  private static final class Unreliable implements Storage {
    private final Storage inner = new InMemoryStorage();
    volatile boolean down;
    int transactions;

    @Override
    public <T> T inTransaction(UnitOfWork<T> work) {
      transactions++;
      if (down) {
        throw new StorageException("connection refused", true);
      }
      return inner.inTransaction(work);
    }

    @Override
    public <T> T read(UnitOfWork<T> work) {
      return inner.read(work);
    }

    @Override
    public <T> T readSnapshot(UnitOfWork<T> work) {
      return inner.readSnapshot(work);
    }

    @Override
    public void onOutboxCommit(Runnable listener) {
      inner.onOutboxCommit(listener);
    }
  }

  @Test
  void twoInstancesOnOneStorageShareAKeysWindow() {
    Unreliable storage = new Unreliable();
    RateLimiter a = new RateLimiter(4, clock, storage);
    RateLimiter b = new RateLimiter(4, clock, storage);
    assertEquals(3, a.hit("key:k1").remaining());
    assertEquals(2, b.hit("key:k1").remaining());
    assertEquals(1, a.hit("key:k1").remaining());
    RateLimiter.Decision last = b.hit("key:k1");
    assertTrue(last.allowed());
    assertEquals(0, last.remaining());
    assertEquals(4, storage.transactions, "one short transaction per request");
    RateLimiter.Decision refused = a.hit("key:k1");
    assertFalse(refused.allowed(), "the fifth request, on either instance, is over the limit");
    assertEquals(60, refused.retryAfterSeconds(), "the window started at T0 and ends at T0+60 s");
    assertEquals(T0.plusSeconds(60).getEpochSecond() + 1, refused.resetEpochSeconds(), "rounded up to a second");
    assertTrue(b.hit("key:k2").allowed(), "another key has its own window");
    clock.advance(Duration.ofSeconds(30));
    assertEquals(30, b.hit("key:k1").retryAfterSeconds());
    clock.advance(Duration.ofSeconds(30));
    RateLimiter.Decision fresh = b.hit("key:k1");
    assertTrue(fresh.allowed(), "a new window");
    assertEquals(3, fresh.remaining());
    assertEquals(2, a.hit("key:k1").remaining(), "and a sees the same new window");
  }

  @Test
  void endedWindowsAreSwept() {
    Unreliable storage = new Unreliable();
    RateLimiter limiter = new RateLimiter(10, clock, storage);
    limiter.hit("key:old");
    clock.advance(Duration.ofSeconds(30));
    limiter.hit("key:recent");
    assertEquals(0, limiter.sweep(), "no window has ended yet");
    clock.advance(Duration.ofSeconds(30));
    assertEquals(1, limiter.sweep(), "key:old's window ended at T0+60");
    clock.advance(Duration.ofSeconds(30));
    assertEquals(1, limiter.sweep(), "key:recent's ended at T0+90");
    storage.down = true;
    assertEquals(0, limiter.sweep(), "a failed sweep is logged and retried later, never thrown");
  }

  @Test
  void storageDownFailsOpenToAPerInstanceWindowAndSharingResumesWhenItAnswers() {
    Unreliable storage = new Unreliable();
    RateLimiter a = new RateLimiter(3, clock, storage);
    RateLimiter b = new RateLimiter(3, clock, storage);
    assertEquals(2, a.hit("key:k").remaining(), "shared: one of three used");
    storage.down = true;
    for (int i = 1; i <= 3; i++) {
      RateLimiter.Decision local = a.hit("key:k");
      assertTrue(local.allowed(), "request " + i + " on a: served, counted by a alone");
      assertEquals(3 - i, local.remaining());
    }
    assertFalse(a.hit("key:k").allowed(), "a still limits the key to 3 on its own");
    assertTrue(b.hit("key:k").allowed(), "b counts for itself: the limit holds per instance while the storage is down");
    storage.down = false;
    RateLimiter.Decision shared = b.hit("key:k");
    assertTrue(shared.allowed());
    assertEquals(1, shared.remaining(), "the storage's count again: the second of three in its window");
    assertEquals(0, a.hit("key:k").remaining(), "a counts in the storage again: the third");
    assertFalse(a.hit("key:k").allowed(), "and the fourth is refused: the shared limit holds again");
  }
}

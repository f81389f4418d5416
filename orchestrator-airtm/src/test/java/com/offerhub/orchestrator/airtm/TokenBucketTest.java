package com.offerhub.orchestrator.airtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The local limiter: a burst of one second's permits, then one every 1/rate seconds. */
class TokenBucketTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(5_000 * MS);
  private final List<Long> sleeps = new ArrayList<>();

  private TokenBucket bucket(int perSecond) {
    return new TokenBucket(perSecond, now::get, nanos -> {
      sleeps.add(nanos / MS);
      now.addAndGet(nanos);
    });
  }

  @Test
  void tenAtOnceThenOneEveryHundredMilliseconds() throws InterruptedException {
    TokenBucket bucket = bucket(10);
    for (int i = 0; i < 10; i++) {
      bucket.acquire();
    }
    assertEquals(List.of(), sleeps, "a burst of ten passes without waiting");
    bucket.acquire();
    bucket.acquire();
    assertEquals(List.of(100L, 100L), sleeps);
  }

  @Test
  void aQuietSecondRefillsTheBurst() throws InterruptedException {
    TokenBucket bucket = bucket(10);
    for (int i = 0; i < 12; i++) {
      bucket.acquire();
    }
    sleeps.clear();
    now.addAndGet(2_000 * MS);
    for (int i = 0; i < 10; i++) {
      bucket.acquire();
    }
    assertEquals(List.of(), sleeps);
  }

  @Test
  void waitersQueueInOrderWithoutSleepingUnderTheLock() {
    TokenBucket bucket = bucket(2);
    assertEquals(0, bucket.reserve());
    assertEquals(0, bucket.reserve());
    assertEquals(500 * MS, bucket.reserve(), "the third caller waits half a second");
    assertEquals(1_000 * MS, bucket.reserve(), "the fourth waits behind the third");
  }

  @Test
  void aRateBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0));
  }
}

package com.offerhub.orchestrator.server.http;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP side of idempotency (spec/02 §7): per (principal, key) it remembers the request
 * fingerprint, whether the first request is still running, and the exact bytes of its successful
 * response, so a retry in this process gets the same status and body. The guarantee that an effect
 * happens once lives in the engine (its idempotency record commits with the effect, survives
 * restarts and is shared by every instance); this cache adds in-flight conflicts and byte-exact
 * replays. Bounded: expired entries are swept, and beyond {@code maxEntries} the oldest finished
 * ones are dropped (the engine still answers those keys).
 */
public final class IdempotencyCache {
  private final Clock clock;
  private final long ttlMillis;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public IdempotencyCache(Clock clock, long ttlMillis, int maxEntries) {
    this.clock = clock;
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
  }

  /** A finished response. */
  public record Stored(int status, byte[] body) {}

  private record Entry(String fingerprint, Stored response, long expiresAt, long createdAt) {}

  public sealed interface Begin permits Proceed, Replay, Conflict {}

  public record Proceed() implements Begin {}

  public record Replay(Stored response) implements Begin {}

  /** {@code reused} = different fingerprint; otherwise the first request is still running. */
  public record Conflict(boolean reused) implements Begin {}

  public Begin begin(String scopeKey, String fingerprint) {
    long now = clock.millis();
    Begin[] outcome = new Begin[1];
    entries.compute(scopeKey, (k, current) -> {
      if (current == null || current.expiresAt <= now) {
        outcome[0] = new Proceed();
        return new Entry(fingerprint, null, now + ttlMillis, now);
      }
      if (!current.fingerprint.equals(fingerprint)) {
        outcome[0] = new Conflict(true);
      } else if (current.response == null) {
        outcome[0] = new Conflict(false);
      } else {
        outcome[0] = new Replay(current.response);
      }
      return current;
    });
    if (entries.size() > maxEntries) {
      trim(now);
    }
    return outcome[0];
  }

  public void complete(String scopeKey, Stored response) {
    long now = clock.millis();
    entries.computeIfPresent(scopeKey, (k, current) -> new Entry(current.fingerprint, response, now + ttlMillis,
        current.createdAt));
  }

  /** The request failed: nothing is kept, a retry runs again. */
  public void abandon(String scopeKey) {
    entries.computeIfPresent(scopeKey, (k, current) -> current.response == null ? null : current);
  }

  private void trim(long now) {
    entries.entrySet().removeIf(e -> e.getValue().expiresAt <= now);
    if (entries.size() <= maxEntries) {
      return;
    }
    long oldest = Long.MAX_VALUE;
    for (Entry entry : entries.values()) {
      if (entry.response != null) {
        oldest = Math.min(oldest, entry.createdAt);
      }
    }
    long cutoff = oldest + Math.max(1, (now - oldest) / 2);
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext() && entries.size() > maxEntries) {
      Entry entry = it.next().getValue();
      if (entry.response != null && entry.createdAt < cutoff) {
        it.remove();
      }
    }
  }
}

package com.offerhub.orchestrator.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Fault knobs of the AirTM front (spec/06 §10), per endpoint in the form {@code "POST /payouts"},
 * {@code "POST /payouts/{id}/commit"}, {@code "GET /payins/by-code/{code}"} (see
 * {@link AirtmFront#ENDPOINTS}), or {@code "*"} for all. Counted knobs count down as they fire.
 * The rate limit (more than {@value #RATE_LIMIT_PER_SECOND} requests in one second per API key
 * answer 429) is off until switched on, so ordinary tests are never throttled. Thread-safe.
 */
public final class AirtmFaults {
  /** AirTM's published limit per API key. */
  public static final int RATE_LIMIT_PER_SECOND = 10;

  /** What the next calls of an endpoint do. */
  public enum Mode {
    /** Answer the knob's 5xx without applying anything. */
    FAIL,
    /** Apply the operation, then answer the knob's 5xx: the client lost the answer. */
    FAIL_AFTER_APPLY,
    /** Hold the request for {@link #stallMillis} without applying, then drop the connection. */
    STALL,
    /** Apply, then hold the answer for {@link #stallMillis} (past the client's timeout) and drop the connection. */
    STALL_AFTER_APPLY;

    /** Whether the operation is applied before the answer goes wrong. */
    public boolean applies() {
      return this == FAIL_AFTER_APPLY || this == STALL_AFTER_APPLY;
    }
  }

  /** A knob taken for one call: the mode and, for the failing modes, the status answered. */
  record Fault(Mode mode, int status) {
  }

  private static final class Counted {
    final Mode mode;
    final int status;
    int left;

    Counted(Mode mode, int status, int left) {
      this.mode = mode;
      this.status = status;
      this.left = left;
    }
  }

  private final Map<String, Counted> next = new HashMap<>();
  private final Map<String, Long> latency = new HashMap<>();
  private final Map<String, Deque<Long>> recent = new HashMap<>();
  private long stallMillis = 5_000;
  private boolean rateLimit;

  /** The next {@code count} calls of {@code endpoint} behave as {@code mode}, failing with 500. */
  public void next(String endpoint, Mode mode, int count) {
    next(endpoint, mode, count, 500);
  }

  /** The next {@code count} calls of {@code endpoint} behave as {@code mode}, failing with {@code status}. */
  public synchronized void next(String endpoint, Mode mode, int count, int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("a failing knob answers a 5xx status");
    }
    if (!endpoint.equals("*") && !AirtmFront.ENDPOINTS.contains(endpoint)) {
      throw new IllegalArgumentException("no AirTM endpoint " + endpoint + "; known: " + AirtmFront.ENDPOINTS);
    }
    next.put(endpoint, new Counted(mode, status, count));
  }

  /** How long the stalling modes hold a request (default 5 s). */
  public synchronized void stallMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("stall must not be negative");
    }
    this.stallMillis = millis;
  }

  synchronized long stallMillis() {
    return stallMillis;
  }

  /** Every call of {@code endpoint} ({@code "*"}: all) waits this long first (0 removes the knob). */
  public synchronized void latency(String endpoint, long millis) {
    if (millis <= 0) {
      latency.remove(endpoint);
    } else {
      latency.put(endpoint, millis);
    }
  }

  /** Switches the per-key limit of {@value #RATE_LIMIT_PER_SECOND} requests a second on or off. */
  public synchronized void rateLimit(boolean on) {
    this.rateLimit = on;
    recent.clear();
  }

  synchronized long latency(String endpoint) {
    Long value = latency.getOrDefault(endpoint, latency.get("*"));
    return value == null ? 0 : value;
  }

  /** Takes the knob for one call of {@code endpoint} (its own first, then {@code "*"}), or null. */
  synchronized Fault take(String endpoint) {
    for (String key : new String[] {endpoint, "*"}) {
      Counted knob = next.get(key);
      if (knob != null && knob.left > 0) {
        if (--knob.left == 0) {
          next.remove(key);
        }
        return new Fault(knob.mode, knob.status);
      }
    }
    return null;
  }

  /** Whether this request of {@code apiKey} goes beyond the limit; requests within it are counted. */
  synchronized boolean overLimit(String apiKey) {
    if (!rateLimit) {
      return false;
    }
    long now = System.nanoTime();
    Deque<Long> times = recent.computeIfAbsent(apiKey, k -> new ArrayDeque<>());
    while (!times.isEmpty() && now - times.peekFirst() >= 1_000_000_000L) {
      times.removeFirst();
    }
    if (times.size() >= RATE_LIMIT_PER_SECOND) {
      return true;
    }
    times.addLast(now);
    return false;
  }

  /** Whether every counted knob has fired. */
  public synchronized boolean spent() {
    return next.isEmpty();
  }

  /** Clears every knob and switches the rate limit off. */
  public synchronized void reset() {
    next.clear();
    latency.clear();
    recent.clear();
    stallMillis = 5_000;
    rateLimit = false;
  }
}

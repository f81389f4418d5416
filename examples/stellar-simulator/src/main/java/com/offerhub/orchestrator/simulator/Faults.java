package com.offerhub.orchestrator.simulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Fault knobs of the simulator's HTTP fronts (spec/04 §11, spec/05 §12). Each "next" knob counts
 * down as it fires. Thread-safe.
 */
public final class Faults {
  /** What the next submits (Horizon {@code POST /transactions}, RPC {@code sendTransaction}) do. */
  public enum Submit {
    /** Apply the transaction, then answer 504 (the outcome is unknown to the client). */
    TIMEOUT_AFTER_APPLY,
    /** Answer 504 without applying. */
    TIMEOUT,
    /** Answer 503 without applying. */
    UNAVAILABLE,
    /** Drop the connection without applying. */
    RESET,
    /** Answer 429 with {@code Retry-After}, without applying. */
    RATE_LIMITED,
    /**
     * Hold the request for {@link #stallMillis} (set it past the client's read timeout) without
     * applying, then drop the connection: the client times out, nothing happened.
     */
    STALL,
    /** Apply the transaction, then hold the answer for {@link #stallMillis} and drop the connection. */
    STALL_AFTER_APPLY;

    /** Whether the transaction is applied before the answer goes wrong. */
    public boolean applies() {
      return this == TIMEOUT_AFTER_APPLY || this == STALL_AFTER_APPLY;
    }
  }

  /** What the next Trustless Work {@code send-transaction} calls do. */
  public enum Send {
    /** Apply, then answer 500 with a message about {@code resultMetaXdr} (the ambiguous case). */
    APPLY_THEN_500,
    /** Answer {@code {"status":"FAILED"}} without applying. */
    FAILED_WITHOUT_APPLY,
    /** Refuse as {@code tx_bad_seq} without applying. */
    BAD_SEQ
  }

  private Submit submit;
  private int submitCount;
  private int retryAfterSeconds = 1;
  private long stallMillis = 5_000;
  private long delayMillis;
  private int sseDropAfter = -1;
  private int sseDuplicates;
  private int pageRewind;
  private String passphrase;
  private Send send;
  private int sendCount;
  private final Map<String, int[]> twStatus = new HashMap<>();
  private final Map<String, Long> twLatency = new HashMap<>();
  private final Map<String, long[]> twLatencyNext = new HashMap<>();

  /** The next {@code count} submits behave as {@code mode}. */
  public synchronized void nextSubmits(Submit mode, int count) {
    this.submit = mode;
    this.submitCount = count;
  }

  public synchronized void retryAfterSeconds(int seconds) {
    this.retryAfterSeconds = seconds;
  }

  synchronized int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** How long {@link Submit#STALL} and {@link Submit#STALL_AFTER_APPLY} hold a request (default 5 s). */
  public synchronized void stallMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("stall must not be negative");
    }
    this.stallMillis = millis;
  }

  synchronized long stallMillis() {
    return stallMillis;
  }

  /** Takes the knob for one submit, or null. */
  synchronized Submit takeSubmit() {
    if (submit == null || submitCount <= 0) {
      return null;
    }
    Submit mode = submit;
    if (--submitCount == 0) {
      submit = null;
    }
    return mode;
  }

  /** Every Horizon and RPC answer waits this long first. */
  public synchronized void delay(long millis) {
    this.delayMillis = millis;
  }

  synchronized long delayMillis() {
    return delayMillis;
  }

  /**
   * The next answer of the payments endpoints ({@code /payments}, {@code /accounts/{id}/payments})
   * is cut after {@code events} records (-1: never): an SSE stream ends after that many events, a
   * page is sent up to the end of its {@code events}-th record although its headers promised the
   * whole page, so the client fails reading the body mid-page.
   */
  public synchronized void dropNextStreamAfter(int events) {
    this.sseDropAfter = events;
  }

  synchronized int takeStreamDrop() {
    int value = sseDropAfter;
    sseDropAfter = -1;
    return value;
  }

  /** The next {@code count} records of the payments endpoints, streamed or paged, are sent twice in a row. */
  public synchronized void duplicateNextEvents(int count) {
    this.sseDuplicates = count;
  }

  synchronized boolean takeDuplicate() {
    if (sseDuplicates > 0) {
      sseDuplicates--;
      return true;
    }
    return false;
  }

  /**
   * The next page of the payments endpoints starts with the {@code records} records at and before
   * its cursor, which the client has already read (as a server behind a load balancer that lags a
   * little may answer); the page keeps its size.
   */
  public synchronized void rewindNextPage(int records) {
    this.pageRewind = records;
  }

  synchronized int takePageRewind() {
    int value = pageRewind;
    pageRewind = 0;
    return value;
  }

  /** {@code GET /} reports this passphrase instead of the network's (null: the real one). */
  public synchronized void reportPassphrase(String value) {
    this.passphrase = value;
  }

  synchronized String reportedPassphrase() {
    return passphrase;
  }

  /** The next {@code count} Trustless Work send-transaction calls behave as {@code mode}. */
  public synchronized void nextSends(Send mode, int count) {
    this.send = mode;
    this.sendCount = count;
  }

  synchronized Send takeSend() {
    if (send == null || sendCount <= 0) {
      return null;
    }
    Send mode = send;
    if (--sendCount == 0) {
      send = null;
    }
    return mode;
  }

  /**
   * The next {@code count} calls of a Trustless Work endpoint ({@code "*"} for all; paths as under
   * {@code /tw}, e.g. {@code /escrow/single-release/fund-escrow}) answer {@code status} (429, 500, 503).
   */
  public synchronized void twStatus(String endpoint, int status, int count) {
    twStatus.put(endpoint, new int[] {status, count});
  }

  /** Calls of a Trustless Work endpoint ({@code "*"} for all) wait this long first. */
  public synchronized void twLatency(String endpoint, long millis) {
    twLatency.put(endpoint, millis);
  }

  /**
   * Only the next {@code count} calls of a Trustless Work endpoint ({@code "*"} for all) wait
   * {@code millis} first (e.g. past the client's timeout); later calls answer at once again.
   */
  public synchronized void twLatency(String endpoint, long millis, int count) {
    twLatencyNext.put(endpoint, new long[] {millis, count});
  }

  synchronized int takeTwStatus(String endpoint) {
    for (String key : new String[] {endpoint, "*"}) {
      int[] knob = twStatus.get(key);
      if (knob != null && knob[1] > 0) {
        knob[1]--;
        return knob[0];
      }
    }
    return 0;
  }

  /** How long this call of {@code endpoint} waits: a counted knob first (counting it down), else the standing one. */
  synchronized long twLatency(String endpoint) {
    for (String key : new String[] {endpoint, "*"}) {
      long[] knob = twLatencyNext.get(key);
      if (knob != null && knob[1] > 0) {
        knob[1]--;
        return knob[0];
      }
    }
    Long value = twLatency.getOrDefault(endpoint, twLatency.get("*"));
    return value == null ? 0 : value;
  }

  /** Whether every counted knob has fired (submits, sends, Trustless Work statuses and latencies). */
  public synchronized boolean spent() {
    return submitCount <= 0 && sendCount <= 0 && twStatus.values().stream().allMatch(knob -> knob[1] <= 0)
        && twLatencyNext.values().stream().allMatch(knob -> knob[1] <= 0);
  }

  /** Clears every knob. */
  public synchronized void reset() {
    submit = null;
    submitCount = 0;
    retryAfterSeconds = 1;
    stallMillis = 5_000;
    delayMillis = 0;
    sseDropAfter = -1;
    sseDuplicates = 0;
    pageRewind = 0;
    passphrase = null;
    send = null;
    sendCount = 0;
    twStatus.clear();
    twLatency.clear();
    twLatencyNext.clear();
  }
}

package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.airtm.SvixSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * AirTM's webhook sender as Svix delivers it (spec/06 §8.1): {@code {"type", "data"}} posted to the
 * registered URL with {@code svix-id} ({@code msg_...}, the same on every redelivery),
 * {@code svix-timestamp} and {@code svix-signature} (computed with {@link SvixSignature}), from one
 * background thread, never inside the request that caused the event. A non-2xx answer or no
 * answer within {@link #timeout(Duration) the timeout} is retried on a compressed schedule
 * ({@link #DEFAULT_SCHEDULE}) and given up after its last entry.
 *
 * <p>Knobs for tests, each counting down as it fires: {@link #duplicateNext}, {@link #reorderNext},
 * {@link #badSignatureNext}, {@link #staleTimestampNext}, {@link #dropNext}. Thread-safe.
 */
public final class AirtmWebhooks implements AutoCloseable {
  /** Delays before the first attempt and between retries: at once, 200 ms, 1 s, 5 s. */
  public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ZERO, Duration.ofMillis(200),
      Duration.ofSeconds(1), Duration.ofSeconds(5));
  /** How long a receiver may take to answer (AirTM: 15 s). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  /** How far in the past {@link #staleTimestampNext} dates a delivery (beyond Svix's 5 minutes). */
  static final Duration STALE_BY = Duration.ofMinutes(10);
  static final int LOG_KEPT = 1_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /**
   * One attempt: the message, its event type, the attempt number (0 for the first), the receiver's
   * HTTP status (0: no answer in time or no connection) and when it was made.
   */
  public record Delivery(String svixId, String type, int attempt, int status, Instant at) {
    public boolean delivered() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Totals since start: messages emitted (events, before any knob), attempts, attempts answered
   * 2xx, attempts that failed, messages given up after the schedule, dropped by the knob, or
   * undeliverable because no URL was registered; messages held for reordering and still scheduled.
   */
  public record Counters(long emitted, long attempts, long delivered, long failedAttempts, long givenUp,
      long dropped, long undeliverable, int held, int pending) {
  }

  private record Message(String id, String type, byte[] body) {
  }

  private final Clock clock;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService sender;
  private final SvixSignature wrongKey = SvixSignature.of(newSecret());
  private final List<Message> held = new ArrayList<>();
  private final Deque<Delivery> log = new ArrayDeque<>();
  private URI url;
  private String secret;
  private SvixSignature signature;
  private List<Duration> schedule = DEFAULT_SCHEDULE;
  private Duration timeout = DEFAULT_TIMEOUT;
  private int duplicates;
  private int reorder;
  private int badSignatures;
  private int staleTimestamps;
  private int drops;
  private long emitted;
  private long attempts;
  private long delivered;
  private long failedAttempts;
  private long givenUp;
  private long dropped;
  private long undeliverable;
  private int pending;

  AirtmWebhooks(Clock clock) {
    this.clock = clock;
    this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "airtm-simulator-webhooks");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A fresh Svix secret, {@code whsec_} and 24 random bytes in base64. */
  public static String newSecret() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  /**
   * Where events go from now on, signed with {@code secret} ({@code whsec_...}; null: a fresh one);
   * a null {@code url} stops deliveries. Returns the secret in use.
   *
   * @throws IllegalArgumentException if the URL is not absolute http(s) or the secret is not {@code whsec_} base64
   */
  public synchronized String register(String url, String secret) {
    String key = secret == null || secret.isBlank() ? newSecret() : secret;
    SvixSignature scheme = SvixSignature.of(key);
    if (url == null || url.isBlank()) {
      this.url = null;
    } else {
      URI uri = URI.create(url);
      if (!uri.isAbsolute() || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("the webhook URL must be absolute http(s)");
      }
      this.url = uri;
    }
    this.signature = scheme;
    this.secret = key;
    return key;
  }

  /** The secret deliveries are signed with (to configure a receiver). */
  public synchronized String secret() {
    return secret;
  }

  /** The registered URL, or null. */
  public synchronized String url() {
    return url == null ? null : url.toString();
  }

  /** Delays before the first attempt and between retries; one entry per attempt. */
  public synchronized void retrySchedule(List<Duration> delays) {
    if (delays.isEmpty() || delays.stream().anyMatch(Duration::isNegative)) {
      throw new IllegalArgumentException("the retry schedule needs at least one non-negative delay");
    }
    this.schedule = List.copyOf(delays);
  }

  /** How long a receiver may take before the attempt counts as failed. */
  public synchronized void timeout(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("the webhook timeout must be positive");
    }
    this.timeout = value;
  }

  /** The next {@code count} messages are delivered twice, with the same {@code svix-id}. */
  public synchronized void duplicateNext(int count) {
    this.duplicates = Math.max(0, count);
  }

  /**
   * The next {@code count} messages are held back and, once all of them are there, delivered
   * newest first; {@link #releaseHeld()} lets fewer go.
   */
  public synchronized void reorderNext(int count) {
    this.reorder = Math.max(0, count);
  }

  /** The next {@code count} attempts carry a signature made with another key (a retry signs right again). */
  public synchronized void badSignatureNext(int count) {
    this.badSignatures = Math.max(0, count);
  }

  /** The next {@code count} attempts are dated {@link #STALE_BY} in the past (and signed for that date). */
  public synchronized void staleTimestampNext(int count) {
    this.staleTimestamps = Math.max(0, count);
  }

  /** The next {@code count} messages are never delivered. */
  public synchronized void dropNext(int count) {
    this.drops = Math.max(0, count);
  }

  /** Delivers the messages held for reordering, newest first, and ends the reordering knob. */
  public synchronized void releaseHeld() {
    reorder = 0;
    List<Message> release = new ArrayList<>(held);
    held.clear();
    Collections.reverse(release);
    release.forEach(message -> schedule(message, 0));
  }

  /** Clears every knob (not the registration, schedule or timeout); held messages are released. */
  public synchronized void resetKnobs() {
    duplicates = 0;
    badSignatures = 0;
    staleTimestamps = 0;
    drops = 0;
    releaseHeld();
  }

  public synchronized Counters counters() {
    return new Counters(emitted, attempts, delivered, failedAttempts, givenUp, dropped, undeliverable, held.size(),
        pending);
  }

  /** The newest {@value #LOG_KEPT} attempts, oldest first. */
  public synchronized List<Delivery> deliveries() {
    return List.copyOf(log);
  }

  /** Waits until no message is scheduled or being sent (held ones aside); false on timeout. */
  public synchronized boolean awaitIdle(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (pending > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Queues an event; called under the enterprise's lock, so messages are queued in the order of the changes. */
  synchronized void emit(String type, ObjectNode data) {
    emitted++;
    ObjectNode envelope = Http.object();
    envelope.put("type", type);
    envelope.set("data", data);
    byte[] body;
    try {
      body = Http.JSON.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a webhook body", e);
    }
    if (drops > 0) {
      drops--;
      dropped++;
      return;
    }
    Message message = new Message(newId(), type, body);
    int copies = 1;
    if (duplicates > 0) {
      duplicates--;
      copies = 2;
    }
    for (int i = 0; i < copies; i++) {
      if (reorder > 0) {
        held.add(message);
        if (--reorder == 0) {
          releaseHeld();
        }
      } else {
        schedule(message, 0);
      }
    }
  }

  private static String newId() {
    StringBuilder id = new StringBuilder("msg_");
    for (int i = 0; i < 24; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /** Schedules attempt {@code attempt} of a message; the caller holds the lock. */
  private void schedule(Message message, int attempt) {
    if (attempt == 0) {
      pending++;
    }
    try {
      sender.schedule(() -> attempt(message, attempt), schedule.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      finish();
    }
  }

  private void attempt(Message message, int attempt) {
    URI target;
    SvixSignature scheme;
    boolean bad;
    boolean stale;
    Duration wait;
    synchronized (this) {
      target = url;
      scheme = signature;
      if (target == null) {
        undeliverable++;
        finish();
        return;
      }
      bad = badSignatures > 0;
      if (bad) {
        badSignatures--;
      }
      stale = staleTimestamps > 0;
      if (stale) {
        staleTimestamps--;
      }
      wait = timeout;
    }
    Instant now = clock.instant();
    long timestamp = (stale ? now.minus(STALE_BY) : now).getEpochSecond();
    String signed = (bad ? wrongKey : scheme).sign(message.id(), timestamp, message.body());
    HttpRequest request = HttpRequest.newBuilder(target).timeout(wait)
        .header("Content-Type", "application/json")
        .header("svix-id", message.id())
        .header("svix-timestamp", Long.toString(timestamp))
        .header("svix-signature", signed)
        .POST(HttpRequest.BodyPublishers.ofByteArray(message.body())).build();
    int status;
    try {
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      status = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 0;
    }
    synchronized (this) {
      attempts++;
      if (log.size() == LOG_KEPT) {
        log.removeFirst();
      }
      Delivery delivery = new Delivery(message.id(), message.type(), attempt, status, now);
      log.addLast(delivery);
      if (delivery.delivered()) {
        delivered++;
        finish();
      } else {
        failedAttempts++;
        if (attempt + 1 < schedule.size() && !sender.isShutdown()) {
          schedule(message, attempt + 1);
        } else {
          givenUp++;
          finish();
        }
      }
    }
  }

  /** One message is done (delivered, given up or undeliverable); the caller holds the lock. */
  private void finish() {
    pending--;
    notifyAll();
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}

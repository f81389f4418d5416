package com.offerhub.orchestrator.server.sse;

import com.offerhub.orchestrator.EventOperations;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.server.api.Views;
import com.offerhub.orchestrator.server.http.Json;
import com.offerhub.orchestrator.server.http.Times;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the engine's event stream out to SSE connections. One engine subscription feeds a bounded
 * ring of recent events; each connection keeps only its cursor (the sequence it sent last) and is
 * written by a small shared pool. A connection behind the ring reads the outbox in pages, so a slow
 * client costs no memory beyond its cursor, holds at most one writer thread, and is dropped when one
 * write stalls longer than the write timeout (it reconnects with {@code Last-Event-ID} and loses
 * nothing).
 */
public final class EventHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
  private static final int RING = 8192;
  private static final int BATCH = 256;
  private final OrchestratorEngine engine;
  private final ExecutorService writers;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final Duration writeTimeout;
  /** Recent events by sequence: slot {@code sequence % RING}; lock-free reads. */
  private final java.util.concurrent.atomic.AtomicReferenceArray<Framed> ring =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(RING);
  private volatile long newest;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private EventOperations.Subscription subscription;
  /** Hears each event's lag from its commit to its sending on one connection (metrics). */
  private volatile java.util.function.Consumer<Duration> sentLag = lag -> { };

  public EventHub(OrchestratorEngine engine, ExecutorService writers, ScheduledExecutorService timer, Clock clock,
      Duration heartbeat, Duration writeTimeout) {
    this.engine = engine;
    this.writers = writers;
    this.timer = timer;
    this.clock = clock;
    this.writeTimeout = writeTimeout;
    long beat = heartbeat.toMillis();
    timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    long watch = Math.max(100, Math.min(1000, writeTimeout.toMillis() / 4));
    timer.scheduleWithFixedDelay(this::dropStalled, watch, watch, TimeUnit.MILLISECONDS);
  }

  /**
   * {@code sink} hears, for every event written to a connection, the time from the event's commit
   * ({@code occurredAt}, the engine's clock) to the write. Never negative.
   */
  public void onSent(java.util.function.Consumer<Duration> sink) {
    this.sentLag = java.util.Objects.requireNonNull(sink, "sink");
  }

  public void start() {
    subscription = engine.events().subscribe(engine.events().lastSequence(), this::append);
  }

  /** An event with its SSE frame, rendered once for every connection. */
  record Framed(DomainEvent event, byte[] frame) {
    static Framed of(DomainEvent event) {
      return new Framed(event, ("id: " + event.sequence() + "\nevent: " + event.eventType() + "\ndata: "
          + Json.text(Views.event(event)) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private void append(DomainEvent event) {
    Framed framed = Framed.of(event);
    ring.set((int) (event.sequence() % RING), framed);
    newest = Math.max(newest, event.sequence());
    for (Connection connection : connections) {
      connection.wake();
    }
  }

  /** Events after {@code cursor}: from the ring when it still holds them, else from the outbox. */
  List<Framed> after(long cursor) {
    long last = newest;
    List<Framed> out = new ArrayList<>();
    for (long next = cursor + 1; next <= last && out.size() < BATCH; next++) {
      Framed framed = ring.get((int) (next % RING));
      if (framed == null || framed.event().sequence() != next) {
        return out.isEmpty() ? fromOutbox(cursor) : out;
      }
      out.add(framed);
    }
    return out.isEmpty() && last == 0 ? fromOutbox(cursor) : out;
  }

  /** Events no longer (or not yet) in the ring, from the outbox. */
  private List<Framed> fromOutbox(long cursor) {
    List<Framed> out = new ArrayList<>();
    for (DomainEvent event : engine.events().readAfter(cursor, BATCH)) {
      out.add(Framed.of(event));
    }
    return out;
  }

  /** What a connection wants: event types (exact or {@code prefix.*}), aggregate types, tenant, user. */
  public record Filter(Set<String> types, Set<String> resources, String marketplaceId, String userId)
      implements Predicate<DomainEvent> {
    @Override
    public boolean test(DomainEvent event) {
      if (!types.isEmpty() && !types.contains(event.eventType()) && types.stream().noneMatch(t -> t.endsWith(".*")
          && event.eventType().startsWith(t.substring(0, t.length() - 1)))) {
        return false;
      }
      if (!resources.isEmpty() && !resources.contains(event.aggregateType())) {
        return false;
      }
      String tenant = event.metadata().get("marketplaceId");
      if (marketplaceId != null && tenant != null && !tenant.equals(marketplaceId)) {
        return false;
      }
      return userId == null || userId.equals(event.metadata().get("userId"))
          || userId.equals(String.valueOf(event.payload().get("userId")));
    }
  }

  /**
   * Opens a stream after {@code cursor}; {@code stale} carries the first retained sequence when the cursor is too old.
   * The stream lives only as long as its credential: it ends at {@code expiresAt} (a token's {@code exp}; null for a
   * key) and when key {@code keyId} is revoked ({@link #dropKey}).
   */
  public CompletableFuture<Void> open(OutputStream out, long cursor, Filter filter, Long staleFirst, String keyId,
      Instant expiresAt) {
    Connection connection = new Connection(out, cursor, filter, keyId, expiresAt);
    connections.add(connection);
    if (staleFirst != null) {
      Map<String, Object> data = new java.util.LinkedHashMap<>();
      data.put("requestedCursor", cursor);
      data.put("firstAvailableSequence", staleFirst);
      data.put("message", "Events after the cursor are no longer retained; resynchronise state, then continue");
      connection.cursor = staleFirst - 1;
      connection.queueFrame("id: " + (staleFirst - 1) + "\nevent: stream.stale_cursor\ndata: " + Json.text(data)
          + "\n\n");
    } else {
      connection.queueFrame(": connected\n\n");
    }
    connection.wake();
    return connection.done;
  }

  private void heartbeat() {
    String frame = ": heartbeat " + Times.iso(clock.instant()) + "\n\n";
    for (Connection connection : connections) {
      connection.queueHeartbeat(frame);
      connection.wake();
    }
  }

  /** Ends every stream opened with key {@code keyId} or a token minted for it (the key was revoked). */
  public void dropKey(String keyId) {
    for (Connection connection : connections) {
      if (keyId.equals(connection.keyId)) {
        LOG.info("ending an SSE stream whose API key was revoked");
        connection.close();
      }
    }
  }

  /** Drops streams whose write stalled and streams whose token expired (this runs at least once a second). */
  private void dropStalled() {
    long now = System.nanoTime();
    for (Connection connection : connections) {
      if (connection.expired()) {
        connection.close();
        continue;
      }
      long started = connection.writeStarted;
      if (started != 0 && now - started > writeTimeout.toNanos()) {
        LOG.info("dropping an SSE client whose write stalled for more than {} ms", writeTimeout.toMillis());
        connection.close();
      }
    }
  }

  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
    for (Connection connection : connections) {
      connection.close();
    }
  }

  /** One SSE client: cursor, filter, pending control frames, and a single-writer guard. */
  final class Connection {
    private final OutputStream out;
    private final Filter filter;
    private final String keyId;
    private final Instant expiresAt;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long cursor;
    private volatile long writeStarted;
    /** Frames that are not events (the stale-cursor notice, heartbeats), written before new events. */
    private final java.util.Queue<String> control = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    Connection(OutputStream out, long cursor, Filter filter, String keyId, Instant expiresAt) {
      this.out = out;
      this.cursor = cursor;
      this.filter = filter;
      this.keyId = keyId;
      this.expiresAt = expiresAt;
    }

    /** Whether the token this stream was opened with has reached its {@code exp}. */
    boolean expired() {
      return expiresAt != null && !clock.instant().isBefore(expiresAt);
    }

    void queueFrame(String frame) {
      control.add(frame);
    }

    /** A heartbeat only when nothing is waiting: a slow client never piles them up. */
    void queueHeartbeat(String frame) {
      if (control.isEmpty()) {
        control.add(frame);
      }
    }

    void wake() {
      pending.set(true);
      if (!closed && running.compareAndSet(false, true)) {
        try {
          writers.execute(this::drain);
        } catch (RuntimeException e) {
          running.set(false);
          close();
        }
      }
    }

    private void drain() {
      try {
        while (!closed && pending.getAndSet(false)) {
          for (String frame = control.poll(); frame != null && !closed; frame = control.poll()) {
            write(frame.getBytes(StandardCharsets.UTF_8));
          }
          List<Framed> batch = after(cursor);
          while (!batch.isEmpty() && !closed) {
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
            List<DomainEvent> sent = new ArrayList<>();
            for (Framed framed : batch) {
              if (filter.test(framed.event())) {
                chunk.writeBytes(framed.frame());
                sent.add(framed.event());
              }
            }
            if (chunk.size() > 0) {
              write(chunk.toByteArray());
              recordLag(sent);
            }
            cursor = batch.get(batch.size() - 1).event().sequence();
            batch = after(cursor);
          }
        }
      } catch (IOException | RuntimeException e) {
        close();
      } finally {
        running.set(false);
      }
      if (!closed && pending.get()) {
        wake();
      }
    }

    /** Reports each written event's lag from commit to now. */
    private void recordLag(List<DomainEvent> sent) {
      if (closed) {
        return;
      }
      Instant now = clock.instant();
      java.util.function.Consumer<Duration> sink = sentLag;
      for (DomainEvent event : sent) {
        Duration lag = Duration.between(event.occurredAt(), now);
        try {
          sink.accept(lag.isNegative() ? Duration.ZERO : lag);
        } catch (RuntimeException e) {
          LOG.debug("SSE lag sink failed: {}", e.toString());
        }
      }
    }

    /** Writes a frame, unless the credential expired since the stream opened: then the stream ends instead. */
    private void write(byte[] bytes) throws IOException {
      if (expired()) {
        close();
        return;
      }
      writeStarted = System.nanoTime();
      try {
        out.write(bytes);
        out.flush();
      } finally {
        writeStarted = 0;
      }
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      connections.remove(this);
      try {
        out.close();
      } catch (IOException | RuntimeException e) {
        // the client is gone already
      }
      done.complete(null);
    }
  }
}

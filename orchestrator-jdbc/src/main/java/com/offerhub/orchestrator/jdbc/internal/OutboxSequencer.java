package com.offerhub.orchestrator.jdbc.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives committed PostgreSQL outbox events their sequences after commit (ARCHITECTURE rule 7), so
 * that no command locks a shared row. Commands append to {@code oh_outbox_events} under a key
 * drawn from a sequence at the end of their transaction (after the transaction has its id). One
 * sequencer at a time, across every instance on the database, holds a transaction-level advisory
 * lock while it numbers committed events in key order after the counter row, which only it
 * touches. Events are written once: numbering one writes a narrow row to {@code oh_outbox_numbers}
 * (its sequence, key and position), and every key up to the counter's {@code last_key} is numbered.
 *
 * <p>Each transaction draws one key; its events keep their order under it.
 *
 * <p><b>Never passing an unfinished key.</b> The sequencer numbers keys in an unbroken run from the
 * last one it moved. A missing key (a hole) belongs to a transaction that drew it and has not
 * committed yet, or to one that rolled back, crashed, or to values PostgreSQL skipped after a
 * restart. Whoever drew the hole's key already had its transaction id when a later key became
 * visible, so when the read that first saw the hole ran, it was either finished or one of the
 * transactions that snapshot counts as running: those it lists, and every id from its upper bound
 * (one past the newest finished id, so a running transaction with a newer id than all finished
 * ones is not listed) up to the ids handed out by then, which {@code txid_current()} bounds. The
 * hole is passed only once every one of those has finished and a fresh read still does not show it. A transaction that merely started early and commits late draws its key
 * at its end and holds nobody up.
 *
 * <p>Two daemon threads, started on first use and stopped by {@link #close()}: the sequencer, woken
 * by local commits (and every second for rows another instance left behind when it died), and a
 * listener on its own connection that runs the storage's outbox callbacks whenever any instance's
 * sequencer announces new sequences with {@code NOTIFY}.
 */
public final class OutboxSequencer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSequencer.class);
  /** First key of the advisory lock; the second is a hash of the schema, so schemas do not contend. */
  private static final int LOCK_CLASS = 0x0FF3;
  /** Transactions (pending keys) numbered per round at most. */
  private static final int BATCH = 1000;
  private static final long SWEEP_MILLIS = 1000;
  private static final long MAX_BACKOFF_MILLIS = 20;

  /** Opens the listener's dedicated connection. */
  public interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /** What one round did. {@code locked}: it was the sequencer; {@code drained}: no committed row was left unnumbered. */
  public record Round(boolean locked, int numbered, boolean drained) {
    static final Round BUSY = new Round(false, 0, false);
  }

  private final DataSource dataSource;
  private final ConnectionSource listenerConnections;
  private final Runnable onSequenced;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong committed = new AtomicLong();
  private final Object wake = new Object();
  private final Object progress = new Object();
  private volatile long covered;
  private boolean signalled;
  private volatile boolean running;
  private volatile boolean started;
  private Thread sequencerThread;
  private Thread listenerThread;
  private volatile String channel;
  /** Whether the listener is subscribed, so this sequencer's own announcements come back to it. */
  private volatile boolean listening;
  private volatile Connection listenerConnection;
  /** A hole seen by this sequencer: its first key, the next visible key, and the in-flight ids then. */
  private long holeKey;
  private long holeNext;
  private long[] holeInFlight;
  /** Ids from the hole's snapshot's upper bound up to, not including, this one were also unfinished then. */
  private long holeXmax;
  private long holeIdBound;
  private volatile Runnable faultAfterNumbering;

  public OutboxSequencer(DataSource dataSource, ConnectionSource listenerConnections, Runnable onSequenced) {
    this.dataSource = dataSource;
    this.listenerConnections = listenerConnections;
    this.onSequenced = onSequenced;
  }

  /** A transaction with events committed through this storage: wakes the sequencer. */
  public void committed() {
    committed.incrementAndGet();
    ensureStarted();
    signal();
  }

  /**
   * Waits until every event committed through this storage before the call has its sequence;
   * false if that took longer than {@code timeout} (they will still be numbered).
   */
  public boolean await(Duration timeout) {
    ensureStarted();
    long target = committed.get();
    if (covered >= target) {
      return true;
    }
    signal();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (covered < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return covered >= target;
        }
        try {
          progress.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** Test knob: runs inside the next rounds after they numbered rows, before commit (throw to die mid-batch). */
  public void faultAfterNumbering(Runnable fault) {
    this.faultAfterNumbering = fault;
  }

  /**
   * One round: if no other sequencer holds the lock, numbers what may be numbered (at most
   * {@value #BATCH} rows) and announces it. Callable directly; safe to race with any other round.
   */
  public synchronized Round sequenceOnce() {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        Round round = round(connection);
        connection.commit();
        return round;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("outbox sequencing failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  private Round round(Connection c) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement(
        "SELECT pg_try_advisory_xact_lock(?, hashtext(current_schema())), current_schema()")) {
      lock.setInt(1, LOCK_CLASS);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        if (channel == null) {
          channel = "oh_outbox." + rs.getString(2);
        }
        if (!rs.getBoolean(1)) {
          return Round.BUSY;
        }
      }
    }
    long lastSequence;
    long lastKey;
    List<Long> keys = new ArrayList<>();
    long[] inFlight;
    long xmax;
    boolean holeFinished;
    // one snapshot for the counter, the keys and the check of the hole seen before: the counter and
    // the moved rows commit together, and a hole's holders that ended in this snapshot have their
    // rows in it. No FOR UPDATE on the counter: the advisory lock already excludes other
    // sequencers, and this transaction must not take its id before this read (see currentId)
    try (PreparedStatement read = c.prepareStatement("SELECT s.last_sequence, s.last_key, (SELECT array_agg(k "
        + "ORDER BY k) FROM (SELECT DISTINCT pending_key AS k FROM oh_outbox_events WHERE pending_key > s.last_key "
        + "ORDER BY 1 LIMIT " + BATCH + ") p), (SELECT array_agg(x) FROM txid_snapshot_xip(txid_current_snapshot()) x), "
        + "txid_snapshot_xmax(txid_current_snapshot()), CAST(? AS BOOLEAN) AND NOT EXISTS (SELECT 1 FROM "
        + "(SELECT unnest(CAST(? AS BIGINT[])) UNION ALL SELECT generate_series(?, ?)) ids(x) WHERE NOT "
        + "txid_visible_in_snapshot(x, txid_current_snapshot())) FROM oh_outbox_sequence s WHERE s.id = 1")) {
      boolean hole = holeInFlight != null;
      read.setBoolean(1, hole);
      read.setArray(2, c.createArrayOf("bigint", hole ? boxed(holeInFlight) : new Long[0]));
      read.setLong(3, hole ? holeXmax : 0);
      read.setLong(4, hole ? holeIdBound - 1 : -1);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        lastSequence = rs.getLong(1);
        lastKey = rs.getLong(2);
        for (long key : longs(rs.getArray(3))) {
          keys.add(key);
        }
        inFlight = longs(rs.getArray(4));
        xmax = rs.getLong(5);
        holeFinished = rs.getBoolean(6);
      }
    }
    long passableBelow = holeKey > lastKey && holeFinished ? holeNext : 0;
    List<Long> take = new ArrayList<>();
    long expected = lastKey + 1;
    long stopAt = 0;
    for (long key : keys) {
      if (key == expected || key - 1 < passableBelow) {
        take.add(key);
        expected = key + 1;
      } else {
        stopAt = key;
        break;
      }
    }
    boolean newHole = stopAt != 0 && (holeKey != expected || holeInFlight == null);
    if (stopAt == 0) {
      holeKey = 0;
      holeInFlight = null;
    }
    if (take.isEmpty()) {
      if (newHole) {
        rememberHole(expected, stopAt, inFlight, xmax, currentId(c));
      }
      return new Round(true, 0, stopAt == 0);
    }
    int numbered;
    long id;
    // the numbers, the counter and the announcement in one statement; NOTIFY is delivered at commit
    try (PreparedStatement number = c.prepareStatement("WITH numbered AS (INSERT INTO oh_outbox_numbers (sequence, "
        + "pending_key, position) SELECT ? + row_number() OVER (ORDER BY pending_key, position), pending_key, "
        + "position FROM oh_outbox_events WHERE pending_key = ANY(?) RETURNING 1), n AS (SELECT count(*) AS c "
        + "FROM numbered), counter AS "
        + "(UPDATE oh_outbox_sequence SET last_sequence = ? + (SELECT c FROM n), last_key = ? WHERE id = 1 "
        + "RETURNING 1) SELECT (SELECT c FROM n), (SELECT count(*) FROM counter), txid_current(), pg_notify(?, ?)")) {
      number.setLong(1, lastSequence);
      number.setArray(2, c.createArrayOf("bigint", take.toArray()));
      number.setLong(3, lastSequence);
      number.setLong(4, Math.max(lastKey, expected - 1));
      number.setString(5, channel);
      number.setString(6, instance);
      try (ResultSet rs = number.executeQuery()) {
        rs.next();
        numbered = rs.getInt(1);
        if (rs.getInt(2) != 1) {
          throw new IllegalStateException("the outbox counter row is missing");
        }
        // this transaction's id was taken by this statement, after the read: as good a bound as currentId
        id = rs.getLong(3);
      }
      if (numbered < take.size()) {
        throw new IllegalStateException("numbered " + numbered + " outbox events for " + take.size() + " transactions");
      }
    }
    if (newHole) {
      rememberHole(expected, stopAt, inFlight, xmax, id);
    }
    Runnable fault = faultAfterNumbering;
    if (fault != null) {
      fault.run();
    }
    return new Round(true, numbered, stopAt == 0 && keys.size() < BATCH);
  }

  private void rememberHole(long key, long next, long[] inFlight, long xmax, long idBound) {
    holeKey = key;
    holeNext = next;
    holeInFlight = inFlight;
    holeXmax = xmax;
    holeIdBound = idBound;
  }

  /**
   * This transaction's id, taken now (it has written nothing before): newer than every id handed
   * out before the call, so newer than the id of whoever drew a key the preceding read missed.
   */
  private static long currentId(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT txid_current()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long[] longs(Array array) throws SQLException {
    if (array == null) {
      return new long[0];
    }
    Object[] values = (Object[]) array.getArray();
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).longValue();
    }
    return out;
  }

  private static Long[] boxed(long[] values) {
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private void signal() {
    synchronized (wake) {
      signalled = true;
      wake.notifyAll();
    }
  }

  private void ensureStarted() {
    if (!started) {
      start();
    }
  }

  private synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    running = true;
    sequencerThread = new Thread(this::sequenceLoop, "offerhub-outbox-sequencer");
    sequencerThread.setDaemon(true);
    sequencerThread.start();
    listenerThread = new Thread(this::listenLoop, "offerhub-outbox-listener");
    listenerThread.setDaemon(true);
    listenerThread.start();
  }

  private void sequenceLoop() {
    long backoff = 1;
    long failures = 0;
    long waitMillis = SWEEP_MILLIS;
    while (running) {
      // a local commit ends any wait at once: it is often the one a hole waits for
      synchronized (wake) {
        if (!signalled) {
          try {
            wake.wait(waitMillis);
          } catch (InterruptedException e) {
            return;
          }
        }
        signalled = false;
      }
      waitMillis = SWEEP_MILLIS;
      if (!running) {
        return;
      }
      long target = committed.get();
      Round round;
      try {
        round = sequenceOnce();
      } catch (RuntimeException e) {
        if (failures++ % 100 == 0) {
          LOG.warn("outbox sequencing failed ({} in a row), retrying every 100 ms: {}", failures, e.toString());
        }
        pause(100);
        signal();
        continue;
      }
      failures = 0;
      if (round.numbered() > 0 && !listening) {
        runCallbacks();
      }
      if (round.locked() && round.drained()) {
        synchronized (progress) {
          covered = Math.max(covered, target);
          progress.notifyAll();
        }
        backoff = 1;
        if (covered < committed.get()) {
          signal();
        }
      } else if (round.locked() && round.numbered() > 0) {
        backoff = 1;
        signal();
      } else if (round.locked() || covered < target) {
        // a hole not yet passable, or another instance sequencing: look again shortly
        waitMillis = backoff;
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private void listenLoop() {
    while (running) {
      try (Connection connection = listenerConnections.open()) {
        listenerConnection = connection;
        if (!running) {
          return;
        }
        connection.setAutoCommit(true);
        String name = channel;
        if (name == null) {
          try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            name = "oh_outbox." + rs.getString(1);
          }
        }
        try (Statement st = connection.createStatement()) {
          st.execute("LISTEN \"" + name.replace("\"", "\"\"") + "\"");
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        listening = true;
        runCallbacks();
        while (running) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications != null && notifications.length > 0) {
            runCallbacks();
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (running) {
          LOG.warn("outbox listener connection failed, reconnecting: {}", e.toString());
          pause(1000);
        }
      }
    }
  }

  private void runCallbacks() {
    try {
      onSequenced.run();
    } catch (RuntimeException e) {
      LOG.warn("outbox callback failed: {}", e.toString());
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    signal();
    Connection listener = listenerConnection;
    if (listener != null) {
      try {
        listener.abort(Runnable::run); // closes the socket: ends the listener's wait for notifications at once
      } catch (SQLException e) {
        LOG.debug("closing the outbox listener connection: {}", e.toString());
      }
    }
    synchronized (progress) {
      progress.notifyAll();
    }
    for (Thread thread : new Thread[] {sequencerThread, listenerThread}) {
      if (thread != null) {
        thread.interrupt();
        try {
          thread.join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}

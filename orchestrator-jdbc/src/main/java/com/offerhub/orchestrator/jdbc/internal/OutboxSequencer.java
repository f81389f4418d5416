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
 * that no command locks a shared row. Commands append to {@code oh_outbox_pending} under a key
 * drawn from a sequence at the end of their transaction (after the transaction has its id). One
 * sequencer at a time, across every instance on the database, holds a transaction-level advisory
 * lock while it moves committed rows to {@code oh_outbox} in key order and numbers them after the
 * counter row, which only it touches.
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
    try (Statement st = c.createStatement();
        // no FOR UPDATE: the advisory lock already excludes other sequencers, and this transaction
        // must not take its id before the read below (see currentId)
        ResultSet rs = st.executeQuery("SELECT last_sequence, last_key FROM oh_outbox_sequence WHERE id = 1")) {
      rs.next();
      lastSequence = rs.getLong(1);
      lastKey = rs.getLong(2);
    }
    long passableBelow = holeKey > lastKey && holeFinished(c) ? holeNext : 0;
    List<Long> keys = new ArrayList<>();
    long[] inFlight = null;
    long xmax = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pending_key, (SELECT array_agg(x) FROM "
            + "txid_snapshot_xip(txid_current_snapshot()) x), txid_snapshot_xmax(txid_current_snapshot()) "
            + "FROM oh_outbox_pending GROUP BY pending_key ORDER BY pending_key LIMIT " + BATCH)) {
      while (rs.next()) {
        keys.add(rs.getLong(1));
        if (inFlight == null) {
          Array xip = rs.getArray(2);
          inFlight = xip == null ? new long[0] : toLongs((Object[]) xip.getArray());
          xmax = rs.getLong(3);
        }
      }
    }
    List<Long> take = new ArrayList<>();
    long expected = lastKey + 1;
    long stopAt = 0;
    for (long key : keys) {
      if (key < expected) {
        // only a row inserted by hand can come below the counter: number it rather than lose it
        LOG.error("outbox row with pending key {} appeared below the sequenced key {}; numbering it now", key, lastKey);
        take.add(key);
      } else if (key == expected || key - 1 < passableBelow) {
        take.add(key);
        expected = key + 1;
      } else {
        stopAt = key;
        break;
      }
    }
    if (stopAt == 0) {
      holeKey = 0;
      holeInFlight = null;
    } else if (holeKey != expected || holeInFlight == null) {
      holeKey = expected;
      holeNext = stopAt;
      holeInFlight = inFlight;
      holeXmax = xmax;
      holeIdBound = currentId(c);
    }
    if (take.isEmpty()) {
      return new Round(true, 0, stopAt == 0);
    }
    int moved;
    try (PreparedStatement move = c.prepareStatement("WITH moved AS (DELETE FROM oh_outbox_pending "
        + "WHERE pending_key = ANY(?) RETURNING *) INSERT INTO oh_outbox (sequence, event_id, event_type, "
        + "occurred_at, aggregate_id, aggregate_type, payload, metadata) SELECT ? + row_number() OVER "
        + "(ORDER BY pending_key, position), event_id, event_type, occurred_at, aggregate_id, aggregate_type, "
        + "payload, metadata FROM moved")) {
      move.setArray(1, c.createArrayOf("bigint", take.toArray()));
      move.setLong(2, lastSequence);
      moved = move.executeUpdate();
      if (moved < take.size()) {
        throw new IllegalStateException("moved " + moved + " outbox rows for " + take.size() + " transactions");
      }
    }
    long newLastKey = Math.max(lastKey, expected - 1);
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE oh_outbox_sequence SET last_sequence = ?, last_key = ? WHERE id = 1")) {
      update.setLong(1, lastSequence + moved);
      update.setLong(2, newLastKey);
      update.executeUpdate();
    }
    Runnable fault = faultAfterNumbering;
    if (fault != null) {
      fault.run();
    }
    try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, channel);
      notify.setString(2, instance);
      notify.executeQuery().close();
    }
    return new Round(true, moved, stopAt == 0 && keys.size() < BATCH);
  }

  /** Whether every transaction in flight when the current hole was first seen has finished. */
  private boolean holeFinished(Connection c) throws SQLException {
    try (PreparedStatement check = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM (SELECT unnest(?) "
        + "UNION ALL SELECT generate_series(?, ?)) ids(x) WHERE NOT txid_visible_in_snapshot(x, txid_current_snapshot()))")) {
      Long[] ids = new Long[holeInFlight.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = holeInFlight[i];
      }
      check.setArray(1, c.createArrayOf("bigint", ids));
      check.setLong(2, holeXmax);
      check.setLong(3, holeIdBound - 1);
      try (ResultSet rs = check.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
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

  private static long[] toLongs(Object[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).longValue();
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

package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.jdbc.internal.JdbcSession;
import com.offerhub.orchestrator.jdbc.internal.OutboxSequencer;
import com.offerhub.orchestrator.spi.storage.DuplicateKeyException;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.StorageException;
import com.offerhub.orchestrator.spi.storage.UnitOfWork;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage SPI on a relational database through Jdbi: PostgreSQL in production, H2 in
 * PostgreSQL mode embedded. Each unit of work is one transaction at the database's READ COMMITTED
 * default (pools made here set it explicitly; a host-supplied data source must not raise it). The
 * schema must have been applied with {@link JdbcMigrations#migrate} (or {@link #migrate()}).
 * Thread-safe.
 *
 * <p>Outbox events. On PostgreSQL commands append their events without touching any shared row,
 * and an {@link OutboxSequencer} numbers them right after commit, one sequencer at a time across
 * every instance on the database (see that class for why no event is ever numbered out of turn).
 * It runs on two daemon threads started on first use: one numbers, one listens on a dedicated
 * connection ({@code LISTEN}) for any instance's new sequences and runs the
 * {@linkplain #onOutboxCommit outbox callbacks}. That connection is opened with the pool's own
 * settings for {@link #pooled} storages and taken from the data source (and held) for
 * {@link #create} ones. {@link #close()} stops both. On H2, embedded in one process, events are
 * numbered at commit under the counter row's lock.
 *
 * <pre>{@code
 * JdbcStorage storage = JdbcStorage.create(dataSource);
 * storage.migrate();
 * }</pre>
 */
public final class JdbcStorage implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);
  private final DataSource dataSource;
  private final Jdbi jdbi;
  private final List<Runnable> outboxListeners = new CopyOnWriteArrayList<>();
  private final AutoCloseable ownedPool;
  private final OutboxSequencer sequencer;
  private volatile Boolean postgres;
  /** Test knob: runs in every read-write transaction after its last statement, before its commit. */
  volatile Runnable beforeCommit;

  private JdbcStorage(DataSource dataSource, AutoCloseable ownedPool, OutboxSequencer.ConnectionSource listener) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin()); // the DAOs
    this.ownedPool = ownedPool;
    this.sequencer = new OutboxSequencer(dataSource, listener, this::runOutboxListeners);
  }

  /**
   * Storage with its own HikariCP pool on {@code jdbcUrl} ({@code jdbc:postgresql://...} or
   * {@code jdbc:h2:...}); {@link #close()} closes the pool. The password never appears in logs.
   */
  public static JdbcStorage pooled(String jdbcUrl, String user, String password, int maxPoolSize) {
    if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.startsWith("jdbc:h2:"))) {
      throw new IllegalArgumentException("jdbcUrl must be a jdbc:postgresql: or jdbc:h2: URL");
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1");
    }
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(Math.min(2, maxPoolSize));
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setPoolName("orchestrator");
    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
    return new JdbcStorage(pool, pool, () -> java.sql.DriverManager.getConnection(jdbcUrl, user, password));
  }

  /** An embedded H2 database in PostgreSQL mode stored in {@code file} (without the .mv.db suffix). */
  public static JdbcStorage h2File(java.nio.file.Path file) {
    return pooled("jdbc:h2:file:" + file.toAbsolutePath() + H2_OPTIONS, "sa", "", 8);
  }

  /** An in-memory H2 database in PostgreSQL mode that lives until the JVM exits. */
  public static JdbcStorage h2Memory(String name) {
    return pooled("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS, "sa", "", 8);
  }

  /** H2 settings that make it behave like PostgreSQL for this schema and its locking. */
  public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
      + "LOCK_TIMEOUT=10000";

  @Override
  public void close() {
    sequencer.close();
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        LOG.warn("closing the connection pool failed: {}", e.toString());
      }
    }
  }

  /** Storage on a data source the host manages (pooling, credentials, closing). */
  public static JdbcStorage create(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource is required");
    }
    return new JdbcStorage(dataSource, null, dataSource::getConnection);
  }

  /** Applies pending schema migrations; returns how many ran. */
  public int migrate() {
    return JdbcMigrations.migrate(dataSource);
  }

  /** Applies pending schema migrations, telling {@code progress} about each as it runs; returns how many ran. */
  public int migrate(java.util.function.Consumer<JdbcMigrations.Applied> progress) {
    return JdbcMigrations.migrate(dataSource, progress);
  }

  @Override
  public <T> T inTransaction(UnitOfWork<T> work) {
    boolean[] events = {false};
    boolean pg = postgres();
    T result = run(() -> jdbi.inTransaction(handle -> {
      JdbcSession session = new JdbcSession(handle, false, pg);
      try {
        T value = work.run(session);
        events[0] = session.flushOutbox();
        Runnable hook = beforeCommit;
        if (hook != null) {
          hook.run();
        }
        return value;
      } finally {
        session.close();
      }
    }));
    if (events[0]) {
      if (pg) {
        sequencer.committed();
      } else {
        runOutboxListeners();
      }
    }
    return result;
  }

  private void runOutboxListeners() {
    for (Runnable listener : outboxListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("outbox listener failed: {}", e.toString());
      }
    }
  }

  @Override
  public boolean awaitSequenced(java.time.Duration timeout) {
    return !postgres() || sequencer.await(timeout);
  }

  /**
   * The PostgreSQL outbox sequencer of this storage, for operators and tests that drive it
   * directly ({@link OutboxSequencer#sequenceOnce()}); unused on H2.
   */
  OutboxSequencer outboxSequencer() {
    return sequencer;
  }

  @Override
  public <T> T read(UnitOfWork<T> work) {
    boolean pg = postgres();
    return run(() -> jdbi.inTransaction(handle -> {
      JdbcSession session = new JdbcSession(handle, true, pg);
      try {
        return work.run(session);
      } finally {
        session.close();
      }
    }));
  }

  /**
   * One snapshot for the whole callback: REPEATABLE READ on PostgreSQL (a snapshot taken at the
   * first read); SERIALIZABLE on H2, whose REPEATABLE READ only keeps rows already read stable.
   */
  @Override
  public <T> T readSnapshot(UnitOfWork<T> work) {
    boolean pg = postgres();
    return run(() -> jdbi.inTransaction(pg ? TransactionIsolationLevel.REPEATABLE_READ
        : TransactionIsolationLevel.SERIALIZABLE, handle -> {
      JdbcSession session = new JdbcSession(handle, true, pg);
      try {
        return work.run(session);
      } finally {
        session.close();
      }
    }));
  }

  /** Whether the database is PostgreSQL (else H2), read once from the driver's metadata. */
  private boolean postgres() {
    Boolean known = postgres;
    if (known == null) {
      String product;
      try {
        product = jdbi.withHandle(handle -> handle.getConnection().getMetaData().getDatabaseProductName());
      } catch (SQLException | JdbiException e) {
        throw new StorageException("cannot read the database product name", true, e);
      }
      known = !"H2".equalsIgnoreCase(product);
      postgres = known;
    }
    return known;
  }

  @Override
  public void onOutboxCommit(Runnable listener) {
    outboxListeners.add(listener);
  }

  private interface Call<T> {
    T call();
  }

  /** Maps database failures to the storage SPI's exceptions; the transaction is already rolled back. */
  private static <T> T run(Call<T> call) {
    try {
      return call.call();
    } catch (JdbiException e) {
      throw translate(e);
    }
  }

  static StorageException translate(JdbiException e) {
    SQLException sql = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException found) {
        sql = found;
        break;
      }
    }
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    if (state.equals("23505")) {
      return new DuplicateKeyException(sql.getMessage());
    }
    boolean transientFailure = state.equals("40001") || state.equals("40P01") || state.equals("55P03")
        || state.equals("HYT00") || state.startsWith("08");
    return new StorageException("database operation failed (SQLState " + state + ")", transientFailure, e);
  }
}

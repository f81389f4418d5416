package com.offerhub.orchestrator.server;

import com.offerhub.orchestrator.EngineConfig;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.micrometer.OrchestratorMeters;
import com.offerhub.orchestrator.server.api.AccountRoutes;
import com.offerhub.orchestrator.server.api.MetricsRoute;
import com.offerhub.orchestrator.server.api.OrderRoutes;
import com.offerhub.orchestrator.server.api.SagaRoutes;
import com.offerhub.orchestrator.server.api.ServerContext;
import com.offerhub.orchestrator.server.api.SystemRoutes;
import com.offerhub.orchestrator.server.http.ApiError;
import com.offerhub.orchestrator.server.http.IdempotencyCache;
import com.offerhub.orchestrator.server.http.JsonErrorHandler;
import com.offerhub.orchestrator.server.http.RateLimiter;
import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Tokens;
import com.offerhub.orchestrator.stellar.StellarNetwork;
import com.offerhub.orchestrator.server.sse.EventHub;
import com.offerhub.orchestrator.server.sse.EventStream;
import com.offerhub.orchestrator.testkit.SimulatedPaymentProvider;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example server: the engine behind the REST + SSE API of spec/02 and spec/03. In sandbox mode
 * everything runs in process: H2 under the data dir, and the simulated Stellar network (with
 * Trustless Work contracts) persisted next to it in its own file, so a crash between the two behaves
 * like a crash beside a real chain.
 */
public final class OrchestratorServer implements AutoCloseable {
  public static final String VERSION = "0.1.0";
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorServer.class);
  private final ServerConfig config;
  private final Map<String, String> env;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;
  private JdbcStorage storage;
  private SimulatedNetwork network;
  /** Testnet or mainnet: the Stellar and Trustless Work adapters; null in sandbox mode. */
  private StellarNetwork live;
  /** This process among the instances on one database: the owner of the leases it takes. */
  private final String instanceId;
  private SimulatedPaymentProvider provider;
  private OrchestratorEngine engine;
  private ScheduledExecutorService scheduler;
  private ExecutorService writers;
  private EventHub hub;
  /** The engine's meters and the SSE lag, served at {@code /metrics}. */
  private final OrchestratorMeters meters = new OrchestratorMeters();
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Router router;
  private Javalin app;
  private org.eclipse.jetty.server.Server jetty;

  public OrchestratorServer(ServerConfig config, Map<String, String> env) {
    this(config, env, Clock.systemUTC());
  }

  /** With another clock (tests move time to expire transactions, idempotency records and events). */
  public OrchestratorServer(ServerConfig config, Map<String, String> env, Clock clock) {
    this.config = config;
    this.env = Map.copyOf(env);
    this.clock = clock;
    this.instanceId = config.instanceName() + "-" + java.util.UUID.randomUUID();
  }

  /** The wallet key cipher: the current key, older versions still readable, the reference's legacy key. */
  private AesGcmWalletKeyCipher cipher(String currentKey) {
    ServerConfig.WalletKeys keys = config.walletKeys();
    AesGcmWalletKeyCipher.Builder cipher = AesGcmWalletKeyCipher.builder().keyHex(keys.currentVersion(), currentKey)
        .current(keys.currentVersion());
    keys.olderKeys().forEach(cipher::keyHex);
    if (keys.legacyKey() != null) {
      cipher.legacyKeyHex(keys.legacyKey());
    }
    return cipher.build();
  }

  /** Starts everything; returns this server, listening. */
  public OrchestratorServer start() {
    long started = System.nanoTime();
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
    }
    String walletKey = config.walletEncryptionKey() != null ? config.walletEncryptionKey()
        : secretFile("wallet.key");
    String jwtSecret = config.jwtSecret() != null ? config.jwtSecret() : secretFile("jwt.secret");
    int jwtSecretBytes = jwtSecret.getBytes(StandardCharsets.UTF_8).length;
    if (jwtSecretBytes < Tokens.MIN_SECRET_BYTES) {
      // a sandbox secret file edited by hand (the variable's value was checked with the configuration)
      throw new ServerConfig.ConfigException(List.of(Tokens.secretProblem(jwtSecretBytes) + " (read from "
          + config.dataDir().resolve("jwt.secret").toAbsolutePath() + ")"));
    }
    String masterKey = config.masterKey() != null ? config.masterKey() : secretFile("master.key");
    if (config.masterKey() == null) {
      LOG.info("OFFERHUB_MASTER_KEY is not set: the sandbox master key is in {}",
          config.dataDir().resolve("master.key").toAbsolutePath());
    }
    if (config.database() != null) {
      storage = JdbcStorage.pooled(config.database().jdbcUrl(), config.database().user(),
          config.database().password(), config.poolSize());
    } else {
      storage = JdbcStorage.pooled(h2Url(config.dataDir()), "sa", "", config.poolSize());
    }
    storage.migrate();
    OrchestratorEngine.Builder builder = OrchestratorEngine.builder().storage(storage).keyCipher(cipher(walletKey))
        .clock(clock).instanceId(instanceId).listener(meters);
    int platformFeeBps = config.platformFeeBps();
    if (config.stellar() == null) {
      Path networkFile = config.dataDir().resolve("network.bin");
      network = Files.exists(networkFile) ? SimulatedNetwork.load(networkFile, clock) : new SimulatedNetwork(clock);
      network.setServiceFeeBps(config.serviceFeeBps());
      network.setTransactionTimeout(config.transactionTimeout());
      network.persistTo(networkFile);
      network.startClosing(config.ledgerInterval());
      builder.chain(network.chainAdapter()).escrow(network.escrowGateway());
    } else {
      live = LiveNetwork.stellar(config.stellar(), storage, clock, instanceId);
      builder.chain(live.chain()).escrow(live.escrow()).leases(live.leases());
      platformFeeBps = config.stellar().platformFeeBps();
    }
    AirtmConfig airtm = config.airtm();
    builder.config(EngineConfig.defaults().withPlatformFeeBps(platformFeeBps).withSyncWait(config.syncWait())
        .withEventRetention(config.eventRetention()).withSagaLease(config.sagaLease())
        .withDepositWatcherLease(config.depositWatcherLease())
        .withTreasury(airtm == null ? null : new EngineConfig.Treasury(TREASURY_EXTERNAL_ID,
            airtm.treasuryLowBalance())));
    if (airtm != null && airtm.simulated()) {
      provider = new SimulatedPaymentProvider();
      builder.paymentProvider(provider);
    } else if (airtm != null) {
      builder.paymentProvider(LiveNetwork.airtm(airtm, storage, clock));
    }
    engine = builder.build();
    meters.statusOf(engine).bindTo(metrics);
    User platform = engine.initialize();
    if (live != null) {
      live.usePlatformAccount(engine, platform);
    }
    if (airtm != null) {
      engine.treasury().status().ifPresent(t -> LOG.info("treasury {}: {} USDC available, {} advanced; refill it at "
          + "{}", t.userId(), t.available(), t.outstanding(), t.address()));
      if (network != null) {
        fundSandboxTreasury(airtm.sandboxTreasuryUsdc());
      }
    }
    // the engine's two jobs (on-chain work; deposit watch and event delivery) and the event hub's timers
    scheduler = Executors.newScheduledThreadPool(3, daemon("orchestrator-jobs"));
    writers = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("sse-writer"));
    hub = new EventHub(engine, writers, scheduler, clock, config.heartbeat(), Duration.ofSeconds(10));
    hub.onSent(meters::recordSseLag);
    hub.start();
    engine.start(scheduler, Duration.ofMillis(Math.min(250, config.ledgerInterval().toMillis())));
    Tokens tokens = new Tokens(jwtSecret, clock);
    ServerContext context = new ServerContext(engine, config, env, network, tokens, scheduler, clock, VERSION,
        provider);
    // counted in the database: every instance on it shares a key's limit
    RateLimiter limiter = new RateLimiter(config.rateLimitPerMinute(), clock, storage);
    if (limiter.enabled()) {
      scheduler.scheduleWithFixedDelay(limiter::sweep, RateLimiter.WINDOW_MILLIS, RateLimiter.WINDOW_MILLIS,
          TimeUnit.MILLISECONDS);
    }
    IdempotencyCache idempotency = new IdempotencyCache(clock, Duration.ofHours(24).toMillis(), 50_000);
    app = Javalin.create(javalin -> {
      javalin.startup.showJavalinBanner = false;
      javalin.startup.showOldJavalinVersionWarning = false;
      javalin.http.maxRequestSize = Router.MAX_BODY_BYTES;
      javalin.jetty.port = config.port();
      javalin.jetty.modifyServer(server -> {
        jetty = server;
        server.setErrorHandler(new JsonErrorHandler());
      });
      router = new Router(javalin.routes, engine, masterKey, tokens, limiter, idempotency, clock);
      javalin.routes.before(ctx -> {
        if (draining) {
          throw new ApiError(503, "SERVICE_UNAVAILABLE", "The server is shutting down");
        }
        inFlight.incrementAndGet();
        ctx.attribute("counted", Boolean.TRUE);
      });
      javalin.routes.after(ctx -> {
        if (ctx.attribute("counted") != null) {
          inFlight.decrementAndGet();
        }
      });
      new SystemRoutes(context).register(router);
      new AccountRoutes(context).register(router);
      new OrderRoutes().register(router);
      new SagaRoutes().register(router);
      new EventStream(engine, hub, router).register(javalin.routes);
      new MetricsRoute(metrics, router).register(javalin.routes);
      javalin.routes.exception(Exception.class, (e, ctx) -> router.error(ctx, e));
      javalin.routes.error(HttpStatus.NOT_FOUND.getCode(), ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
          List<String> allowed = router.allowedMethods(ctx.path());
          if (allowed.isEmpty()) {
            router.error(ctx, ApiError.notFound("Route " + ctx.method() + " " + ctx.path() + " not found"));
          } else {
            // the path exists with other methods: 405 and what it supports (RFC 9110 §15.5.6)
            ctx.header("Allow", String.join(", ", allowed));
            router.error(ctx, new ApiError(405, "METHOD_NOT_ALLOWED", "Method " + ctx.method() + " is not allowed on "
                + ctx.path(), Map.of("allowedMethods", allowed)));
          }
        }
      });
    });
    app.start();
    LOG.info("OFFER-HUB orchestrator {} listening on port {} ({} mode, provider {}, {}, instance {}) in {} ms", VERSION,
        port(), config.mode().name().toLowerCase(), config.paymentProvider().name().toLowerCase(),
        config.database() == null ? "H2 under " + config.dataDir() : "PostgreSQL", instanceId,
        (System.nanoTime() - started) / 1_000_000);
    return this;
  }

  /** The external user id of the treasury (AirTM mode). */
  static final String TREASURY_EXTERNAL_ID = "offerhub-treasury";

  /**
   * The sandbox puts {@code usdc} in the treasury wallet when it holds none and has advanced none (a
   * new sandbox): in a live mode the operator sends USDC to the address logged at start.
   */
  private void fundSandboxTreasury(com.offerhub.orchestrator.model.Money usdc) {
    var status = engine.treasury().status().orElse(null);
    if (status == null || !usdc.isPositive() || !status.available().isZero() || !status.outstanding().isZero()) {
      return;
    }
    network.depositFromOutside(status.address(), usdc);
    engine.scanDeposits();
    LOG.info("sandbox treasury funded with {} USDC", usdc);
  }

  /**
   * The sandbox's H2 file database. WRITE_DELAY=0: a commit reaches the file before the request is
   * answered (kill -9 safe). DB_CLOSE_ON_EXIT=FALSE: H2 registers no shutdown hook of its own, which
   * on SIGTERM would close the database while requests and background jobs still use it; the
   * graceful stop ({@link #close()}) closes the pool, and with it the database, last.
   */
  static String h2Url(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve("orchestrator").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
        + JdbcStorage.H2_OPTIONS;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A random secret kept under the data dir (created on first start, owner-only permissions). */
  private String secretFile(String name) {
    Path file = config.dataDir().resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String secret = HexFormat.of().formatHex(bytes);
      Path temp = file.resolveSibling(name + ".tmp");
      Files.writeString(temp, secret, StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  public int port() {
    return app.port();
  }

  public OrchestratorEngine engine() {
    return engine;
  }

  public SimulatedNetwork network() {
    return network;
  }

  /** The sandbox's simulated AirTM (null unless {@code PAYMENT_PROVIDER=airtm}). */
  public SimulatedPaymentProvider simulatedProvider() {
    return provider;
  }

  /** The background jobs' executor (tests queue work on it). */
  ScheduledExecutorService background() {
    return scheduler;
  }

  public List<Router.RouteInfo> routes() {
    return router.registered();
  }

  /**
   * Graceful stop, within one deadline ({@code SHUTDOWN_GRACE_MS}): refuse new requests, end event streams,
   * let in-flight requests finish, stop Jetty, stop the jobs and wait for them, then close the network and,
   * last, the pool (and with it the H2 database, which has no exit hook of its own). Jobs still running at
   * the deadline are interrupted and get {@link #INTERRUPTED_JOBS_WAIT} more to leave before the pool closes.
   */
  @Override
  public synchronized void close() {
    if (app == null) {
      return;
    }
    draining = true;
    hub.close();
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    boolean interrupted = false;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
    }
    // Jetty waits for what is left of the same deadline, not for a grace period of its own
    jetty.setStopTimeout(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    app.stop();
    app = null;
    engine.close();
    // Let running jobs finish rather than interrupt them: an interrupt during H2's file I/O closes the
    // database file under every other thread (H2 error 90098, "database is closed").
    scheduler.shutdown();
    writers.shutdown();
    interrupted |= stop(scheduler, "background jobs", interrupted ? System.nanoTime() : deadline);
    interrupted |= stop(writers, "event stream writers", interrupted ? System.nanoTime() : deadline);
    if (network != null) {
      network.stopClosing();
    }
    if (live != null) {
      live.close();
    }
    storage.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.info("OFFER-HUB orchestrator stopped");
  }

  /** How long jobs interrupted at the stop deadline get to leave before the pool closes under them. */
  static final Duration INTERRUPTED_JOBS_WAIT = Duration.ofSeconds(2);

  /**
   * Waits for {@code executor} until {@code deadline}, then interrupts its tasks and waits
   * {@link #INTERRUPTED_JOBS_WAIT} more. An interrupt of this thread cuts only the first wait short; returns
   * whether there was one (the caller restores the flag).
   */
  private static boolean stop(ExecutorService executor, String what, long deadline) {
    boolean interrupted = false;
    try {
      if (executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    LOG.warn("{} still running at the end of the grace period: interrupting them", what);
    executor.shutdownNow();
    long last = System.nanoTime() + INTERRUPTED_JOBS_WAIT.toNanos();
    while (true) {
      try {
        if (!executor.awaitTermination(Math.max(0, last - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          LOG.warn("{} did not stop {} ms after the interrupt", what, INTERRUPTED_JOBS_WAIT.toMillis());
        }
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }
}

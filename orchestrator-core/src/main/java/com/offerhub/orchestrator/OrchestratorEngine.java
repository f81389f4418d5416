package com.offerhub.orchestrator;

import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.internal.DepositWatcher;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.EventDispatcher;
import com.offerhub.orchestrator.internal.Observer;
import com.offerhub.orchestrator.internal.RandomIdGenerator;
import com.offerhub.orchestrator.internal.SagaRunner;
import com.offerhub.orchestrator.internal.SagaStarter;
import com.offerhub.orchestrator.internal.WalletActivation;
import com.offerhub.orchestrator.internal.WalletKeyRotation;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.spi.IdGenerator;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.observe.EngineListener;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import com.offerhub.orchestrator.spi.storage.OutboxRepository;
import com.offerhub.orchestrator.spi.storage.SagaRepository;
import com.offerhub.orchestrator.spi.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The money engine of a marketplace: users with invisible wallets, balances, orders with escrow,
 * disputes, withdrawals, top-ups, API keys, audit and events.
 *
 * <pre>{@code
 * OrchestratorEngine engine = OrchestratorEngine.builder()
 *     .storage(storage).chain(chain).escrow(gateway).keyCipher(cipher).clock(Clock.systemUTC())
 *     .build();
 * engine.initialize();                       // platform user and wallet
 * User buyer = engine.users().create(CreateUserRequest.of("buyer-1"));
 * }</pre>
 *
 * <p>Thread-safe; one instance per storage in a JVM, any number of instances per database. No
 * static state and no threads of its own: background work runs only through {@link #start} on an
 * executor the host supplies, and each job is also callable directly ({@link #runPendingWork()}).
 * Use {@link #as(RequestContext)} to act for a principal with an idempotency key.
 */
public final class OrchestratorEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorEngine.class);
  private final EngineContext engine;
  private final SagaRunner runner;
  private final SagaStarter starter;
  private final WalletActivation activation;
  private final WalletKeyRotation rotation;
  private final DepositWatcher watcher;
  private final EventDispatcher dispatcher;
  private final Operations system;
  private final FiatSettlement fiat;
  private final String instanceId;
  private final List<ScheduledFuture<?>> jobs = new ArrayList<>();

  private OrchestratorEngine(EngineContext engine, LeaseService leases, String instanceId) {
    this.engine = engine;
    this.instanceId = instanceId;
    this.runner = new SagaRunner(engine);
    this.starter = new SagaStarter(engine, runner);
    this.activation = new WalletActivation(engine);
    this.rotation = new WalletKeyRotation(engine);
    this.watcher = new DepositWatcher(engine, leases, instanceId);
    this.dispatcher = new EventDispatcher(engine);
    engine.storage.onOutboxCommit(dispatcher::pump);
    this.system = new Operations(RequestContext.system());
    this.fiat = new FiatSettlement(engine, Map.of(
        SettlementRepository.Kind.PAYOUT, system.withdrawals()::settleClaimed,
        SettlementRepository.Kind.PAYIN, system.topUps()::settleClaimed));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The operations, acting for one request's principal and idempotency key. */
  public Operations as(RequestContext ctx) {
    if (ctx == null) {
      throw OrchestratorException.validation("request context is required");
    }
    return new Operations(ctx);
  }

  /** All sub-facades bound to one {@link RequestContext}. */
  public final class Operations {
    private final RequestContext ctx;

    private Operations(RequestContext ctx) {
      this.ctx = ctx;
    }

    public UserOperations users() {
      return new UserOperations(engine, ctx, activation);
    }

    public BalanceOperations balances() {
      return new BalanceOperations(engine, ctx);
    }

    public OrderOperations orders() {
      return new OrderOperations(engine, ctx, starter);
    }

    public DisputeOperations disputes() {
      return new DisputeOperations(engine, ctx, starter);
    }

    public WithdrawalOperations withdrawals() {
      return new WithdrawalOperations(engine, ctx, starter);
    }

    public TopUpOperations topUps() {
      return new TopUpOperations(engine, ctx);
    }

    public ApiKeyOperations apiKeys() {
      return new ApiKeyOperations(engine, ctx);
    }

    public WebhookOperations webhooks() {
      return new WebhookOperations(engine, ctx, starter);
    }

    public SagaOperations sagas() {
      return new SagaOperations(engine, ctx, runner);
    }
  }

  public UserOperations users() {
    return system.users();
  }

  public BalanceOperations balances() {
    return system.balances();
  }

  public OrderOperations orders() {
    return system.orders();
  }

  public DisputeOperations disputes() {
    return system.disputes();
  }

  public WithdrawalOperations withdrawals() {
    return system.withdrawals();
  }

  public TopUpOperations topUps() {
    return system.topUps();
  }

  public ApiKeyOperations apiKeys() {
    return system.apiKeys();
  }

  /** The on-chain sagas: list, read, retry a pending one (operators). */
  public SagaOperations sagas() {
    return system.sagas();
  }

  /**
   * What is waiting and for how long: pending sagas and the oldest one's age, the deposit watcher's
   * lag, the outbox's backlog. Cheap (one read transaction of a few indexed queries), so a health
   * check or a metrics scrape may call it every few seconds.
   */
  public EngineStatus status() {
    java.time.Instant now = engine.now();
    java.util.OptionalLong lowest = dispatcher.lowestCursor();
    record Read(SagaRepository.Backlog sagas, OutboxRepository.Backlog outbox, long lastSequence) {}
    Read read = engine.tx.read(scope -> new Read(scope.session.sagas().pendingBacklog(),
        scope.session.outbox().unnumbered(), lowest.isPresent() ? scope.session.outbox().lastSequence() : 0));
    java.time.Instant lastScan = watcher.lastScan();
    return new EngineStatus(now, read.sagas().count(), age(read.sagas().oldestCreatedAt(), now),
        lastScan == null ? null : age(lastScan, now), read.outbox().count(), age(read.outbox().oldestOccurredAt(), now),
        lowest.isPresent() ? Math.max(0, read.lastSequence() - lowest.getAsLong()) : 0);
  }

  /** From {@code since} to {@code now}, never negative; ZERO when {@code since} is null. */
  private static Duration age(java.time.Instant since, java.time.Instant now) {
    if (since == null || since.isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(since, now);
  }

  public WalletOperations wallets() {
    return new WalletOperations(engine, activation, rotation);
  }

  public AuditOperations audit() {
    return new AuditOperations(engine);
  }

  public EventOperations events() {
    return new EventOperations(engine, dispatcher);
  }

  public LedgerOperations ledger() {
    return new LedgerOperations(engine);
  }

  /** Verified webhooks from the fiat provider. */
  public WebhookOperations webhooks() {
    return as(RequestContext.system()).webhooks();
  }

  /** The platform treasury that funds escrows for fiat balances (ARCHITECTURE rule 11). */
  public TreasuryOperations treasury() {
    return new TreasuryOperations(engine);
  }

  /**
   * Creates (or finds) the platform user, and the treasury user when a treasury is configured, and
   * activates their wallets; escrow commands need them.
   * Idempotent. Returns the platform user.
   */
  public User initialize() {
    User platform = users().create(new CreateUserRequest(engine.config.platformExternalUserId(), null,
        UserType.BOTH));
    if (engine.config.treasury() != null) {
      users().create(new CreateUserRequest(engine.config.treasury().externalUserId(), null, UserType.BOTH));
    }
    activation.activatePending(100);
    return platform;
  }

  /**
   * Scans the chain once for incoming deposits, whichever instance leads the watch; returns how many
   * were credited. Each deposit is credited once however many instances scan.
   */
  public int scanDeposits() {
    return watcher.scanOnce(200);
  }

  /**
   * The deposit watcher's background step: takes or renews the lease {@code "deposit-watcher"} for
   * this instance and, while it holds it, scans from the stored cursor, page after page while the
   * chain adapter says more payments wait (within a third of the lease), so of all instances on one
   * database only the leader reads the chain and it keeps up with a busy network. Returns how many
   * deposits were credited (0 when another instance leads).
   */
  public int watchDeposits() {
    return watcher.scanIfLeader(200);
  }

  /** This instance's id: the owner of the leases it holds (see {@link Builder#instanceId}). */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Runs every background job once: wallet activation, due sagas, a deposit scan if this instance
   * leads the deposit watch ({@link #watchDeposits()}), event delivery, expiry of old idempotency
   * records and events, settlement of fiat payouts and pay-ins the provider has not finished
   * (unknown create outcomes included; bounded in time, see {@link FiatSettlement}), and a batch of
   * wallet key re-encryption. Each job stands alone: one that fails is logged and the others still
   * run. Returns the number of sagas looked at.
   */
  public int runPendingWork() {
    int sagas = onChainWork();
    watch();
    upkeep();
    return sagas;
  }

  /** Wallet activation and due sagas (each driven for up to {@code syncWait}); returns the sagas looked at. */
  private int onChainWork() {
    background("wallet activation", () -> activation.activatePending(100));
    int[] sagas = {0};
    background("sagas", () -> sagas[0] = runner.runDue(100, engine.config.syncWait()));
    return sagas[0];
  }

  /** Retention, fiat settlement (it waits on the provider) and a batch of key rotation. */
  private void upkeep() {
    background("retention", () -> engine.tx.write(RequestContext.system(), scope -> {
      scope.session.idempotency().deleteExpired(scope.now);
      scope.session.outbox().deleteBefore(scope.now.minus(engine.config.eventRetention()));
      return null;
    }));
    background("fiat settlement", () -> fiat.settleDue(50));
    background("wallet key rotation", () -> rotation.runOnce(100));
  }

  /** The quick jobs: a deposit scan if this instance leads the watch, then delivery of committed events. */
  private void watch() {
    background("deposit scan", () -> watcher.scanIfLeader(200));
    background("event delivery", dispatcher::pump);
  }

  /**
   * Runs one job, logging what it throws. An {@link Error} other than the JVM's own (a linkage
   * error from a storage or adapter built against another version of the SPI, an assertion) is
   * logged as an error and swallowed too: a scheduled task that throws is never run again, and the
   * deposit watch or the sagas would stop without a trace.
   */
  private static void background(String job, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("background job '{}' failed, the others go on: {}", job, e.toString());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error e) {
      LOG.error("background job '{}' failed with an error, it runs again next time: {}", job, e.toString());
    }
  }

  /** Test hook into the saga runner (crash injection); not for production use. */
  public void setSagaStepHook(SagaRunner.StepHook hook) {
    runner.setStepHook(hook);
  }

  /**
   * Schedules the background jobs of {@link #runPendingWork()} on the host's executor every
   * {@code interval}, as two jobs. The deposit watch and the delivery of events other instances
   * committed run on their own: the on-chain work (sagas, activations, fiat settlement) waits on
   * networks, a due saga for up to {@code syncWait}, and behind it the watcher would miss renewing
   * its lease (the lead would pass back and forth) and subscribers would see other instances'
   * events only once that work was done. Give the executor two threads for them to run side by
   * side. Failures are logged and the job runs again next time.
   */
  public synchronized void start(ScheduledExecutorService executor, Duration interval) {
    long millis = interval.toMillis();
    jobs.add(executor.scheduleWithFixedDelay(() -> background("background work", () -> {
      onChainWork();
      upkeep();
    }), millis, millis, TimeUnit.MILLISECONDS));
    jobs.add(executor.scheduleWithFixedDelay(() -> background("background watch", this::watch), millis, millis,
        TimeUnit.MILLISECONDS));
  }

  /**
   * Cancels scheduled jobs and hands over the deposit watch if this instance leads it. The storage
   * and adapters belong to the host and stay open.
   */
  @Override
  public synchronized void close() {
    jobs.forEach(job -> job.cancel(false));
    jobs.clear();
    background("deposit watch hand-over", watcher::stepDown);
  }

  /**
   * Explicit wiring: {@code build()} names every missing part at once and never defaults one
   * silently (only the id generator and config have defaults).
   */
  public static final class Builder {
    private Storage storage;
    private ChainAdapter chain;
    private EscrowGateway escrow;
    private PaymentProvider provider;
    private WalletKeyCipher cipher;
    private Clock clock;
    private IdGenerator ids = new RandomIdGenerator();
    private EngineConfig config = EngineConfig.defaults();
    private String instanceId;
    private LeaseService leases;
    private final List<EngineListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Optional, repeatable: a listener that hears of commands, replays, confirmed on-chain steps and
     * provider errors (metrics). Listeners are called in the order added; what one throws is logged
     * and ignored.
     */
    public Builder listener(EngineListener value) {
      if (value == null) {
        throw new IllegalArgumentException("listener must not be null");
      }
      listeners.add(value);
      return this;
    }

    public Builder storage(Storage value) {
      this.storage = value;
      return this;
    }

    public Builder chain(ChainAdapter value) {
      this.chain = value;
      return this;
    }

    public Builder escrow(EscrowGateway value) {
      this.escrow = value;
      return this;
    }

    /** Optional: the fiat provider for top-ups and fiat withdrawals. */
    public Builder paymentProvider(PaymentProvider value) {
      this.provider = value;
      return this;
    }

    public Builder keyCipher(WalletKeyCipher value) {
      this.cipher = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder ids(IdGenerator value) {
      this.ids = value;
      return this;
    }

    public Builder config(EngineConfig value) {
      this.config = value;
      return this;
    }

    /**
     * Optional: this instance's id among the instances sharing the database, the owner of the leases
     * it takes (at most 128 characters). Defaults to a random id, new for every engine built.
     */
    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    /**
     * Optional: where leases are kept. Defaults to {@link StorageLeaseService} on the engine's
     * storage and clock, which every instance on one database shares.
     */
    public Builder leases(LeaseService value) {
      this.leases = value;
      return this;
    }

    public OrchestratorEngine build() {
      List<String> problems = new ArrayList<>();
      if (storage == null) {
        problems.add("storage is required");
      }
      if (chain == null) {
        problems.add("chain adapter is required");
      }
      if (escrow == null) {
        problems.add("escrow gateway is required");
      }
      if (cipher == null) {
        problems.add("wallet key cipher is required");
      }
      if (clock == null) {
        problems.add("clock is required");
      }
      if (ids == null) {
        problems.add("id generator must not be null");
      }
      if (config == null) {
        problems.add("config must not be null");
      } else {
        problems.addAll(config.problems());
      }
      if (instanceId != null && (instanceId.isBlank() || instanceId.length() > 128)) {
        problems.add("instanceId must be 1..128 characters and not blank");
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("Cannot build OrchestratorEngine: " + String.join("; ", problems));
      }
      String id = instanceId != null ? instanceId : "engine-" + java.util.UUID.randomUUID();
      LeaseService leaseService = leases != null ? leases : StorageLeaseService.of(storage, clock);
      return new OrchestratorEngine(new EngineContext(storage, chain, escrow, provider, cipher, clock, ids, config,
          new Observer(listeners)), leaseService, id);
    }
  }
}

package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.EngineConfig;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.observe.EngineListener;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * An engine wired to in-memory storage (or any storage), a simulated Stellar + Trustless Work
 * network, a simulated fiat provider and a mutable clock, with fixtures for integration tests.
 *
 * <pre>{@code
 * TestEngine test = TestEngine.inMemory();
 * User buyer = test.fundedUser("buyer", "100.00");
 * User seller = test.user("seller");
 * OrderSnapshot order = test.fundedOrder(buyer, seller, "80.00");
 * test.engine().orders().release(order.order().id());
 * }</pre>
 *
 * <p>By default the engine runs on the simulated network's in-process adapters. With
 * {@link Builder#network}, {@link Builder#clock} and {@link Builder#adapters} it runs on any
 * adapters instead (e.g. the Stellar adapters over HTTP to the standalone simulator, whose network
 * model is given so that the fixtures and {@link #booksVersusChain()} read the same chain).
 *
 * Thread-safe as the engine is; fixtures are for test threads.
 */
public final class TestEngine {
  private final Storage storage;
  private final SimulatedNetwork network;
  private final MutableClock clock;
  private final SimulatedPaymentProvider provider;
  private volatile WalletKeyCipher cipher;
  private final EngineConfig config;
  private final UnaryOperator<ChainAdapter> decorateChain;
  private final Function<Host, Adapters> adapters;
  private final List<EngineListener> listeners;
  private final User platform;
  private OrchestratorEngine engine;

  private TestEngine(Builder builder) {
    this.storage = builder.storage == null ? new InMemoryStorage() : builder.storage;
    this.clock = builder.clock == null ? new MutableClock(Instant.parse("2026-01-01T00:00:00Z")) : builder.clock;
    this.network = builder.network == null ? new SimulatedNetwork(clock) : builder.network;
    if (network.clock() != clock) {
      // The network checks time bounds and stamps ledgers on its clock, the adapters set time bounds
      // and the engine judges expiry and leases on theirs: one clock, or expiry means nothing.
      throw new IllegalArgumentException("the network must run on the test's clock: give both to the builder");
    }
    this.network.setServiceFeeBps(builder.serviceFeeBps);
    this.provider = new SimulatedPaymentProvider();
    if (builder.keyCipher != null) {
      this.cipher = builder.keyCipher;
    } else {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      this.cipher = AesGcmWalletKeyCipher.of(key);
    }
    this.config = EngineConfig.defaults().withPlatformFeeBps(builder.platformFeeBps).withSyncWait(builder.syncWait)
        .withSagaRetryDelay(Duration.ofMillis(10)).withSagaLease(builder.sagaLease)
        .withDepositWatcherLease(builder.depositWatcherLease)
        .withTreasury(builder.treasuryUsdc == null ? null : new EngineConfig.Treasury(TREASURY_EXTERNAL_ID,
            Money.parse(builder.treasuryLowBalance, com.offerhub.orchestrator.ErrorCode.VALIDATION_ERROR)));
    this.decorateChain = builder.decorateChain;
    this.adapters = builder.adapters;
    this.listeners = List.copyOf(builder.listeners);
    Adapters first = adapters.apply(new Host(storage, clock, network));
    this.engine = newEngine(storage, cipher, first);
    this.platform = engine.initialize();
    first.platformReady(engine, platform);
    if (builder.treasuryUsdc != null) {
      deposit(treasury(), builder.treasuryUsdc);
    }
  }

  /**
   * The chain adapter and escrow gateway one engine runs on. The factory given to
   * {@link Builder#adapters} makes a set for the first engine, one per {@link #restart} and one per
   * {@link #anotherInstance}, as each host process makes its own; whoever supplies the factory
   * closes what it made.
   */
  public interface Adapters {
    ChainAdapter chain();

    EscrowGateway escrow();

    /**
     * Called once the platform user exists (its wallet activated), before the engine runs any
     * saga: the host names the platform wallet to adapters that treat it specially (e.g.
     * {@code StellarChainAdapter.usePlatformAccount}). Does nothing by default.
     */
    default void platformReady(OrchestratorEngine engine, User platform) {
    }

    /** A fixed pair of adapters. */
    static Adapters of(ChainAdapter chain, EscrowGateway escrow) {
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(escrow, "escrow");
      return new Adapters() {
        @Override
        public ChainAdapter chain() {
          return chain;
        }

        @Override
        public EscrowGateway escrow() {
          return escrow;
        }
      };
    }
  }

  /**
   * What the adapter factory is given for one engine: that engine's storage (leases shared through
   * the database live there), and the clock and network model the whole test shares.
   */
  public record Host(Storage storage, MutableClock clock, SimulatedNetwork network) {
  }

  /** In-memory storage, zero fees. */
  public static TestEngine inMemory() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options; everything has a default. */
  public static final class Builder {
    private Storage storage;
    private SimulatedNetwork network;
    private MutableClock clock;
    private int serviceFeeBps;
    private int platformFeeBps;
    private Duration syncWait = Duration.ofSeconds(5);
    private Duration sagaLease = EngineConfig.defaults().sagaLease();
    private Duration depositWatcherLease = EngineConfig.defaults().depositWatcherLease();
    private UnaryOperator<ChainAdapter> decorateChain = UnaryOperator.identity();
    private Function<Host, Adapters> adapters = host -> Adapters.of(host.network().chainAdapter(),
        host.network().escrowGateway());
    private WalletKeyCipher keyCipher;
    private String treasuryUsdc;
    private String treasuryLowBalance;
    private final List<EngineListener> listeners = new ArrayList<>();

    private Builder() {}

    /** A listener of every engine this test builds (the first, restarts and other instances). */
    public Builder listener(EngineListener value) {
      listeners.add(java.util.Objects.requireNonNull(value, "listener"));
      return this;
    }

    /**
     * Runs the engine with a treasury (AirTM mode, ARCHITECTURE rule 11) whose wallet holds
     * {@code usdc} after start, credited as a deposit; each advance that leaves it below
     * {@code lowBalance} raises {@code treasury.balance_low}.
     */
    public Builder treasury(String usdc, String lowBalance) {
      this.treasuryUsdc = usdc;
      this.treasuryLowBalance = lowBalance;
      return this;
    }

    /**
     * The clock of the engine, the adapters and the network (default: a clock at
     * 2026-01-01T00:00:00Z that moves only when the test moves it).
     */
    public Builder clock(MutableClock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The network model the fixtures fund wallets on and {@link TestEngine#booksVersusChain()} reads
     * (default: a new in-process one). It must run on the {@link #clock} given. Its Trustless Work
     * fee is set to {@link #serviceFeeBps}.
     */
    public Builder network(SimulatedNetwork value) {
      this.network = Objects.requireNonNull(value, "network");
      return this;
    }

    /**
     * Makes the chain adapter and escrow gateway of each engine this test builds (default: the
     * network's in-process ones). Adapters over HTTP to a simulator serving {@link #network}
     * run every scenario end to end.
     */
    public Builder adapters(Function<Host, Adapters> factory) {
      this.adapters = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** The wallet key cipher (default: AES-256-GCM with one random key as version 1). */
    public Builder keyCipher(WalletKeyCipher value) {
      this.keyCipher = value;
      return this;
    }

    public Builder storage(Storage value) {
      this.storage = value;
      return this;
    }

    /** Trustless Work's fee in basis points (30 on the real service). */
    public Builder serviceFeeBps(int value) {
      this.serviceFeeBps = value;
      return this;
    }

    public Builder platformFeeBps(int value) {
      this.platformFeeBps = value;
      return this;
    }

    public Builder syncWait(Duration value) {
      this.syncWait = value;
      return this;
    }

    /** How long a runner holds a saga (on the test's clock, which moves only when the test moves it). */
    public Builder sagaLease(Duration value) {
      this.sagaLease = value;
      return this;
    }

    /** How long the deposit watcher's leader keeps the lead unrenewed (on the test's clock). */
    public Builder depositWatcherLease(Duration value) {
      this.depositWatcherLease = value;
      return this;
    }

    /**
     * Wraps the chain adapter of every engine this test makes (the first, each restart and each
     * {@link #anotherInstance}), in that order; e.g. a wrapper that counts calls.
     */
    public Builder decorateChain(UnaryOperator<ChainAdapter> value) {
      this.decorateChain = value;
      return this;
    }

    public TestEngine build() {
      return new TestEngine(this);
    }
  }

  private OrchestratorEngine newEngine(Storage on, WalletKeyCipher keys, Adapters made) {
    OrchestratorEngine.Builder builder = OrchestratorEngine.builder().storage(on).chain(decorateChain.apply(
        made.chain())).escrow(made.escrow()).paymentProvider(provider).keyCipher(keys).clock(clock).config(config);
    listeners.forEach(builder::listener);
    return builder.build();
  }

  /** An engine on fresh adapters, for an instance that comes up once the platform user exists. */
  private OrchestratorEngine startedEngine(Storage on, WalletKeyCipher keys) {
    Adapters made = adapters.apply(new Host(on, clock, network));
    OrchestratorEngine started = newEngine(on, keys, made);
    made.platformReady(started, platform);
    return started;
  }

  public OrchestratorEngine engine() {
    return engine;
  }

  /**
   * Replaces the engine with a fresh one on the same storage, network and keys, as after a process
   * restart. Leases of work the old engine held are skipped by advancing the clock past them.
   */
  public OrchestratorEngine restart() {
    engine.close();
    clock.advance(Duration.ofMinutes(1));
    engine = startedEngine(storage, cipher);
    return engine;
  }

  /**
   * Restarts the engine as {@link #restart()} does, with another wallet key configuration (a key
   * rotation rolled out). Later restarts and instances keep it.
   */
  public OrchestratorEngine restartWith(WalletKeyCipher keyCipher) {
    this.cipher = java.util.Objects.requireNonNull(keyCipher, "keyCipher");
    return restart();
  }

  /**
   * A second engine instance on {@code otherStorage} (typically a separate pool on the same
   * database), sharing this one's network, keys, clock and provider: two instances of one service.
   */
  public OrchestratorEngine anotherInstance(Storage otherStorage) {
    return anotherInstance(otherStorage, cipher);
  }

  /** A second instance as {@link #anotherInstance(Storage)}, with its own wallet key configuration. */
  public OrchestratorEngine anotherInstance(Storage otherStorage, WalletKeyCipher keyCipher) {
    return startedEngine(otherStorage, keyCipher);
  }

  /** The wallet key cipher the engine uses now. */
  public WalletKeyCipher keyCipher() {
    return cipher;
  }

  /** The network model: fixtures and {@link #booksVersusChain()} read and fund the chain here. */
  public SimulatedNetwork network() {
    return network;
  }

  /** The platform user, created when the test engine was built. */
  public User platform() {
    return platform;
  }

  public MutableClock clock() {
    return clock;
  }

  public SimulatedPaymentProvider provider() {
    return provider;
  }

  public Storage storage() {
    return storage;
  }

  /** The external user id of the treasury in engines built with {@link Builder#treasury}. */
  public static final String TREASURY_EXTERNAL_ID = "offerhub-treasury";

  /** The treasury user (engines built with {@link Builder#treasury}). */
  public User treasury() {
    return engine.users().list(0, 100).stream().filter(u -> u.externalUserId().equals(TREASURY_EXTERNAL_ID))
        .findFirst().orElseThrow(() -> new IllegalStateException("this engine has no treasury"));
  }

  /**
   * A new user with a linked AirTM account and a fiat balance of {@code amount} USD, topped up
   * through the simulated provider (created, confirmed by the payer, succeeded, refreshed): nothing
   * of it is on chain.
   */
  public User toppedUpUser(String externalId, String amount) {
    User user = user(externalId);
    engine.users().linkAirtm(user.id(), externalId + "@airtm.example");
    var topUp = engine.topUps().create(user.id(), amount, "top-up");
    provider.confirm(topUp.providerRef());
    provider.succeed(topUp.providerRef());
    engine.topUps().refresh(topUp.id());
    return user;
  }

  /**
   * Differences between the books and the chain in treasury mode, empty when they agree: the
   * treasury wallet's USDC equals the treasury's available balance, and every escrow contract's
   * balance equals its escrow account. (Users' fiat balances are USD at the provider, not on chain.)
   */
  public List<String> treasuryVersusChain() {
    List<String> problems = new ArrayList<>();
    User treasury = treasury();
    Money chain = network.usdcBalance(engine.wallets().get(treasury.id()).publicKey());
    Money books = engine.balances().get(treasury.id()).total();
    if (!chain.equals(books)) {
      problems.add("treasury: chain " + chain + ", books " + books);
    }
    escrowsVersusChain(problems);
    return problems;
  }

  /** A new user with an active wallet. */
  public User user(String externalId) {
    return engine.users().create(CreateUserRequest.of(externalId));
  }

  /** A new user whose wallet received {@code amount} USDC from outside, credited by the watcher. */
  public User fundedUser(String externalId, String amount) {
    User user = user(externalId);
    deposit(user, amount);
    return user;
  }

  /** Pays {@code amount} USDC to the user's wallet from outside and runs the deposit watcher. */
  public void deposit(User user, String amount) {
    network.depositFromOutside(engine.wallets().depositAddress(user.id()), Money.parsePositive(amount));
    engine.scanDeposits();
  }

  /** Creates, reserves, creates the escrow for and funds an order: it ends IN_PROGRESS. */
  public OrderSnapshot fundedOrder(User buyer, User seller, String amount) {
    OrderSnapshot order = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), amount, "Work"));
    String id = order.order().id();
    engine.orders().reserve(id);
    engine.orders().createEscrow(id);
    return engine.orders().fundEscrow(id);
  }

  /**
   * Drives an order to CLOSED from wherever it stands, as a client retrying would: each round moves
   * the clock a minute, closes a ledger (as a network does whatever the engine does), runs the
   * background work, then asks for the order's next step (create or fund the escrow, release). A
   * refusal while a saga is still resuming is skipped and asked again; fails after 20 rounds.
   */
  public void closeOrder(OrchestratorEngine on, String orderId) {
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMinutes(1));
      network.closeLedger();
      on.runPendingWork();
      try {
        switch (on.orders().get(orderId).order().status()) {
          case FUNDS_RESERVED -> on.orders().createEscrow(orderId);
          case ESCROW_FUNDING -> on.orders().fundEscrow(orderId);
          case IN_PROGRESS -> on.orders().release(orderId);
          case CLOSED -> {
            return;
          }
          default -> { }
        }
      } catch (com.offerhub.orchestrator.OrchestratorException e) {
        // the saga of the step is still resuming: run the background work and look again
      }
    }
    throw new AssertionError("order did not close: " + on.orders().get(orderId).order().status());
  }

  public Balance balance(User user) {
    return engine.balances().get(user.id());
  }

  /**
   * Differences between the books and the chain, empty when they agree: every wallet's on-chain
   * USDC equals its user's available + reserved (+ money in flight out of it, + platform fees for the
   * platform wallet), and every escrow contract's balance equals its escrow account.
   */
  public List<String> booksVersusChain() {
    List<String> problems = new ArrayList<>();
    Map<String, java.math.BigDecimal> accounts = engine.ledger().exactBalances();
    String platformId = engine.users().list(0, 100).stream()
        .filter(u -> u.externalUserId().equals(config.platformExternalUserId())).map(User::id).findFirst()
        .orElse("");
    for (int offset = 0; ; offset += 100) {
      List<User> users = engine.users().list(offset, 100);
      for (User user : users) {
        Wallet wallet = engine.wallets().get(user.id());
        Balance balance = engine.balances().get(user.id());
        Money books = balance.total();
        if (user.id().equals(platformId)) {
          books = books.plus(Money.fromBigDecimal(accounts.getOrDefault(LedgerAccounts.PLATFORM_FEES,
              java.math.BigDecimal.ZERO)));
        }
        Money chain = network.usdcBalance(wallet.publicKey());
        Money inFlight = inFlightFor(user.id());
        if (!chain.equals(books.plus(inFlight))) {
          problems.add("user " + user.id() + ": chain " + chain + ", books " + books + " + in flight " + inFlight);
        }
      }
      if (users.size() < 100) {
        break;
      }
    }
    escrowsVersusChain(problems);
    return problems;
  }

  private void escrowsVersusChain(List<String> problems) {
    Map<String, java.math.BigDecimal> accounts = engine.ledger().exactBalances();
    for (Map.Entry<String, java.math.BigDecimal> account : accounts.entrySet()) {
      if (account.getKey().startsWith("escrow:")) {
        String orderId = account.getKey().substring("escrow:".length());
        String contractId = engine.orders().get(orderId).escrow().contractId();
        Money onChain = network.escrowGateway().inspect(contractId).balance();
        if (onChain.toBigDecimal().compareTo(account.getValue()) != 0) {
          problems.add("escrow of " + orderId + ": chain " + onChain + ", books " + account.getValue());
        }
      }
    }
  }

  private Money inFlightFor(String userId) {
    Money total = Money.ZERO;
    for (var withdrawal : engine.withdrawals().list(userId, 0, 100)) {
      total = total.plus(engine.ledger().balanceOf(LedgerAccounts.withdrawalInFlight(withdrawal.id())));
    }
    return total;
  }
}

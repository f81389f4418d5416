package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.testkit.network.NetworkState.Account;
import com.offerhub.orchestrator.testkit.network.NetworkState.Contract;
import com.offerhub.orchestrator.testkit.network.NetworkState.Milestone;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A model of Stellar with USDC and Trustless Work single-release escrow contracts, for tests, the
 * sandbox and the standalone simulator. A transaction is a model value ({@link Tx}); every front
 * (the in-process {@link #chainAdapter()} and {@link #escrowGateway()}, or an HTTP front that
 * decodes real XDR) hands it to {@link #submit(Tx)}, and one set of rules applies: required
 * signers, sequence numbers, time bounds against the ledger close time, at most one transaction
 * per source account per ledger (others wait for the next), fees charged to the fee payer (the
 * fee-bump's fee source, which spends no sequence number), reserves with sponsorship, trustlines,
 * USDC balances, and the escrow contract of spec/05 §5 in variants [A] and [B].
 *
 * <p>Ledgers close immediately on submit ({@link #setAutoClose(boolean) auto-close}, the default),
 * on {@link #closeLedger()}, or on a background ticker ({@link #startClosing}). Fault knobs make
 * in-process calls fail, time out, or apply but lose their response. Thread-safe: every call holds
 * the network's monitor.
 */
public final class SimulatedNetwork {
  static final String PASSPHRASE = "Simulated Stellar Network ; OFFER-HUB";
  private static final long XLM = Rules.XLM;
  private static final int DROPPED_REMEMBERED = 10_000;
  /** What {@link #rejectNext} answers: refused before inclusion (no fee, no sequence spent). */
  private static final TxResult SIMULATED_REJECTION = new TxResult(TxResult.Codes.TX_BAD_AUTH, List.of(), 0, null,
      null, "(simulated rejection)");

  /** The escrow contract build: [A] (fixed fee address, resolve may revert) or [B] (fee fix). */
  public enum Variant { A, B }

  /** What {@link #submit} did with a transaction. */
  public enum Status {
    /** Waiting for a ledger. */
    QUEUED,
    /** Included in a ledger already (auto-close), see {@link Submission#record()}. */
    APPLIED,
    /** Seen before: queued or included ({@link Submission#record()} then set). */
    DUPLICATE,
    /** Invalid now: never included, see {@link Submission#refusal()}. */
    REFUSED,
    /** The queue is full; submit again later. */
    TRY_AGAIN_LATER
  }

  /** The answer of {@link #submit}: a status, the hash, the refusal or the record. */
  public record Submission(Status status, String hash, TxResult refusal, TxRecord record) {}

  /** What {@link #await} found: the record, the reason a queued transaction was dropped, or neither yet. */
  public record Awaited(TxRecord record, TxResult dropped) {}

  private NetworkState state;
  private final Clock clock;
  private final TxCodec codec;
  private final Map<CallKind, Integer> failures = new EnumMap<>(CallKind.class);
  private final Map<CallKind, Integer> timeouts = new EnumMap<>(CallKind.class);
  private final Map<CallKind, Integer> lostResponses = new EnumMap<>(CallKind.class);
  private int rejections;
  private final Map<String, Integer> buildRefusals = new java.util.HashMap<>();
  private Random random = new Random(0);
  /** Where a ledger's own transactions fall among its load payments. */
  private final Random loadPlacement = new Random(0);
  private int failureRatePercent;
  private Duration delay = Duration.ZERO;
  private boolean autoClose = true;
  private Duration submitWait = Duration.ofSeconds(5);
  private Duration transactionTimeout = Duration.ofSeconds(30);
  private int queueLimit = 10_000;
  private int loadPerLedger;
  private int loadRetentionLedgers = 120;
  private ScheduledExecutorService ticker;
  private Path persistFile;
  private final Map<String, byte[]> issuerSeeds = new LinkedHashMap<>();
  private final Map<String, TxResult> dropped = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TxResult> eldest) {
      return size() > DROPPED_REMEMBERED;
    }
  };
  /** Signatures made by this network's adapter: signed envelope -> signer's public key, used once. */
  private final Map<String, byte[]> witnessed = new java.util.concurrent.ConcurrentHashMap<>();

  /** An in-process network with its own passphrase, a generated USDC issuer and Trustless Work fee account. */
  public SimulatedNetwork(Clock clock) {
    this(builder().clock(clock));
  }

  private SimulatedNetwork(Builder b) {
    this.clock = b.clock;
    this.codec = b.codec;
    if (b.stateFile != null) {
      loadState(b.stateFile);
      return;
    }
    state = new NetworkState();
    state.passphrase = b.passphrase;
    state.usdcCode = b.usdcCode;
    state.ledger = 1;
    state.lastCloseMillis = clock.millis();
    state.serviceFeeBps = b.serviceFeeBps;
    state.minResourceFee = b.minResourceFee;
    state.defaultVariant = b.variant;
    state.deployerContract = b.deployerContract != null ? b.deployerContract : defaultDeployerContract();
    if (b.issuer != null) {
      state.issuer = b.issuer;
    } else {
      byte[][] issuer = Ed25519Keys.generate();
      state.issuer = StrKey.encode(StrKey.ACCOUNT, issuer[0]);
      issuerSeeds.put(state.issuer, issuer[1]);
    }
    Account issuerAccount = new Account();
    issuerAccount.xlm = 1_000_000 * XLM;
    state.accounts.put(state.issuer, issuerAccount);
    state.rootAccount = StrKey.encode(StrKey.ACCOUNT, Ed25519Keys.generate()[0]);
    Account root = new Account();
    root.xlm = 100_000_000_000L * XLM;
    state.accounts.put(state.rootAccount, root);
    state.serviceFeeAccount = b.serviceFeeAccount != null ? b.serviceFeeAccount
        : StrKey.encode(StrKey.ACCOUNT, Ed25519Keys.generate()[0]);
    Account fees = new Account();
    fees.xlm = 10 * XLM;
    fees.usdc = 0L;
    fees.usdcLimit = Long.MAX_VALUE;
    fees.subentries = 1;
    state.accounts.put(state.serviceFeeAccount, fees);
  }

  /** {@code StrKey.encodeContract(SHA-256("offerhub-simulator-deployer"))}: the deployer contract fronts agree on. */
  public static String defaultDeployerContract() {
    try {
      return StrKey.encode(StrKey.CONTRACT, MessageDigest.getInstance("SHA-256")
          .digest("offerhub-simulator-deployer".getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a network; what the state file holds wins over them when {@link #load(Path)} is set. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String passphrase = PASSPHRASE;
    private String usdcCode = "USDC";
    private String issuer;
    private String serviceFeeAccount;
    private int serviceFeeBps;
    private String deployerContract;
    private Variant variant = Variant.B;
    private long minResourceFee;
    private TxCodec codec = Envelope.CODEC;
    private Path stateFile;

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder passphrase(String value) {
      this.passphrase = value;
      return this;
    }

    /** The USDC asset: code and issuer account (the network mints without the issuer's key). */
    public Builder usdc(String code, String issuerAccount) {
      if (!StrKey.isValid(StrKey.ACCOUNT, issuerAccount)) {
        throw new IllegalArgumentException("not an account id: " + issuerAccount);
      }
      this.usdcCode = code;
      this.issuer = issuerAccount;
      return this;
    }

    /** Trustless Work's fee account (fixed in [A] contracts) and fee in basis points (30 on the real service). */
    public Builder serviceFee(String account, int bps) {
      if (account != null && !StrKey.isValid(StrKey.ACCOUNT, account)) {
        throw new IllegalArgumentException("not an account id: " + account);
      }
      if (bps < 0 || bps > 10_000) {
        throw new IllegalArgumentException("service fee must be 0..10000 bps");
      }
      this.serviceFeeAccount = account;
      this.serviceFeeBps = bps;
      return this;
    }

    public Builder deployerContract(String contractId) {
      this.deployerContract = contractId;
      return this;
    }

    /** The escrow variant the in-process gateway deploys (fronts may choose per call). */
    public Builder variant(Variant value) {
      this.variant = value;
      return this;
    }

    /** Smallest Soroban resource fee a contract call must declare (0: none, nor transaction data, needed). */
    public Builder minResourceFee(long stroops) {
      this.minResourceFee = stroops;
      return this;
    }

    /** How the network encodes the transactions it makes itself (default: the in-process format). */
    public Builder codec(TxCodec value) {
      this.codec = value;
      return this;
    }

    /** Restores the state saved in {@code file} instead of starting a fresh network. */
    public Builder load(Path file) {
      this.stateFile = file;
      return this;
    }

    public SimulatedNetwork build() {
      return new SimulatedNetwork(this);
    }
  }

  // ---- wiring ----

  public ChainAdapter chainAdapter() {
    return new SimulatedChainAdapter(this);
  }

  public EscrowGateway escrowGateway() {
    return new SimulatedEscrowGateway(this);
  }

  public Clock clock() {
    return clock;
  }

  public synchronized String passphrase() {
    return state.passphrase;
  }

  public synchronized String deployerContract() {
    return state.deployerContract;
  }

  public synchronized String usdcCode() {
    return state.usdcCode;
  }

  /** The account that funds friendbot accounts and the network's own set-up. */
  public synchronized String rootAccount() {
    return state.rootAccount;
  }

  // ---- settings and knobs ----

  /** Trustless Work's fee in basis points for contracts deployed from now on (30 on the real service). */
  public synchronized void setServiceFeeBps(int bps) {
    if (bps < 0 || bps > 10_000) {
      throw new IllegalArgumentException("service fee must be 0..10000 bps");
    }
    state.serviceFeeBps = bps;
  }

  /** The escrow variant deployed from now on by fronts that do not choose one. */
  public synchronized void setDefaultVariant(Variant variant) {
    state.defaultVariant = java.util.Objects.requireNonNull(variant, "variant");
  }

  public synchronized Variant defaultVariant() {
    return state.defaultVariant;
  }

  public synchronized void setAutoClose(boolean value) {
    this.autoClose = value;
  }

  public synchronized boolean autoClose() {
    return autoClose;
  }

  /** How long a submit waits for inclusion when ledgers close on a ticker. */
  public synchronized void setSubmitWait(Duration wait) {
    this.submitWait = wait;
  }

  synchronized Duration submitWait() {
    return submitWait;
  }

  /** Validity window of transactions built from now on. */
  public synchronized void setTransactionTimeout(Duration timeout) {
    this.transactionTimeout = timeout;
  }

  /** How many transactions may wait for a ledger before submits get {@link Status#TRY_AGAIN_LATER}. */
  public synchronized void setQueueLimit(int limit) {
    this.queueLimit = limit;
  }

  /**
   * Adds {@code paymentsPerLedger} unrelated USDC payments between two outside accounts to every
   * ledger from now on (0 stops). They are listed like any payment but kept only for
   * {@link #setLoadRetention the retention window} and never saved. The ledger's submitted
   * transactions land at a random position among them, as real traffic would place them.
   */
  public synchronized void setLoad(int paymentsPerLedger) {
    if (paymentsPerLedger < 0) {
      throw new IllegalArgumentException("payments per ledger must not be negative");
    }
    this.loadPerLedger = paymentsPerLedger;
  }

  public synchronized int load() {
    return loadPerLedger;
  }

  /** How many ledgers of load transactions stay listed (default 120). */
  public synchronized void setLoadRetention(int ledgers) {
    this.loadRetentionLedgers = Math.max(1, ledgers);
  }

  /** The next {@code count} calls of {@code kind} throw without any effect. */
  public synchronized void failNext(CallKind kind, int count) {
    failures.put(kind, count);
  }

  /** The next {@code count} calls of {@code kind} time out without any effect ("never applied"). */
  public synchronized void timeoutNext(CallKind kind, int count) {
    timeouts.put(kind, count);
  }

  /** The next {@code count} submits are applied, then throw as if the response was lost. */
  public synchronized void loseResponseNext(CallKind kind, int count) {
    lostResponses.put(kind, count);
  }

  /**
   * The next {@code count} submits of new transactions are refused as invalid: a definitive
   * {@code REJECTED} answer, never included, with no effect (as a transaction the network refuses).
   * The model refuses them itself, so every front sees it: the in-process adapter, and Horizon and
   * Soroban RPC of the HTTP simulator.
   */
  public synchronized void rejectNext(int count) {
    rejections = count;
  }

  /**
   * The escrow service refuses to build the next {@code count} transactions calling contract
   * function {@code function} (an {@link EscrowArgs} name) with a 400, nothing applied, as Trustless
   * Work refuses a call whose simulation fails.
   */
  public synchronized void refuseNextBuilds(String function, int count) {
    buildRefusals.put(function, count);
  }

  synchronized boolean takeBuildRefusal(String function) {
    Integer left = buildRefusals.get(function);
    if (left == null || left <= 0) {
      return false;
    }
    buildRefusals.put(function, left - 1);
    return true;
  }

  /** Each call fails with this probability (seeded, see {@link #seed}). */
  public synchronized void failureRate(int percent) {
    this.failureRatePercent = percent;
  }

  public synchronized void seed(long seed) {
    this.random = new Random(seed);
  }

  /** Every call sleeps this long before answering (outside the network's lock). */
  public synchronized void delay(Duration value) {
    this.delay = value;
  }

  /** Clears every knob. */
  public synchronized void reset() {
    failures.clear();
    timeouts.clear();
    lostResponses.clear();
    rejections = 0;
    buildRefusals.clear();
    failureRatePercent = 0;
    delay = Duration.ZERO;
  }

  /** Applies the knobs for one in-process call; {@code escrow} selects the gateway's exception type. */
  void fault(CallKind kind, boolean escrow) {
    Duration pause;
    String failure = null;
    synchronized (this) {
      pause = delay;
      if (take(failures, kind)) {
        failure = "simulated network failure";
      } else if (take(timeouts, kind)) {
        failure = "simulated timeout";
      } else if (failureRatePercent > 0 && random.nextInt(100) < failureRatePercent) {
        failure = "simulated random failure";
      }
    }
    if (!pause.isZero()) {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      if (escrow) {
        throw new EscrowGatewayException(503, failure);
      }
      throw new ChainException(failure);
    }
  }

  synchronized boolean takeLostResponse() {
    return take(lostResponses, CallKind.SUBMIT);
  }

  private boolean takeRejection() {
    if (rejections > 0) {
      rejections--;
      return true;
    }
    return false;
  }

  private boolean take(Map<CallKind, Integer> knob, CallKind kind) {
    for (CallKind key : new CallKind[] {kind, CallKind.ANY}) {
      Integer left = knob.get(key);
      if (left != null && left > 0) {
        knob.put(key, left - 1);
        return true;
      }
    }
    return false;
  }

  // ---- submitting ----

  /**
   * Hands a decoded transaction to the network: refused at once if invalid now (bad signature or
   * sequence, expired, fee, …), otherwise queued for the next ledger, or applied at once under
   * auto-close. A transaction already queued or included is a {@link Status#DUPLICATE}.
   */
  public synchronized Submission submit(Tx tx) {
    TxRecord known = record(tx.primaryHash());
    if (known != null) {
      return new Submission(Status.DUPLICATE, tx.primaryHash(), null, known);
    }
    int ahead = 0;
    for (Tx queued : state.queue) {
      if (queued.primaryHash().equals(tx.primaryHash())) {
        return new Submission(Status.DUPLICATE, tx.primaryHash(), null, null);
      }
      if (queued.source().equals(tx.source())) {
        ahead++;
      }
    }
    if (takeRejection()) {
      return new Submission(Status.REFUSED, tx.primaryHash(), SIMULATED_REJECTION, null);
    }
    if (state.queue.size() >= queueLimit) {
      return new Submission(Status.TRY_AGAIN_LATER, tx.primaryHash(), null, null);
    }
    TxResult refusal = Rules.validate(state, tx, Math.max(clock.millis(), state.lastCloseMillis), ahead);
    if (refusal != null) {
      return new Submission(Status.REFUSED, tx.primaryHash(), refusal, null);
    }
    dropped.remove(tx.primaryHash());
    state.queue.add(tx);
    if (autoClose) {
      close(List.of());
      TxRecord record = record(tx.primaryHash());
      if (record != null) {
        return new Submission(Status.APPLIED, tx.primaryHash(), null, record);
      }
      TxResult reason = dropped.get(tx.primaryHash());
      return new Submission(Status.REFUSED, tx.primaryHash(), reason, null);
    }
    return new Submission(Status.QUEUED, tx.primaryHash(), null, null);
  }

  /** Waits up to {@code wait} for a submitted transaction to be included or dropped. */
  public synchronized Awaited await(String hash, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      TxRecord record = record(hash);
      TxResult reason = dropped.get(hash);
      if (record != null || reason != null) {
        return new Awaited(record, reason);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !queued(hash)) {
        return new Awaited(null, null);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Awaited(null, null);
      }
    }
  }

  /** Waits up to {@code wait} for a ledger after {@code ledger} to close; returns the latest ledger. */
  public synchronized long awaitLedgerAfter(long ledger, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (state.ledger <= ledger) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return state.ledger;
  }

  private boolean queued(String hash) {
    for (Tx tx : state.queue) {
      if (tx.primaryHash().equals(hash) || tx.hash().equals(hash)) {
        return true;
      }
    }
    return false;
  }

  /** The included transaction with this hash (a fee-bump's or its inner one), or null. */
  public synchronized TxRecord record(String hash) {
    TxRecord record = state.transactions.get(hash);
    return record != null ? record : state.loadTransactions.get(hash);
  }

  /** Why a queued transaction was dropped when its ledger closed (invalid by then), or null. */
  public synchronized TxResult droppedResult(String hash) {
    return dropped.get(hash);
  }

  /**
   * Checks a contract call against the current state as if {@code source} sent it now, without
   * authorisation and without changing anything: null if it would succeed, else the refusal.
   */
  public synchronized TxResult check(Op.InvokeContract op, String source) {
    Simulation simulation = simulate(op, source);
    return simulation.failure();
  }

  /** A dry run of a contract call: its return value, the address whose authorisation it needs, or its failure. */
  public record Simulation(ScVal returnValue, String authorizer, TxResult failure) {}

  /** Runs a contract call against the current state without authorisation checks and without effect. */
  public synchronized Simulation simulate(Op.InvokeContract op, String source) {
    LedgerTxn txn = new LedgerTxn(state);
    Rules.Outcome outcome = new EscrowContract(txn, state.ledger + 1, clock.millis(), "simulation", false)
        .invoke(op, source);
    String authorizer = EscrowContract.authorizer(op.function(), op.args());
    if (!outcome.success()) {
      return new Simulation(null, authorizer, new TxResult(TxResult.Codes.TX_FAILED, List.of(outcome.code), 0, null,
          outcome.contractError, outcome.message));
    }
    return new Simulation(outcome.returnValue, authorizer, null);
  }

  /** The id of the escrow the deployer creates with {@code salt} (32 bytes). */
  public synchronized String contractIdFor(byte[] salt) {
    return EscrowContract.contractId(state.passphrase, state.deployerContract, salt);
  }

  // ---- outside money, friendbot and inspection ----

  /** An outside account, funded by the USDC issuer, pays {@code amount} to {@code destination}; returns the hash. */
  public String depositFromOutside(String destination, Money amount) {
    String outside = StrKey.encode(StrKey.ACCOUNT, Ed25519Keys.generate()[0]);
    synchronized (this) {
      TxRecord setUp = closeWith(() -> internal(state.rootAccount, Tx.Origin.INTERNAL, List.of(
          new Op.CreateAccount(null, outside, 10 * XLM),
          new Op.ChangeTrust(outside, usdc(), Long.MAX_VALUE),
          new Op.Payment(state.issuer, outside, usdc(), amount.stroops()))));
      if (!setUp.success()) {
        throw new IllegalStateException("minting failed: " + setUp.result().describe());
      }
      TxRecord paid = closeWith(() -> internal(outside, Tx.Origin.INTERNAL, List.of(
          new Op.Payment(null, destination, usdc(), amount.stroops()))));
      if (!paid.success()) {
        throw new IllegalArgumentException("deposit to " + destination + " failed: " + paid.result().describe());
      }
      return paid.tx().hash();
    }
  }

  /**
   * A contract this network's escrow service did not deploy (another application's payroll or
   * payout contract) pays {@code amount} USDC to {@code destination}; returns the transaction hash.
   * The USDC is minted into the new contract first, as {@link #depositFromOutside} mints for an account.
   */
  public synchronized String payFromForeignContract(String destination, Money amount) {
    byte[] seed = new byte[32];
    new java.security.SecureRandom().nextBytes(seed);
    String contractId = StrKey.encode(StrKey.CONTRACT, seed);
    Contract contract = new Contract();
    contract.id = contractId;
    contract.balance = amount.stroops();
    state.contracts.put(contractId, contract);
    TxRecord paid = closeWith(() -> internal(state.rootAccount, Tx.Origin.INTERNAL, List.of(
        new Op.InvokeContract(null, contractId, "pay", List.of(ScVal.address(destination), ScVal.i128(amount.stroops())),
            List.of()))));
    if (!paid.success()) {
      state.contracts.remove(contractId);
      throw new IllegalArgumentException("payment to " + destination + " failed: " + paid.result().describe());
    }
    return paid.tx().hash();
  }

  /** Friendbot: creates {@code account} with {@code xlmStroops} of XLM; refused if it exists. Returns the hash. */
  public synchronized String fund(String account, long xlmStroops) {
    if (!StrKey.isValid(StrKey.ACCOUNT, account)) {
      throw new IllegalArgumentException("not an account id: " + account);
    }
    if (state.accounts.containsKey(account)) {
      throw new IllegalStateException("account " + account + " already exists");
    }
    TxRecord created = closeWith(() -> internal(state.rootAccount, Tx.Origin.INTERNAL, List.of(
        new Op.CreateAccount(null, account, xlmStroops))));
    if (!created.success()) {
      throw new IllegalStateException("funding " + account + " failed: " + created.result().describe());
    }
    return created.tx().hash();
  }

  /** USDC held by an account or contract (zero when unknown). */
  public synchronized Money usdcBalance(String address) {
    Contract contract = state.contracts.get(address);
    if (contract != null) {
      return Money.ofStroops(contract.balance);
    }
    Account account = state.accounts.get(address);
    return Money.ofStroops(account == null || account.usdc == null ? 0 : account.usdc);
  }

  public synchronized Money xlmBalance(String address) {
    Account account = state.accounts.get(address);
    return Money.ofStroops(account == null ? 0 : account.xlm);
  }

  /** USDC outside the issuer: conserved by every operation except minting and burning. */
  public synchronized Money totalUsdc() {
    long total = 0;
    for (Map.Entry<String, Account> entry : state.accounts.entrySet()) {
      if (!entry.getKey().equals(state.issuer) && entry.getValue().usdc != null) {
        total += entry.getValue().usdc;
      }
    }
    for (Contract contract : state.contracts.values()) {
      total += contract.balance;
    }
    return Money.ofStroops(total);
  }

  /** The issuer of the network's USDC asset. */
  public synchronized String usdcIssuer() {
    return state.issuer;
  }

  /** The account Trustless Work's fees are paid to. */
  public synchronized String serviceFeeAccount() {
    return state.serviceFeeAccount;
  }

  public synchronized int serviceFeeBps() {
    return state.serviceFeeBps;
  }

  public synchronized long ledger() {
    return state.ledger;
  }

  public synchronized int queuedTransactions() {
    return state.queue.size();
  }

  /** A snapshot of an account, or null if it does not exist. */
  public synchronized AccountView account(String id) {
    Account a = state.accounts.get(id);
    if (a == null) {
      return null;
    }
    return new AccountView(id, a.xlm, a.seq, a.subentries, a.numSponsoring, a.numSponsored, a.sponsor, a.usdc,
        a.usdcLimit, a.trustlineSponsor, a.lastModifiedLedger, Rules.minBalance(a));
  }

  /** A snapshot of an escrow contract, or null if there is none with this id. */
  public synchronized EscrowView escrow(String contractId) {
    Contract c = state.contracts.get(contractId);
    return c == null || !c.escrow ? null : view(c);
  }

  /** Snapshots of every escrow contract, oldest first. */
  public synchronized List<EscrowView> escrows() {
    List<EscrowView> out = new ArrayList<>();
    for (Contract c : state.contracts.values()) {
      if (c.escrow) {
        out.add(view(c));
      }
    }
    out.sort(java.util.Comparator.comparingLong(EscrowView::createdAtMillis).thenComparing(EscrowView::contractId));
    return out;
  }

  static EscrowView view(Contract c) {
    List<EscrowArgs.Milestone> milestones = new ArrayList<>();
    for (Milestone m : c.milestones) {
      milestones.add(new EscrowArgs.Milestone(m.description, m.status, m.evidence, m.approved));
    }
    return new EscrowView(c.id, c.variant, c.deployer, c.engagementId, c.title, c.description,
        new EscrowArgs.Roles(c.approver, c.serviceProvider, c.platformAddress, c.releaseSigner, c.disputeResolver,
            c.receiver), c.amount, c.platformFeeBps, c.serviceFeeBps, milestones, c.everFunded, c.released,
        c.disputed, c.resolved, c.trustlineAddress, c.trustlineSymbol, c.balance, c.createdAtMillis,
        c.updatedAtMillis, c.deployTx);
  }

  /**
   * Payment-like operations (create account, payment, contract call) of successful transactions,
   * {@code account} among their parties (null: all), after {@code cursor} (an operation id; null:
   * from the start, or from the end when descending), at most {@code limit}.
   */
  public synchronized List<OpRecord> operations(String account, Long cursor, boolean ascending, int limit) {
    List<OpRecord> out = new ArrayList<>();
    if (ascending) {
      Iterator<OpRecord> a = tail(state.operations, cursor);
      Iterator<OpRecord> b = tail(state.loadOperations, cursor);
      OpRecord x = next(a, account);
      OpRecord y = next(b, account);
      while (out.size() < limit && (x != null || y != null)) {
        if (y == null || x != null && x.id() < y.id()) {
          out.add(x);
          x = next(a, account);
        } else {
          out.add(y);
          y = next(b, account);
        }
      }
    } else {
      Iterator<OpRecord> a = head(state.operations, cursor);
      Iterator<OpRecord> b = head(state.loadOperations, cursor);
      OpRecord x = next(a, account);
      OpRecord y = next(b, account);
      while (out.size() < limit && (x != null || y != null)) {
        if (y == null || x != null && x.id() > y.id()) {
          out.add(x);
          x = next(a, account);
        } else {
          out.add(y);
          y = next(b, account);
        }
      }
    }
    return out;
  }

  private static OpRecord next(Iterator<OpRecord> it, String account) {
    while (it.hasNext()) {
      OpRecord record = it.next();
      if (account == null || record.involves(account)) {
        return record;
      }
    }
    return null;
  }

  /** Records with id greater than {@code cursor}, ascending. */
  private static Iterator<OpRecord> tail(List<OpRecord> list, Long cursor) {
    int from = cursor == null ? 0 : firstAbove(list, cursor);
    return list.subList(from, list.size()).iterator();
  }

  /** Records with id less than {@code cursor} (all when null), descending. */
  private static Iterator<OpRecord> head(List<OpRecord> list, Long cursor) {
    int to = cursor == null ? list.size() : firstAbove(list, cursor - 1);
    List<OpRecord> view = new ArrayList<>(list.subList(0, to));
    Collections.reverse(view);
    return view.iterator();
  }

  private static int firstAbove(List<OpRecord> list, long id) {
    int low = 0;
    int high = list.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (list.get(mid).id() <= id) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  public synchronized Instant lastClose() {
    return Instant.ofEpochMilli(state.lastCloseMillis);
  }

  // ---- ledgers ----

  /**
   * Closes one ledger with the queued transactions, at most one per source account, in queue
   * order; the rest wait for the next ledger. Returns how many were included or dropped.
   */
  public synchronized int closeLedger() {
    return close(List.of());
  }

  /** Closes a ledger that starts with the network's own transaction, built when its turn comes. */
  private TxRecord closeWith(Supplier<Tx> internal) {
    close(List.of(internal));
    return lastInternal;
  }

  private TxRecord lastInternal;

  private int close(List<Supplier<Tx>> internal) {
    state.ledger++;
    long now = Math.max(clock.millis(), state.lastCloseMillis);
    state.lastCloseMillis = now;
    long ledger = state.ledger;
    int order = 0;
    int considered = 0;
    boolean changed = false;
    List<OpRecord> records = new ArrayList<>();
    for (Supplier<Tx> supplier : internal) {
      Tx tx = supplier.get();
      TxRecord record = Rules.include(state, tx, ledger, ++order, now, records);
      remember(record);
      lastInternal = record;
      changed = true;
    }
    int loadFirst = loadPerLedger == 0 ? 0 : loadPlacement.nextInt(loadPerLedger + 1);
    order = addLoad(ledger, order, now, records, 0, loadFirst);
    Set<String> sources = new HashSet<>();
    List<Tx> remaining = new ArrayList<>();
    for (Tx tx : state.queue) {
      if (sources.contains(tx.source())) {
        remaining.add(tx);
        continue;
      }
      considered++;
      TxResult refusal = Rules.validate(state, tx, now, 0);
      if (refusal != null) {
        dropped.put(tx.primaryHash(), refusal);
        if (tx.isFeeBump()) {
          dropped.put(tx.hash(), refusal);
        }
        continue;
      }
      sources.add(tx.source());
      remember(Rules.include(state, tx, ledger, ++order, now, records));
      changed = true;
    }
    if (!state.queue.isEmpty()) {
      changed = true;
    }
    state.queue.clear();
    state.queue.addAll(remaining);
    order = addLoad(ledger, order, now, records, loadFirst, loadPerLedger);
    for (OpRecord record : records) {
      (record.load() ? state.loadOperations : state.operations).add(record);
    }
    pruneLoad(ledger);
    if (changed) {
      persist();
    }
    notifyAll();
    return considered;
  }

  private void remember(TxRecord record) {
    Map<String, TxRecord> target = record.tx().origin() == Tx.Origin.LOAD ? state.loadTransactions : state.transactions;
    target.put(record.tx().hash(), record);
    if (record.tx().outerHash() != null) {
      target.put(record.tx().outerHash(), record);
    }
  }

  /** Load payments number {@code from} (inclusive) to {@code to} (exclusive) of this ledger. */
  private int addLoad(long ledger, int order, long now, List<OpRecord> records, int from, int to) {
    if (from >= to) {
      return order;
    }
    if (state.loadAccounts.size() < 2) {
      for (int i = state.loadAccounts.size(); i < 2; i++) {
        String id = StrKey.encode(StrKey.ACCOUNT, Ed25519Keys.generate()[0]);
        Account account = new Account();
        account.xlm = 1_000_000_000L * XLM;
        account.usdc = 1_000_000_000L * XLM;
        account.usdcLimit = Long.MAX_VALUE;
        account.subentries = 1;
        account.seq = ledger << 32;
        state.accounts.put(id, account);
        state.loadAccounts.add(id);
      }
    }
    for (int i = from; i < to; i++) {
      String payer = state.loadAccounts.get(i % 2);
      String payee = state.loadAccounts.get((i + 1) % 2);
      Tx tx = internal(payer, Tx.Origin.LOAD, List.of(new Op.Payment(null, payee, usdc(), XLM + i)));
      remember(Rules.include(state, tx, ledger, ++order, now, records));
    }
    return order;
  }

  private void pruneLoad(long ledger) {
    long oldest = ledger - loadRetentionLedgers;
    if (oldest <= 0) {
      return;
    }
    int cut = firstAbove(state.loadOperations, (oldest << 32) | 0xFFFFFFFFL);
    if (cut > 0) {
      state.loadOperations.subList(0, cut).clear();
    }
    Iterator<TxRecord> it = state.loadTransactions.values().iterator();
    while (it.hasNext() && it.next().ledger() <= oldest) {
      it.remove();
    }
  }

  /** The network's own transaction: sequence number from the current state, hash and envelope from the codec. */
  private Tx internal(String source, Tx.Origin origin, List<Op> ops) {
    Tx.Builder builder = Tx.builder().source(source).sequence(state.accounts.get(source).seq + 1)
        .fee(Rules.BASE_FEE * ops.size()).origin(origin);
    ops.forEach(builder::op);
    Tx unsigned = builder.build();
    TxCodec.Encoded encoded = codec.encode(unsigned, state.passphrase);
    return unsigned.withEncoding(encoded.hash(), null, encoded.envelope());
  }

  Asset usdc() {
    return Asset.credit(state.usdcCode, state.issuer);
  }

  /** Closes a ledger every {@code interval} on a daemon thread until {@link #stopClosing()}. */
  public synchronized void startClosing(Duration interval) {
    stopClosing();
    autoClose = false;
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "simulated-ledger-close");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleAtFixedRate(this::closeLedger, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public synchronized void stopClosing() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  synchronized boolean ticking() {
    return ticker != null;
  }

  // ---- in-process support ----

  synchronized long nextSequence(String account) {
    Account found = state.accounts.get(account);
    if (found == null) {
      throw new ChainException("account " + account + " does not exist");
    }
    return found.seq + 1;
  }

  synchronized Instant validUntil() {
    return clock.instant().plus(transactionTimeout);
  }

  /** Signs and remembers that the key with this seed made the signature, so decoding needs no second curve operation. */
  String signWitnessed(String unsignedXdr, byte[] seed) {
    String signed = Envelope.sign(unsignedXdr, seed, passphrase());
    if (witnessed.size() > 100_000) {
      witnessed.clear();
    }
    witnessed.put(signed, Ed25519Keys.cachedPublicKey(seed));
    return signed;
  }

  /** Decodes an in-process envelope into the model transaction (signatures verified). */
  Tx decode(String envelope) {
    return Envelope.decode(envelope, passphrase(), witnessed.remove(envelope));
  }

  /** Activation for the in-process adapter: the root creates the account, its key signs the trustline. */
  synchronized boolean activate(String publicKey, SecretSeed secret) {
    if (!StrKey.isValid(StrKey.ACCOUNT, publicKey)) {
      throw new ChainException("invalid account id " + publicKey);
    }
    Account account = state.accounts.get(publicKey);
    if (account == null) {
      closeWith(() -> internal(state.rootAccount, Tx.Origin.INTERNAL, List.of(
          new Op.CreateAccount(null, publicKey, 10_000 * XLM))));
    } else if (account.usdc != null) {
      return true;
    }
    Tx unsigned = Tx.builder().source(publicKey).sequence(nextSequence(publicKey)).fee(Rules.BASE_FEE)
        .timeBounds(0, validUntil().toEpochMilli()).op(new Op.ChangeTrust(null, usdc(), Long.MAX_VALUE)).build();
    char[] seed = secret.reveal();
    String signed;
    try {
      signed = signWitnessed(Envelope.unsigned(unsigned), StrKey.decode(StrKey.SEED, new String(seed)));
    } finally {
      java.util.Arrays.fill(seed, '\0');
    }
    Tx tx = decode(signed);
    TxResult refusal = Rules.validate(state, tx, Math.max(clock.millis(), state.lastCloseMillis), 0);
    if (refusal != null) {
      return false;
    }
    return closeWith(() -> tx).success();
  }

  synchronized boolean canReceiveUsdc(String address) {
    Account account = state.accounts.get(address);
    return StrKey.isValid(StrKey.ACCOUNT, address) && account != null && account.usdc != null;
  }

  static KeyPair newKeyPair() {
    byte[][] keys = Ed25519Keys.generate();
    return new KeyPair(StrKey.encode(StrKey.ACCOUNT, keys[0]),
        SecretSeed.of(StrKey.encode(StrKey.SEED, keys[1])));
  }

  // ---- persistence ----

  /**
   * Saves the state to {@code file} after every ledger that changed it, before any caller learns
   * the outcome: like a real chain, what was confirmed survives a crash of the process, and what was
   * only queued is lost (its time bound then expires it).
   */
  public synchronized void persistTo(Path file) {
    this.persistFile = file;
    save(file);
  }

  private void persist() {
    if (persistFile != null) {
      save(persistFile);
    }
  }

  /** Writes the whole state atomically (temporary file, then move). */
  public synchronized void save(Path file) {
    try {
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(temp); ObjectOutputStream objects = new ObjectOutputStream(
          new java.io.BufferedOutputStream(out))) {
        objects.writeObject(state);
        objects.writeObject(new LinkedHashMap<>(issuerSeeds));
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the simulated network to " + file, e);
    }
  }

  /** An in-process network with the state saved in {@code file}. */
  public static SimulatedNetwork load(Path file, Clock clock) {
    return builder().clock(clock).load(file).build();
  }

  @SuppressWarnings("unchecked")
  private void loadState(Path file) {
    try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(
        new java.io.BufferedInputStream(in))) {
      objects.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
          "com.offerhub.orchestrator.testkit.network.*;java.util.*;java.lang.*;java.math.*;[B;!*"));
      state = (NetworkState) objects.readObject();
      issuerSeeds.clear();
      issuerSeeds.putAll((Map<String, byte[]>) objects.readObject());
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalStateException("could not load the simulated network from " + file, e);
    }
  }
}

package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.testkit.network.NetworkState.Account;
import com.offerhub.orchestrator.testkit.network.NetworkState.Contract;
import com.offerhub.orchestrator.testkit.network.NetworkState.PaymentRecord;
import com.offerhub.orchestrator.testkit.network.NetworkState.TxRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A model of Stellar with USDC and Trustless Work single-release escrow contracts, for tests and
 * the sandbox. Accounts hold XLM (reserves, fees) and USDC behind a trustline; transactions carry a
 * source, a sequence number and an upper time bound, are signed with Ed25519 and checked; a ledger
 * includes at most one transaction per source account. Contracts enforce their roles, milestone
 * approvals, disputes and fees, and conserve USDC.
 *
 * <p>Ledgers close immediately on submit ({@link #setAutoClose(boolean) auto-close}, the default),
 * on {@link #closeLedger()}, or on a background ticker ({@link #startClosing}). Fault knobs make
 * calls fail, time out, or apply but lose their response. Thread-safe: every call holds the
 * network's monitor.
 */
public final class SimulatedNetwork {
  static final String PASSPHRASE = "Simulated Stellar Network ; OFFER-HUB";
  private static final long XLM = 10_000_000L;
  private static final long BASE_FEE = 100;
  private static final long BASE_RESERVE = XLM / 2;
  private NetworkState state;
  private final Clock clock;
  private final Map<CallKind, Integer> failures = new EnumMap<>(CallKind.class);
  private final Map<CallKind, Integer> timeouts = new EnumMap<>(CallKind.class);
  private final Map<CallKind, Integer> lostResponses = new EnumMap<>(CallKind.class);
  private int rejections;
  private Random random = new Random(0);
  private int failureRatePercent;
  private Duration delay = Duration.ZERO;
  private boolean autoClose = true;
  private Duration submitWait = Duration.ofSeconds(5);
  private Duration transactionTimeout = Duration.ofSeconds(30);
  private ScheduledExecutorService ticker;
  private Path persistFile;
  private final Map<String, byte[]> issuerSeeds = new LinkedHashMap<>();
  /** Signatures made by this network's adapter: (hash + signature) -> signer's public key, used once. */
  private final Map<String, byte[]> witnessed = new java.util.concurrent.ConcurrentHashMap<>();

  public SimulatedNetwork(Clock clock) {
    this.clock = clock;
    this.state = new NetworkState();
    state.lastCloseMillis = clock.millis();
    byte[][] issuer = Ed25519Keys.generate();
    state.issuer = StrKey.encode(StrKey.ACCOUNT, issuer[0]);
    Account issuerAccount = new Account();
    issuerAccount.xlm = 10_000 * XLM;
    issuerAccount.usdc = Long.MAX_VALUE / 4;
    state.accounts.put(state.issuer, issuerAccount);
    issuerSeeds.put(state.issuer, issuer[1]);
    state.serviceFeeAccount = StrKey.encode(StrKey.ACCOUNT, Ed25519Keys.generate()[0]);
    Account fees = new Account();
    fees.xlm = 10 * XLM;
    fees.usdc = 0L;
    fees.subentries = 1;
    state.accounts.put(state.serviceFeeAccount, fees);
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

  // ---- settings and knobs ----

  /** Trustless Work's fee in basis points for contracts deployed from now on (30 on the real service). */
  public synchronized void setServiceFeeBps(int bps) {
    if (bps < 0 || bps > 10_000) {
      throw new IllegalArgumentException("service fee must be 0..10000 bps");
    }
    state.serviceFeeBps = bps;
  }

  public synchronized void setAutoClose(boolean value) {
    this.autoClose = value;
  }

  /** How long a submit waits for inclusion when ledgers close on a ticker. */
  public synchronized void setSubmitWait(Duration wait) {
    this.submitWait = wait;
  }

  /** Validity window of transactions built from now on. */
  public synchronized void setTransactionTimeout(Duration timeout) {
    this.transactionTimeout = timeout;
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
   */
  public synchronized void rejectNext(int count) {
    rejections = count;
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
    failureRatePercent = 0;
    delay = Duration.ZERO;
  }

  /** Applies the knobs for one call; {@code escrow} selects the gateway's exception type. */
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

  // ---- outside money and inspection ----

  /** An outside account, funded by the USDC issuer, pays {@code amount} to {@code destination}; returns the hash. */
  public String depositFromOutside(String destination, Money amount) {
    byte[][] keys = Ed25519Keys.generate();
    String outside = StrKey.encode(StrKey.ACCOUNT, keys[0]);
    synchronized (this) {
      Account account = new Account();
      account.xlm = 10 * XLM;
      account.usdc = 0L;
      account.subentries = 1;
      state.accounts.put(outside, account);
      String mint = sign(payment(state.issuer, outside, amount.stroops(), null), issuerSeeds.get(state.issuer));
      SubmitResult minted = applyNow(mint);
      if (minted.outcome() != com.offerhub.orchestrator.spi.chain.SubmitOutcome.CONFIRMED) {
        throw new IllegalStateException("minting failed: " + minted.error());
      }
      SubmitResult paid = applyNow(sign(payment(outside, destination, amount.stroops(), null), keys[1]));
      if (paid.outcome() != com.offerhub.orchestrator.spi.chain.SubmitOutcome.CONFIRMED) {
        throw new IllegalArgumentException("deposit to " + destination + " failed: " + paid.error());
      }
      return paid.hash();
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
    Contract contract = new Contract();
    contract.id = StrKey.encode(StrKey.CONTRACT, seed);
    contract.balance = amount.stroops();
    String hash = java.util.HexFormat.of().formatHex(seed);
    state.contracts.put(contract.id, contract);
    state.ledger++;
    state.lastCloseMillis = clock.millis();
    String error = transfer(hash, 0, contract.id, destination, amount.stroops());
    if (error != null) {
      state.contracts.remove(contract.id);
      throw new IllegalArgumentException("payment to " + destination + " failed: " + error);
    }
    contract.balance = 0;
    state.transactions.put(hash, new TxRecord(hash, true, state.ledger, null, null));
    persist();
    return hash;
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
  public String serviceFeeAccount() {
    return state.serviceFeeAccount;
  }

  public synchronized long ledger() {
    return state.ledger;
  }

  public synchronized int queuedTransactions() {
    return state.queue.size();
  }

  // ---- ledgers ----

  /**
   * Closes one ledger with the queued transactions, at most one per source account, in queue
   * order; the rest wait for the next ledger. Returns how many were included.
   */
  public synchronized int closeLedger() {
    state.ledger++;
    state.lastCloseMillis = clock.millis();
    Set<String> sources = new HashSet<>();
    List<String> remaining = new ArrayList<>();
    int included = 0;
    for (String envelope : state.queue) {
      Envelope parsed = Envelope.parseSigned(envelope);
      if (!sources.add(parsed.get("source"))) {
        remaining.add(envelope);
        continue;
      }
      included++;
      String error = validate(parsed);
      if (error == null) {
        include(parsed);
      }
    }
    state.queue.clear();
    state.queue.addAll(remaining);
    if (included > 0) {
      persist();
    }
    notifyAll();
    return included;
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

  // ---- transactions ----

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

  Map<String, String> header(String source) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("source", source);
    fields.put("seq", Long.toString(nextSequence(source)));
    fields.put("maxTime", Long.toString(validUntil().toEpochMilli()));
    return fields;
  }

  String payment(String source, String destination, long stroops, String reference) {
    Map<String, String> fields = header(source);
    fields.put("op", "payment");
    fields.put("destination", destination);
    fields.put("amount", Long.toString(stroops));
    if (reference != null) {
      fields.put("memo", Envelope.text(reference));
    }
    return Envelope.unsigned(fields);
  }

  static String sign(String unsignedXdr, byte[] seed) {
    Envelope envelope = Envelope.parseUnsigned(unsignedXdr);
    return envelope.signedForm(Ed25519Keys.sign(seed, envelope.hashBytes(PASSPHRASE)));
  }

  /**
   * Signs and remembers that the key with this seed made the signature, so applying it needs no
   * second curve operation; a signature the network did not witness is verified in full.
   */
  String signWitnessed(String unsignedXdr, byte[] seed) {
    String signed = sign(unsignedXdr, seed);
    if (witnessed.size() > 100_000) {
      witnessed.clear();
    }
    witnessed.put(signed, Ed25519Keys.cachedPublicKey(seed));
    return signed;
  }

  /** Submits a signed envelope following the ledger mode; applies lost-response and failure knobs. */
  SubmitResult submit(String envelope) {
    fault(CallKind.SUBMIT, false);
    boolean lose;
    SubmitResult result;
    synchronized (this) {
      lose = take(lostResponses, CallKind.SUBMIT);
      Envelope parsed = Envelope.parseSigned(envelope);
      String hash = parsed.hash(PASSPHRASE);
      TxRecord known = state.transactions.get(hash);
      if (known != null) {
        result = recorded(known);
      } else if (rejections > 0) {
        rejections--;
        result = SubmitResult.rejected(hash, "tx_failed: simulated rejection");
      } else if (autoClose) {
        result = applyNow(envelope);
      } else {
        String error = validate(parsed);
        if (error != null) {
          result = SubmitResult.rejected(hash, error);
        } else {
          if (!state.queue.contains(envelope)) {
            state.queue.add(envelope);
          }
          result = awaitInclusion(hash);
        }
      }
    }
    if (lose) {
      throw new ChainException("simulated lost response (the transaction was applied)");
    }
    return result;
  }

  private SubmitResult awaitInclusion(String hash) {
    long deadline = System.nanoTime() + submitWait.toNanos();
    while (ticker != null && !state.transactions.containsKey(hash)) {
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
    TxRecord record = state.transactions.get(hash);
    return record == null ? SubmitResult.pending(hash) : recorded(record);
  }

  private static SubmitResult recorded(TxRecord record) {
    return record.success() ? SubmitResult.confirmed(record.hash(), record.ledger())
        : SubmitResult.rejected(record.hash(), record.error());
  }

  /** Closes a ledger holding just this transaction. */
  private SubmitResult applyNow(String envelope) {
    Envelope parsed = Envelope.parseSigned(envelope);
    String hash = parsed.hash(PASSPHRASE);
    state.ledger++;
    state.lastCloseMillis = clock.millis();
    String error = validate(parsed);
    if (error != null) {
      return SubmitResult.rejected(hash, error);
    }
    SubmitResult result = recorded(include(parsed));
    persist();
    return result;
  }

  /** Checks that make a transaction invalid (never included): account, signature, sequence, time bound. */
  private String validate(Envelope tx) {
    String source = tx.get("source");
    Account account = state.accounts.get(source);
    if (account == null) {
      return "tx_no_source_account";
    }
    byte[] key;
    try {
      key = StrKey.decode(StrKey.ACCOUNT, source);
    } catch (IllegalArgumentException e) {
      return "tx_malformed";
    }
    byte[] witness = witnessed.remove(tx.signedForm(tx.signature == null ? new byte[0] : tx.signature));
    boolean signedBySource = witness != null ? java.util.Arrays.equals(witness, key)
        : tx.signature != null && Ed25519Keys.verify(key, tx.hashBytes(PASSPHRASE), tx.signature);
    if (!signedBySource) {
      return "tx_bad_auth";
    }
    if (tx.getLong("seq") != account.seq + 1) {
      return "tx_bad_seq";
    }
    if (state.lastCloseMillis > tx.getLong("maxTime")) {
      return "tx_too_late";
    }
    if (account.xlm < BASE_FEE) {
      return "tx_insufficient_fee";
    }
    return null;
  }

  /** Includes a valid transaction: fee and sequence are consumed, the operation applies or fails whole. */
  private TxRecord include(Envelope tx) {
    String hash = tx.get("source") == null ? null : tx.hash(PASSPHRASE);
    Account source = state.accounts.get(tx.get("source"));
    source.xlm -= BASE_FEE;
    source.seq++;
    String[] contractId = {null};
    String error = operate(tx, hash, contractId);
    TxRecord record = new TxRecord(hash, error == null, state.ledger, error, contractId[0]);
    state.transactions.put(hash, record);
    return record;
  }

  private String operate(Envelope tx, String hash, String[] contractId) {
    String source = tx.get("source");
    return switch (tx.get("op")) {
      case "changeTrust" -> changeTrust(source);
      case "payment" -> transfer(hash, 0, source, tx.get("destination"), tx.getLong("amount"));
      default -> new ContractOps(state, this).apply(tx, hash, contractId);
    };
  }

  private String changeTrust(String source) {
    Account account = state.accounts.get(source);
    if (account.usdc != null) {
      return null;
    }
    if (account.xlm < (2L + account.subentries + 1) * BASE_RESERVE) {
      return "op_low_reserve";
    }
    account.usdc = 0L;
    account.subentries++;
    return null;
  }

  /** Moves USDC between accounts (the issuer mints and burns); records it for the payment scan. */
  String transfer(String hash, int operation, String from, String to, long amount) {
    if (amount <= 0) {
      return amount == 0 ? null : "op_malformed";
    }
    Account destination = state.accounts.get(to);
    if (destination == null) {
      return "op_no_destination";
    }
    if (destination.usdc == null) {
      return "op_no_trust";
    }
    boolean fromContract = state.contracts.containsKey(from);
    if (!fromContract && !from.equals(state.issuer)) {
      Account sender = state.accounts.get(from);
      if (sender.usdc == null) {
        return "op_src_no_trust";
      }
      if (sender.usdc < amount) {
        return "op_underfunded";
      }
      sender.usdc -= amount;
    }
    if (!to.equals(state.issuer)) {
      destination.usdc += amount;
    }
    state.payments.add(new PaymentRecord(state.payments.size(), hash, operation, from, to, amount,
        state.lastCloseMillis));
    return null;
  }

  // ---- chain adapter support ----

  synchronized boolean activate(String publicKey, SecretSeed secret) {
    if (!StrKey.isValid(StrKey.ACCOUNT, publicKey)) {
      throw new ChainException("invalid account id " + publicKey);
    }
    Account account = state.accounts.get(publicKey);
    if (account == null) {
      account = new Account();
      account.xlm = 10_000 * XLM;
      state.accounts.put(publicKey, account);
    }
    if (account.usdc != null) {
      return true;
    }
    Map<String, String> fields = header(publicKey);
    fields.put("op", "changeTrust");
    char[] seed = secret.reveal();
    String signed;
    try {
      signed = sign(Envelope.unsigned(fields), StrKey.decode(StrKey.SEED, new String(seed)));
    } finally {
      java.util.Arrays.fill(seed, '\0');
    }
    return applyNow(signed).outcome() == com.offerhub.orchestrator.spi.chain.SubmitOutcome.CONFIRMED;
  }

  synchronized boolean canReceiveUsdc(String address) {
    Account account = state.accounts.get(address);
    return StrKey.isValid(StrKey.ACCOUNT, address) && account != null && account.usdc != null;
  }

  synchronized TxRecord transaction(String hash) {
    return state.transactions.get(hash);
  }

  synchronized Instant lastClose() {
    return Instant.ofEpochMilli(state.lastCloseMillis);
  }

  synchronized List<PaymentRecord> paymentsAfter(long index, int limit) {
    List<PaymentRecord> out = new ArrayList<>();
    for (int i = (int) Math.max(0, index + 1); i < state.payments.size() && out.size() < limit; i++) {
      PaymentRecord payment = state.payments.get(i);
      if (!state.contracts.containsKey(payment.to())) {
        out.add(payment);
      }
    }
    return out;
  }

  synchronized List<PaymentRecord> paymentsOf(String account, int limit) {
    List<PaymentRecord> out = new ArrayList<>();
    for (int i = state.payments.size() - 1; i >= 0 && out.size() < limit; i--) {
      PaymentRecord payment = state.payments.get(i);
      if (payment.from().equals(account) || payment.to().equals(account)) {
        out.add(payment);
      }
    }
    return out;
  }

  synchronized Contract contract(String id) {
    return state.contracts.get(id);
  }

  String serviceFeeAccountId() {
    return state.serviceFeeAccount;
  }

  int serviceFeeBps() {
    return state.serviceFeeBps;
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
      try (OutputStream out = Files.newOutputStream(temp); ObjectOutputStream objects = new ObjectOutputStream(out)) {
        objects.writeObject(state);
        objects.writeObject(new LinkedHashMap<>(issuerSeeds));
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the simulated network to " + file, e);
    }
  }

  /** A network with the state saved in {@code file}. */
  @SuppressWarnings("unchecked")
  public static SimulatedNetwork load(Path file, Clock clock) {
    SimulatedNetwork network = new SimulatedNetwork(clock);
    try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(in)) {
      objects.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
          "com.offerhub.orchestrator.testkit.network.*;java.util.*;java.lang.*;[B;!*"));
      network.state = (NetworkState) objects.readObject();
      network.issuerSeeds.clear();
      network.issuerSeeds.putAll((Map<String, byte[]>) objects.readObject());
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("could not load the simulated network from " + file, e);
    }
    return network;
  }
}

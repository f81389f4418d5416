package com.offerhub.orchestrator.stellar;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionLookup;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.Account;
import org.stellar.sdk.Address;
import org.stellar.sdk.Asset;
import org.stellar.sdk.AssetTypeCreditAlphaNum12;
import org.stellar.sdk.AssetTypeCreditAlphaNum4;
import org.stellar.sdk.Auth;
import org.stellar.sdk.BeginSponsoringFutureReservesOperation;
import org.stellar.sdk.ChangeTrustAsset;
import org.stellar.sdk.ChangeTrustOperation;
import org.stellar.sdk.CreateAccountOperation;
import org.stellar.sdk.EndSponsoringFutureReservesOperation;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Memo;
import org.stellar.sdk.Network;
import org.stellar.sdk.Operation;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionBuilderAccount;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.responses.AccountResponse;
import org.stellar.sdk.responses.TransactionResponse;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.Int64;
import org.stellar.sdk.xdr.SorobanAddressCredentials;
import org.stellar.sdk.xdr.SorobanAuthorizationEntry;
import org.stellar.sdk.xdr.SorobanCredentials;
import org.stellar.sdk.xdr.SorobanCredentialsType;
import org.stellar.sdk.xdr.Uint32;
import org.stellar.sdk.xdr.XdrUnsignedInteger;

/**
 * The {@link ChainAdapter} on Horizon and Soroban RPC with {@code network.lightsail:stellar-sdk}.
 *
 * <p>Wallets hold no XLM: {@link #activate} creates an account and its USDC trustline in one
 * transaction whose reserves the funding account sponsors, and {@link #sign} wraps every
 * transaction in a fee-bump paid by the funding account, so the hash the engine keeps is the
 * outer (fee-bump) hash. Soroban calls the platform wallet signs move onto a leased channel
 * account, with the platform's authorization turned into a signed address-credential entry, so
 * the platform's own sequence number never limits throughput.
 *
 * <p>Before any key signs, the transaction is checked (source, fee cap, time bounds, one payment
 * or one contract call). Submission classifies answers per spec/04 §7.4: anything that says
 * nothing about the outcome (timeouts, 5xx, 429, lost connections) is PENDING, settled by
 * {@link #lookup}. Thread-safe; no method holds a key beyond the call that needs it.
 *
 * <pre>{@code
 * StellarChainAdapter chain = StellarChainAdapter.create(settings);
 * chain.hello();                    // the URLs serve the configured network
 * chain.preparePlatformAccounts();  // funding and channel accounts exist
 * }</pre>
 */
public final class StellarChainAdapter implements ChainAdapter, AutoCloseable {
  private static final long BASE_FEE = AbstractTransaction.MIN_BASE_FEE;
  private static final String MAX_TRUST_LIMIT = "922337203685.4775807";
  private static final int HORIZON_PAGE = 200;
  private static final int SCAN_PAGES = 10;
  private static final int RECENT_PAGES = 5;
  private static final int CHANNELS_PER_TRANSACTION = 30;
  private static final long POLL_MILLIS = 250;
  /** Ledgers an address-credential signature outlives the transaction's own validity (about 10 minutes). */
  private static final long AUTH_MARGIN_LEDGERS = 120;

  private final StellarSettings settings;
  private final Network network;
  private final Horizon horizon;
  private final SorobanRpc rpc;
  private final PreSignCheck check;
  private final SourceAccounts fundingSource;
  private final SourceAccounts sources;
  private final Asset usdc;
  private final SecureRandom random = new SecureRandom();
  /** The platform wallet whose contract calls move onto channel accounts (see {@link #usePlatformAccount}). */
  private volatile String platformAccount;
  /** Activations sent whose outcome is not known yet, by account (their source stays leased). */
  private final Map<String, PendingActivation> activations = new ConcurrentHashMap<>();

  /** An activation envelope that may still land until {@code validUntil}, and the source it holds. */
  private record PendingActivation(FeeBumpTransaction bump, Instant validUntil, SourceAccounts.Held source) {
  }

  private StellarChainAdapter(StellarSettings settings) {
    this.settings = settings;
    this.platformAccount = settings.platformAccount();
    this.network = settings.network();
    this.horizon = new Horizon(Objects.requireNonNull(HttpUrl.parse(settings.horizonUrl())), settings.httpClient(),
        settings.submitReadTimeout());
    this.rpc = new SorobanRpc(Objects.requireNonNull(HttpUrl.parse(settings.rpcUrl())), settings.httpClient());
    this.check = new PreSignCheck(network, settings.maxFeeStroops(), settings.usdcCode(), settings.usdcIssuer());
    this.fundingSource = new SourceAccounts(List.of(settings.fundingAccount()), settings.leaseService(),
        settings.instanceId());
    this.sources = settings.channelAccounts().isEmpty() ? fundingSource
        : new SourceAccounts(settings.channelAccounts(), settings.leaseService(), settings.instanceId());
    this.usdc = usdcAsset(settings.usdcCode(), settings.usdcIssuer());
  }

  /** An adapter on {@code settings}; it makes no call until used. */
  public static StellarChainAdapter create(StellarSettings settings) {
    return new StellarChainAdapter(Objects.requireNonNull(settings, "settings"));
  }

  public StellarSettings settings() {
    return settings;
  }

  /**
   * Names the platform wallet once the engine has created it (its key lives in the engine's
   * storage, not in these settings): its contract calls (deploys, dispute resolutions) then go out
   * on channel accounts.
   */
  public void usePlatformAccount(String accountId) {
    org.stellar.sdk.StrKey.decodeEd25519PublicKey(Objects.requireNonNull(accountId, "accountId"));
    this.platformAccount = accountId;
  }

  // ---------------------------------------------------------------------------------------- start-up

  /**
   * Checks that Horizon and Soroban RPC serve the configured network.
   *
   * @throws ChainException naming the URL and both passphrases on a mismatch, or when unreachable
   */
  public void hello() {
    String horizonPassphrase = horizon.root().getNetworkPassphrase();
    if (!settings.networkPassphrase().equals(horizonPassphrase)) {
      throw new ChainException("Horizon at " + settings.horizonUrl() + " serves the network \"" + horizonPassphrase
          + "\", but the settings name \"" + settings.networkPassphrase() + "\"");
    }
    String rpcPassphrase = rpc.networkPassphrase();
    if (!settings.networkPassphrase().equals(rpcPassphrase)) {
      throw new ChainException("Soroban RPC at " + settings.rpcUrl() + " serves the network \"" + rpcPassphrase
          + "\", but the settings name \"" + settings.networkPassphrase() + "\"");
    }
  }

  /**
   * Funds one of the platform's own accounts (funding, channel, platform wallet) through friendbot
   * on a test network. Never used for user wallets, which are sponsored.
   *
   * @return true if friendbot created it, false if it already existed
   * @throws IllegalStateException when there is no friendbot (mainnet, or none configured)
   */
  public boolean fundPlatformAccount(String accountId) {
    requireAccountId(accountId, "account");
    HttpUrl friendbot = settings.friendbotUrl().map(HttpUrl::parse).orElse(null);
    if (friendbot == null) {
      throw new IllegalStateException(settings.isMainnet()
          ? "mainnet has no friendbot: send XLM to " + accountId + " from another account"
          : "no friendbot URL is configured: fund " + accountId + " yourself");
    }
    if (horizon.account(accountId).isPresent()) {
      return false;
    }
    Horizon.FriendbotAnswer answer = horizon.friendbot(friendbot, accountId);
    if (answer.status() / 100 == 2) {
      return true;
    }
    if (horizon.account(accountId).isPresent()) {
      return false;
    }
    throw new ChainException("friendbot did not fund " + accountId + ": HTTP " + answer.status() + " " + answer.body());
  }

  /**
   * Makes sure the funding account and every channel account exist: checks the network, funds the
   * funding account through friendbot when there is one (on mainnet it must already hold XLM), and
   * creates missing channel accounts sponsored by the funding account, with no XLM of their own
   * (every fee is fee-bumped), up to 30 in one transaction. Safe when several instances start at
   * once on one funding key: each batch is built under the funding account's lease from a fresh
   * read, so channels another instance created meanwhile are not created again.
   */
  public void preparePlatformAccounts() {
    hello();
    String funding = settings.fundingAccount();
    if (horizon.account(funding).isEmpty()) {
      if (settings.friendbotUrl().isEmpty()) {
        throw new ChainException("the funding account " + funding + " does not exist: send it XLM before starting");
      }
      fundPlatformAccount(funding);
    }
    List<String> missing = new ArrayList<>();
    for (String channel : settings.channelAccounts()) {
      if (horizon.account(channel).isEmpty()) {
        missing.add(channel);
      }
    }
    for (int from = 0; from < missing.size(); from += CHANNELS_PER_TRANSACTION) {
      createSponsoredChannels(missing.subList(from, Math.min(missing.size(), from + CHANNELS_PER_TRANSACTION)));
    }
  }

  private void createSponsoredChannels(List<String> wanted) {
    String funding = settings.fundingAccount();
    Instant now = now();
    Instant validUntil = now.plus(settings.transactionTimeout());
    SourceAccounts.Held source = fundingSource.acquire(now, validUntil);
    boolean keep = false;
    try {
      // Read again under the lease: another instance holding it before us may have created some (a
      // create_account for an existing account fails the whole transaction).
      List<String> channels = new ArrayList<>();
      for (String channel : wanted) {
        if (horizon.account(channel).isEmpty()) {
          channels.add(channel);
        }
      }
      if (channels.isEmpty()) {
        return;
      }
      TransactionBuilder builder = builder(source.account, validUntil);
      for (String channel : channels) {
        builder.addOperation(new BeginSponsoringFutureReservesOperation.Builder(channel).setSourceAccount(funding)
                .build())
            .addOperation(new CreateAccountOperation.Builder(channel, "0").setSourceAccount(funding).build())
            .addOperation(new EndSponsoringFutureReservesOperation(channel));
      }
      Transaction tx = builder.build();
      Signers signers = new Signers(tx);
      signers.sign(funding, settings.fundingSecret());
      for (String channel : channels) {
        signers.sign(channel, settings.channelSecret(channel));
      }
      Settled settled = submitAndAwait(feeBump(tx), validUntil);
      if (settled == null) {
        keep = true;
        throw new ChainException("creating channel accounts " + channels + " has not settled yet; start again shortly");
      }
      if (settled.status() != TransactionStatus.SUCCESS) {
        throw new ChainException("creating channel accounts " + channels + " was refused: " + settled.error());
      }
    } finally {
      if (!keep) {
        source.release();
      }
    }
  }

  // ------------------------------------------------------------------------------------------- keys

  @Override
  public com.offerhub.orchestrator.spi.chain.KeyPair newKeyPair() {
    KeyPair keys = KeyPair.random();
    char[] seed = keys.getSecretSeed();
    try {
      return new com.offerhub.orchestrator.spi.chain.KeyPair(keys.getAccountId(), new SecretSeed(seed));
    } finally {
      Arrays.fill(seed, '\0');
    }
  }

  // ------------------------------------------------------------------------------------- activation

  /**
   * Reads the account first: an active account with an authorized USDC line is left alone; a
   * missing account is created with its trustline in one transaction (reserves sponsored by the
   * funding account, no XLM of its own unless configured); an existing account without the line
   * gets a sponsored trustline. Returns false when the outcome is not known yet: the next call
   * reads the chain again and, while that transaction may still land, sends the same envelope
   * again rather than building a second one (within this adapter; another process builds anew,
   * and the later of the two then fails harmlessly on the account that already exists).
   */
  @Override
  public boolean activate(String publicKey, SecretSeed secret) {
    requireAccountId(publicKey, "account");
    if (!publicKey.equals(StellarSettings.accountOf(secret))) {
      throw new IllegalArgumentException("the secret given does not belong to account " + publicKey);
    }
    Optional<AccountResponse> account = horizon.account(publicKey);
    Optional<AccountResponse.Balance> active = account.flatMap(this::usdcLine);
    PendingActivation pending = activations.remove(publicKey);
    if (active.isPresent()) {
      if (pending != null) {
        pending.source().release();
      }
      return !Boolean.FALSE.equals(active.get().getIsAuthorized());
    }
    if (pending != null) {
      Settled settled = submitAndAwait(pending.bump(), pending.validUntil());
      if (settled == null) {
        activations.put(publicKey, pending);
        return false;
      }
      pending.source().release();
      if (settled.status() == TransactionStatus.SUCCESS) {
        return true;
      }
      // It failed or expired unapplied: a new transaction, on what the chain shows now.
      account = horizon.account(publicKey);
      active = account.flatMap(this::usdcLine);
      if (active.isPresent()) {
        return !Boolean.FALSE.equals(active.get().getIsAuthorized());
      }
    }
    boolean create = account.isEmpty();
    String funding = settings.fundingAccount();
    Instant now = now();
    Instant validUntil = now.plus(settings.transactionTimeout());
    SourceAccounts.Held source = sources.acquire(now, validUntil);
    boolean keep = false;
    try {
      TransactionBuilder builder = builder(source.account, validUntil);
      ChangeTrustOperation trust = new ChangeTrustOperation.Builder(ChangeTrustAsset.create(usdc), MAX_TRUST_LIMIT)
          .setSourceAccount(publicKey).build();
      if (publicKey.equals(funding)) {
        builder.addOperation(trust);
      } else {
        builder.addOperation(new BeginSponsoringFutureReservesOperation.Builder(publicKey).setSourceAccount(funding)
            .build());
        if (create) {
          builder.addOperation(new CreateAccountOperation.Builder(publicKey, settings.walletStartingBalanceXlm())
              .setSourceAccount(funding).build());
        }
        builder.addOperation(trust).addOperation(new EndSponsoringFutureReservesOperation(publicKey));
      }
      Transaction tx = builder.build();
      Signers signers = new Signers(tx);
      signers.sign(source.account, sourceSecret(source.account));
      signers.sign(funding, settings.fundingSecret());
      signers.sign(publicKey, secret);
      FeeBumpTransaction bump = feeBump(tx);
      Settled settled = submitAndAwait(bump, validUntil);
      if (settled == null) {
        keep = true;
        activations.put(publicKey, new PendingActivation(bump, validUntil, source));
        return false;
      }
      if (settled.status() == TransactionStatus.SUCCESS) {
        return true;
      }
      Optional<AccountResponse> after = horizon.account(publicKey);
      if (after.isPresent() && usdcLine(after.get()).isPresent()) {
        return !Boolean.FALSE.equals(usdcLine(after.get()).get().getIsAuthorized());
      }
      throw new ChainException("activation of " + publicKey + " was refused by the network: " + settled.error());
    } finally {
      if (!keep) {
        source.release();
      }
    }
  }

  // -------------------------------------------------------------------------------------- balances

  @Override
  public Money usdcBalance(String publicKey) {
    requireAccountId(publicKey, "account");
    return horizon.account(publicKey).flatMap(this::usdcLine).map(line -> amount(line.getBalance())).orElse(Money.ZERO);
  }

  @Override
  public Money xlmBalance(String publicKey) {
    requireAccountId(publicKey, "account");
    return horizon.account(publicKey).flatMap(account -> Arrays.stream(account.getBalances())
        .filter(b -> "native".equals(b.getAssetType())).findFirst()).map(b -> amount(b.getBalance())).orElse(Money.ZERO);
  }

  @Override
  public boolean canReceiveUsdc(String address) {
    if (!StellarSettings.isAccountId(address)) {
      return false;
    }
    return horizon.account(address).flatMap(this::usdcLine).map(line -> !Boolean.FALSE.equals(line.getIsAuthorized())
        && amount(line.getLimit()).compareTo(amount(line.getBalance())) > 0).orElse(false);
  }

  // -------------------------------------------------------------------------------------- payments

  /**
   * A USDC payment from {@code source} with the SHA-256 of {@code reference} as its memo hash,
   * base fee 100, upper time bound now + the transaction timeout, and the source's next sequence
   * number read from Horizon.
   */
  @Override
  public UnsignedTransaction buildPayment(String source, String destination, Money amount, String reference) {
    requireAccountId(source, "source");
    requireAccountId(destination, "destination");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(reference, "reference");
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("a payment amount must be greater than zero, was " + amount.formatChain());
    }
    AccountResponse account = horizon.account(source)
        .orElseThrow(() -> new ChainException("source account " + source + " does not exist on the network"));
    Instant validUntil = now().plus(settings.transactionTimeout());
    Transaction tx = payment(network, new Account(source, account.getSequenceNumber()), destination, usdc, amount,
        reference, validUntil);
    return new UnsignedTransaction(tx.toEnvelopeXdrBase64(), source, maxTime(tx));
  }

  /** The payment transaction {@link #buildPayment} returns, built offline. */
  static Transaction payment(Network network, TransactionBuilderAccount source, String destination, Asset asset,
      Money amount, String reference, Instant validUntil) {
    return new TransactionBuilder(source, network)
        .setBaseFee(BASE_FEE)
        .addMemo(Memo.hash(sha256(reference)))
        .addOperation(new PaymentOperation.Builder(destination, asset, amount.formatChain()).build())
        .addPreconditions(TransactionPreconditions.builder()
            .timeBounds(new TimeBounds(0, validUntil.getEpochSecond())).build())
        .build();
  }

  // --------------------------------------------------------------------------------------- signing

  /**
   * Checks the transaction (see {@link PreSignCheck}), signs it with {@code secret} and wraps it in
   * a fee-bump paid and signed by the funding account. A Soroban call of the platform wallet moves
   * onto a channel account first (this reads the channel's sequence and simulates through RPC).
   * The key is built for this call only; the returned hash is the fee-bump's.
   *
   * @throws ChainException when the check refuses the transaction
   */
  @Override
  public SignedTransaction sign(UnsignedTransaction transaction, SecretSeed secret) {
    Instant now = now();
    sources.forgetExpired(now);
    Transaction tx = check.check(transaction.xdr(), transaction.sourceAccount(), now);
    if (tx.isSorobanTransaction() && !settings.channelAccounts().isEmpty()
        && transaction.sourceAccount().equals(platformAccount)) {
      return signOnChannel(tx, secret, now);
    }
    new Signers(tx).sign(transaction.sourceAccount(), secret);
    FeeBumpTransaction bump = feeBump(tx);
    return new SignedTransaction(bump.toEnvelopeXdrBase64(), bump.hashHex(), maxTime(tx));
  }

  private SignedTransaction signOnChannel(Transaction original, SecretSeed platformSecret, Instant now) {
    InvokeHostFunctionOperation call = (InvokeHostFunctionOperation) original.getOperations()[0];
    Instant ownLimit = Instant.ofEpochSecond(now.plus(settings.transactionTimeout()).getEpochSecond());
    Instant validUntil = maxTime(original).isBefore(ownLimit) ? maxTime(original) : ownLimit;
    SourceAccounts.Held channel = sources.acquire(now, validUntil);
    try {
      long expiration = rpc.latestLedger() + settings.transactionTimeout().toSeconds() / 5 + AUTH_MARGIN_LEDGERS;
      List<SorobanAuthorizationEntry> auth = new ArrayList<>();
      for (SorobanAuthorizationEntry entry : call.getAuth()) {
        boolean sourceCredentials = entry.getCredentials().getDiscriminant()
            == SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT;
        auth.add(sourceCredentials ? platformAuthorization(entry, platformSecret, expiration) : entry);
      }
      TransactionBuilderAccount account = rpc.account(channel.account);
      Transaction draft = new TransactionBuilder(account, network)
          .setBaseFee(BASE_FEE)
          .addOperation(InvokeHostFunctionOperation.builder().hostFunction(call.getHostFunction()).auth(auth).build())
          .addPreconditions(TransactionPreconditions.builder()
              .timeBounds(new TimeBounds(0, validUntil.getEpochSecond())).build())
          .build();
      Transaction prepared = rpc.prepare(draft);
      checkPrepared(prepared, call, auth, channel.account);
      new Signers(prepared).sign(channel.account, settings.channelSecret(channel.account));
      FeeBumpTransaction bump = feeBump(prepared);
      channel.holdFor(bump.hashHex());
      return new SignedTransaction(bump.toEnvelopeXdrBase64(), bump.hashHex(), validUntil);
    } catch (RuntimeException e) {
      channel.release();
      throw e;
    }
  }

  /** What the RPC assembled must still be the call and authorization we made, within the fee cap. */
  private void checkPrepared(Transaction prepared, InvokeHostFunctionOperation call,
      List<SorobanAuthorizationEntry> auth, String channel) {
    Operation[] operations = prepared.getOperations();
    if (!channel.equals(prepared.getSourceAccount()) || operations.length != 1
        || !(operations[0] instanceof InvokeHostFunctionOperation assembled)
        || !assembled.getHostFunction().equals(call.getHostFunction()) || !assembled.getAuth().equals(auth)) {
      throw new ChainException("Soroban RPC returned a different transaction than the one simulated; not signing");
    }
    if (prepared.getFee() > settings.maxFeeStroops()) {
      throw new ChainException("refusing to sign the platform's contract call: its fee of " + prepared.getFee()
          + " stroops exceeds the cap of " + settings.maxFeeStroops());
    }
  }

  /**
   * The platform's authorization of {@code entry}'s invocation as an address-credential entry
   * with a fresh nonce, signed by the platform key.
   */
  private SorobanAuthorizationEntry platformAuthorization(SorobanAuthorizationEntry entry, SecretSeed secret,
      long expirationLedger) {
    SorobanAddressCredentials credentials = new SorobanAddressCredentials.Builder()
        .address(new Address(platformAccount).toSCAddress())
        .nonce(new Int64(random.nextLong()))
        .signatureExpirationLedger(new Uint32(new XdrUnsignedInteger(0L)))
        .signature(Scv.toVoid())
        .build();
    SorobanAuthorizationEntry unsigned = new SorobanAuthorizationEntry.Builder()
        .credentials(new SorobanCredentials.Builder().discriminant(SorobanCredentialsType.SOROBAN_CREDENTIALS_ADDRESS)
            .address(credentials).build())
        .rootInvocation(entry.getRootInvocation())
        .build();
    char[] seed = secret.reveal();
    try {
      return Auth.authorizeEntry(unsigned, KeyPair.fromSecretSeed(seed), expirationLedger, network);
    } catch (RuntimeException e) {
      throw new ChainException("the secret given does not belong to the platform account " + platformAccount);
    } finally {
      Arrays.fill(seed, '\0');
    }
  }

  private FeeBumpTransaction feeBump(Transaction inner) {
    long operations = inner.getOperations().length;
    long baseFee = Math.max(BASE_FEE, (inner.getFee() + operations - 1) / operations);
    FeeBumpTransaction bump = new FeeBumpTransaction.Builder(inner).setBaseFee(baseFee)
        .setFeeAccount(settings.fundingAccount()).build();
    char[] seed = settings.fundingSecret().reveal();
    try {
      bump.sign(KeyPair.fromSecretSeed(seed));
    } finally {
      Arrays.fill(seed, '\0');
    }
    return bump;
  }

  // ------------------------------------------------------------------------------------ submission

  /**
   * Classic transactions go to Horizon, Soroban calls to RPC {@code sendTransaction} followed by a
   * short {@code getTransaction} poll. A refusal that may mean "already applied" (bad sequence, too
   * late) is checked by hash, so resubmitting an applied envelope answers its recorded outcome.
   */
  @Override
  public SubmitResult submit(SignedTransaction transaction) {
    AbstractTransaction parsed;
    try {
      parsed = AbstractTransaction.fromEnvelopeXdr(transaction.envelope(), network);
    } catch (IOException | RuntimeException e) {
      return SubmitResult.rejected(transaction.hash(), "malformed envelope: not a transaction for this network");
    }
    String hash = parsed.hashHex();
    if (!hash.equals(transaction.hash())) {
      throw new IllegalArgumentException("the envelope's hash is " + hash + ", not the recorded " + transaction.hash());
    }
    return submitParsed(parsed, transaction.envelope(), hash);
  }

  private SubmitResult submitParsed(AbstractTransaction parsed, String envelope, String hash) {
    Transaction inner = parsed instanceof FeeBumpTransaction bump ? bump.getInnerTransaction() : (Transaction) parsed;
    SubmitResult result = inner.isSorobanTransaction() ? submitSoroban(envelope, hash) : horizon.submit(envelope, hash);
    if (result.outcome() == SubmitOutcome.REJECTED && mayAlreadyBeApplied(result.error())) {
      result = settleByRecord(inner, hash, result);
    }
    if (result.outcome() != SubmitOutcome.PENDING) {
      sources.settled(hash);
    }
    return result;
  }

  /**
   * A "bad sequence" or "too late" refusal may be this very envelope, already applied in a ledger
   * Horizon had not ingested when it answered. The record decides: applied or failed as recorded;
   * without a record, refused only when that is certain (the source's sequence number, read before
   * the lookup, was already spent by another transaction, or the time bound has passed); otherwise
   * unknown, settled by a later lookup.
   */
  private SubmitResult settleByRecord(Transaction inner, String hash, SubmitResult refusal) {
    try {
      long spent = horizon.account(inner.getSourceAccount()).map(AccountResponse::getSequenceNumber)
          .orElse(Long.MIN_VALUE);
      TransactionLookup seen = lookup(hash);
      if (seen.status() == TransactionStatus.SUCCESS) {
        return SubmitResult.confirmed(hash, seen.ledger());
      }
      if (seen.status() == TransactionStatus.FAILED) {
        return SubmitResult.rejected(hash, seen.error());
      }
      boolean spentElsewhere = spent >= inner.getSequenceNumber();
      return spentElsewhere || seen.latestLedgerCloseTime().isAfter(maxTime(inner)) ? refusal
          : SubmitResult.pending(hash);
    } catch (ChainException e) {
      return SubmitResult.pending(hash);
    }
  }

  private static boolean mayAlreadyBeApplied(String error) {
    return error != null && (error.contains("bad_seq") || error.contains("too_late"));
  }

  private SubmitResult submitSoroban(String envelope, String hash) {
    SorobanRpc.Sent sent;
    try {
      sent = rpc.send(envelope);
    } catch (SorobanRpc.RpcError e) {
      return e.code() == -32602 || e.code() == -32600 ? SubmitResult.rejected(hash, e.getMessage())
          : SubmitResult.pending(hash);
    }
    if (sent.status() == null) {
      return SubmitResult.pending(hash);
    }
    switch (sent.status()) {
      case "ERROR" -> {
        String codes = ResultCodes.fromResultXdr(sent.errorResultXdr());
        return SubmitResult.rejected(hash, codes == null ? "refused by Soroban RPC" : codes);
      }
      case "PENDING", "DUPLICATE" -> {
        return pollSoroban(hash).sentAt(sent.latestLedger());
      }
      default -> {
        return SubmitResult.pending(hash);
      }
    }
  }

  private SubmitResult pollSoroban(String hash) {
    long deadline = System.nanoTime() + settings.submitPollTimeout().toNanos();
    while (true) {
      try {
        SorobanRpc.Found found = rpc.transaction(hash);
        if ("SUCCESS".equals(found.status())) {
          return SubmitResult.confirmed(hash, found.ledger());
        }
        if ("FAILED".equals(found.status())) {
          String codes = ResultCodes.fromResultXdr(found.resultXdr());
          return SubmitResult.rejected(hash, codes == null ? "transaction failed" : codes);
        }
      } catch (ChainException e) {
        // unknown for now; keep polling until the deadline
      }
      if (System.nanoTime() >= deadline || !pause()) {
        return SubmitResult.pending(hash);
      }
    }
  }

  /** A final outcome of one of the adapter's own transactions. */
  private record Settled(TransactionStatus status, String error) {
  }

  /** Submits and waits briefly for a final answer; null when the outcome is still unknown. */
  private Settled submitAndAwait(FeeBumpTransaction bump, Instant validUntil) {
    String hash = bump.hashHex();
    SubmitResult result = submitParsed(bump, bump.toEnvelopeXdrBase64(), hash);
    switch (result.outcome()) {
      case CONFIRMED -> {
        return new Settled(TransactionStatus.SUCCESS, null);
      }
      case REJECTED -> {
        return new Settled(TransactionStatus.FAILED, result.error());
      }
      default -> {
        long deadline = System.nanoTime() + settings.submitPollTimeout().toNanos();
        while (System.nanoTime() < deadline && pause()) {
          try {
            TransactionLookup seen = lookup(hash);
            if (seen.status() != TransactionStatus.NOT_FOUND) {
              return new Settled(seen.status(), seen.error());
            }
            if (seen.latestLedgerCloseTime().isAfter(validUntil)) {
              return new Settled(TransactionStatus.FAILED, "expired before inclusion");
            }
          } catch (ChainException e) {
            // keep waiting
          }
        }
        return null;
      }
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(POLL_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------- lookup

  /**
   * Horizon {@code GET /transactions/{hash}}, then Soroban RPC {@code getTransaction} when Horizon
   * has no record, with the close time of Horizon's latest ledger read first (so NOT_FOUND with a
   * later close time than the transaction's upper bound means it can never apply).
   */
  @Override
  public TransactionLookup lookup(String transactionHash) {
    if (transactionHash == null || !transactionHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a transaction hash (64 lowercase hex digits): " + transactionHash);
    }
    Instant latest = horizon.latestCloseTime();
    Optional<TransactionResponse> found = horizon.transaction(transactionHash);
    if (found.isPresent()) {
      TransactionResponse tx = found.get();
      boolean success = Boolean.TRUE.equals(tx.getSuccessful());
      sources.settled(transactionHash);
      String error = success ? null : Optional.ofNullable(ResultCodes.fromResultXdr(tx.getResultXdr()))
          .orElse("transaction failed");
      return new TransactionLookup(transactionHash, success ? TransactionStatus.SUCCESS : TransactionStatus.FAILED,
          tx.getLedger() == null ? 0 : tx.getLedger(), error, latest);
    }
    try {
      SorobanRpc.Found viaRpc = rpc.transaction(transactionHash);
      if ("SUCCESS".equals(viaRpc.status()) || "FAILED".equals(viaRpc.status())) {
        boolean success = "SUCCESS".equals(viaRpc.status());
        sources.settled(transactionHash);
        String error = success ? null : Optional.ofNullable(ResultCodes.fromResultXdr(viaRpc.resultXdr()))
            .orElse("transaction failed");
        return new TransactionLookup(transactionHash, success ? TransactionStatus.SUCCESS : TransactionStatus.FAILED,
            viaRpc.ledger(), error, latest);
      }
    } catch (ChainException e) {
      // Horizon's answer stands: it has ingested every ledger up to the close time read above
    }
    return new TransactionLookup(transactionHash, TransactionStatus.NOT_FOUND, 0, null, latest);
  }

  // --------------------------------------------------------------------------------- payment scans

  /**
   * USDC of the configured issuer arriving in any account: payments, path payments (the delivered
   * amount) and transfers out of contract calls ({@code invoke_host_function} balance changes,
   * whose sender is the contract; the engine decides which to credit). Reads Horizon
   * {@code /payments} ascending from {@code cursor}, over several pages when they hold nothing for
   * us, and returns the paging token of the last record read as the next cursor, so unrelated
   * traffic is passed over. For a contract call (always the only operation of its transaction) the
   * operation index is the position of the transfer among its balance changes.
   *
   * <p>Records are read without their transactions ({@code join=transactions} would double the
   * bytes of a busy network's pages for fields no deposit needs). A record whose paging token does
   * not come after the last one read is a repeat (an event served twice, an answer that starts
   * before the cursor) and is skipped, so the cursor only moves forward. A page that fails after
   * earlier ones were read ends the scan with what they gave (the next scan asks again from there,
   * and a failure of its first page is thrown); a failure of the first page is thrown.
   */
  @Override
  public PaymentPage scanPayments(String cursor, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    List<IncomingPayment> payments = new ArrayList<>();
    String next = cursor;
    for (int page = 0; page < SCAN_PAGES; page++) {
      int size = Math.min(HORIZON_PAGE, limit - payments.size());
      List<PaymentRecord> records;
      try {
        records = horizon.payments(next, size);
      } catch (ChainException e) {
        if (page == 0) {
          throw e;
        }
        return new PaymentPage(payments, next, true);
      }
      for (PaymentRecord record : records) {
        String token = record.pagingToken();
        if (!after(token, next)) {
          continue;
        }
        List<IncomingPayment> found = usdcMovements(record, false);
        if (!payments.isEmpty() && payments.size() + found.size() > limit) {
          return new PaymentPage(payments, next, true);
        }
        payments.addAll(found);
        next = token;
      }
      if (records.size() < size) {
        return new PaymentPage(payments, next, false);
      }
      if (payments.size() >= limit) {
        return new PaymentPage(payments, next, true);
      }
    }
    return new PaymentPage(payments, next, true);
  }

  /** Whether paging token {@code token} comes after {@code cursor} (Horizon's are increasing decimal ids). */
  private static boolean after(String token, String cursor) {
    if (token == null) {
      return false;
    }
    if (cursor == null) {
      return true;
    }
    try {
      return Long.parseLong(token) > Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      return !token.equals(cursor);
    }
  }

  @Override
  public List<IncomingPayment> recentPayments(String account, int limit) {
    requireAccountId(account, "account");
    List<IncomingPayment> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < RECENT_PAGES && out.size() < limit; page++) {
      int size = Math.min(HORIZON_PAGE, Math.max(limit, 10));
      List<PaymentRecord> records = horizon.accountPayments(account, cursor, size);
      for (PaymentRecord record : records) {
        for (IncomingPayment payment : usdcMovements(record, true)) {
          if (out.size() < limit && (account.equals(payment.to()) || account.equals(payment.from()))) {
            out.add(payment);
          }
        }
        cursor = record.pagingToken();
      }
      if (records.size() < size) {
        break;
      }
    }
    return out;
  }

  private List<IncomingPayment> usdcMovements(PaymentRecord record, boolean toContracts) {
    if (Boolean.FALSE.equals(record.successful()) || record.pagingToken() == null || record.type() == null) {
      return List.of();
    }
    String hash = record.transactionHash();
    String token = record.pagingToken();
    int index = record.id() == null ? 0 : (int) ((record.id() & 0xFFF) - 1);
    Instant at = instant(record.createdAt());
    List<IncomingPayment> out = new ArrayList<>();
    switch (record.type()) {
      case "payment", "path_payment_strict_send", "path_payment_strict_receive" -> {
        // for a path payment, amount is what arrived (source_amount is what it cost)
        if (isUsdc(record.assetType(), record.assetCode(), record.assetIssuer()) && record.to() != null) {
          addPositive(out, new IncomingPayment(hash, Math.max(index, 0), record.from(), record.to(),
              amount(record.amount()), at, token));
        }
      }
      case "invoke_host_function" -> {
        List<PaymentRecord.BalanceChange> changes = record.changes();
        for (int k = 0; k < changes.size(); k++) {
          PaymentRecord.BalanceChange change = changes.get(k);
          if ("transfer".equals(change.type()) && change.to() != null
              && isUsdc(change.assetType(), change.assetCode(), change.assetIssuer())
              && (toContracts || change.to().startsWith("G"))) {
            addPositive(out, new IncomingPayment(hash, k, change.from(), change.to(), amount(change.amount()), at,
                token));
          }
        }
      }
      default -> {
        // create_account (XLM), account_merge, claimable balances: no USDC arrives
      }
    }
    return out;
  }

  private static void addPositive(List<IncomingPayment> out, IncomingPayment payment) {
    if (payment.amount().isPositive()) {
      out.add(payment);
    }
  }

  private boolean isUsdc(String type, String code, String issuer) {
    return type != null && !"native".equals(type) && settings.usdcCode().equals(code)
        && settings.usdcIssuer().equals(issuer);
  }

  // ------------------------------------------------------------------------------------------ misc

  @Override
  public void close() {
    horizon.close();
    rpc.close();
  }

  @Override
  public String toString() {
    return "StellarChainAdapter[" + settings.horizonUrl() + ", " + settings.rpcUrl() + "]";
  }

  private Instant now() {
    return settings.clock().instant();
  }

  private TransactionBuilder builder(String source, Instant validUntil) {
    AccountResponse account = horizon.account(source).orElseThrow(() -> new ChainException(
        "platform account " + source + " does not exist on the network; run preparePlatformAccounts()"));
    return new TransactionBuilder(new Account(source, account.getSequenceNumber()), network)
        .setBaseFee(BASE_FEE)
        .addPreconditions(TransactionPreconditions.builder()
            .timeBounds(new TimeBounds(0, validUntil.getEpochSecond())).build());
  }

  private SecretSeed sourceSecret(String account) {
    return account.equals(settings.fundingAccount()) ? settings.fundingSecret() : settings.channelSecret(account);
  }

  private Optional<AccountResponse.Balance> usdcLine(AccountResponse account) {
    if (account.getBalances() == null) {
      return Optional.empty();
    }
    return Arrays.stream(account.getBalances())
        .filter(b -> isUsdc(b.getAssetType(), b.getAssetCode().orElse(null), b.getAssetIssuer().orElse(null)))
        .findFirst();
  }

  private static Instant maxTime(Transaction tx) {
    return Instant.ofEpochSecond(tx.getTimeBounds().getMaxTime().longValueExact());
  }

  private static Money amount(String text) {
    try {
      return Money.fromBigDecimal(new BigDecimal(text));
    } catch (RuntimeException e) {
      throw new ChainException("Horizon answered an amount that is not a 7-decimal number: " + text);
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Asset usdcAsset(String code, String issuer) {
    return code.length() <= 4 ? new AssetTypeCreditAlphaNum4(code, issuer) : new AssetTypeCreditAlphaNum12(code, issuer);
  }

  static byte[] sha256(String reference) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(reference.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void requireAccountId(String value, String what) {
    if (!StellarSettings.isAccountId(value)) {
      throw new IllegalArgumentException(what + " is not a Stellar account id (G...): " + shown(value));
    }
  }

  /** Echoes bad input without ever echoing something that could be a secret seed. */
  private static String shown(String value) {
    if (value == null) {
      return "null";
    }
    if (value.startsWith("S")) {
      return "(a value starting with S, not shown)";
    }
    return value.length() > 60 ? value.substring(0, 60) + "..." : value;
  }

  /** Signs a transaction once per distinct account, so a key that plays two roles signs once. */
  private static final class Signers {
    private final AbstractTransaction tx;
    private final Set<String> signed = new HashSet<>();

    Signers(AbstractTransaction tx) {
      this.tx = tx;
    }

    void sign(String account, SecretSeed secret) {
      if (!signed.add(account)) {
        return;
      }
      char[] seed = secret.reveal();
      try {
        KeyPair keys;
        try {
          keys = KeyPair.fromSecretSeed(seed);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("the secret given for " + account + " is not a valid secret seed");
        }
        tx.sign(keys);
      } finally {
        Arrays.fill(seed, '\0');
      }
    }
  }
}

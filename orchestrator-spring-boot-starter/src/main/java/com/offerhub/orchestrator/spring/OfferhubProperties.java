package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.model.Money;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code offerhub.*} settings of the auto-configured engine, mirroring the example server's
 * environment variables ({@code OFFERHUB_MODE} is {@code offerhub.mode}, {@code PLATFORM_FEE_BPS} is
 * {@code offerhub.platform-fee-bps}, {@code STELLAR_FUNDING_SECRET} is
 * {@code offerhub.stellar.funding-secret}, ...). Checked once bound: every problem is reported at
 * start-up at once, each naming its property; nothing present but wrong is silently defaulted.
 * Secrets (wallet keys, the funding seed, API keys) are never part of a message.
 */
@ConfigurationProperties("offerhub")
public class OfferhubProperties implements InitializingBean {

  /** Where the engine's chain and escrow live. */
  public enum Mode {
    /** The testkit's simulated Stellar network and Trustless Work in process (needs orchestrator-testkit). */
    SANDBOX,
    /** Horizon, Soroban RPC and Trustless Work on the Stellar testnet (needs orchestrator-stellar). */
    TESTNET,
    /** The same on the public network. */
    MAINNET;

    boolean live() {
      return this != SANDBOX;
    }
  }

  /** Where users' balances come from. */
  public enum PaymentProvider {
    /** USDC deposited to users' wallets; no fiat provider. */
    CRYPTO,
    /** US dollars at AirTM; a treasury wallet funds escrows (simulated in the sandbox). */
    AIRTM
  }

  private Mode mode = Mode.SANDBOX;
  private PaymentProvider paymentProvider = PaymentProvider.CRYPTO;
  /** Names this instance in its leases and logs; a random suffix keeps two instances apart. */
  private String instanceName = "spring";
  /** Platform fee per escrow in basis points (100 = 1 %). */
  private int platformFeeBps;
  /** The current wallet encryption key, 64 hex characters; required outside the sandbox. */
  private String walletEncryptionKey;
  private int walletEncryptionKeyVersion = 1;
  /** Older key versions still readable while their rows are re-encrypted: version to 64 hex characters. */
  private Map<Integer, String> walletEncryptionOldKeys = new TreeMap<>();
  /** The reference implementation's key, to read its stored format. */
  private String walletLegacyEncryptionKey;
  /** How long a command waits for its on-chain work before returning the intermediate state. */
  private Duration syncWait = Duration.ofSeconds(10);
  /** After a crash, pending on-chain work resumes once its lease ends. */
  private Duration sagaLease = Duration.ofSeconds(30);
  /** How long the instance watching for deposits keeps the lead without renewing it. */
  private Duration depositWatcherLease = Duration.ofSeconds(15);
  /** How long events are kept for replay. */
  private Duration eventRetention = Duration.ofHours(168);
  /** One deadline for the graceful stop of the background jobs. */
  private Duration shutdownGrace = Duration.ofSeconds(10);
  private final Jobs jobs = new Jobs();
  private final Database database = new Database();
  private final Sandbox sandbox = new Sandbox();
  private final Stellar stellar = new Stellar();
  private final Trustless trustless = new Trustless();
  private final Airtm airtm = new Airtm();
  private final Health health = new Health();

  /** The background jobs: deposit watch, sagas, event delivery, expiry, settlement, key rotation. */
  public static class Jobs {
    /** Whether the application runs them (false: call {@code engine.runPendingWork()} yourself). */
    private boolean enabled = true;
    private Duration interval = Duration.ofMillis(250);
    /** Threads of the jobs' executor; the engine schedules two jobs that should run side by side. */
    private int threads = 2;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }
  }

  /**
   * The engine's own pool, used only when the application has no {@code DataSource}: PostgreSQL
   * ({@code jdbc:postgresql://...}) or H2; without a URL the sandbox uses an in-memory H2.
   */
  public static class Database {
    private String url;
    private String username;
    private String password;
    private int poolSize = 10;
    /** Whether start-up applies the engine's schema migrations (its own history table). */
    private boolean migrate = true;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public int getPoolSize() {
      return poolSize;
    }

    public void setPoolSize(int poolSize) {
      this.poolSize = poolSize;
    }

    public boolean isMigrate() {
      return migrate;
    }

    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** The simulated network of sandbox mode. */
  public static class Sandbox {
    /** A ledger closes this often; zero closes one on every submission. */
    private Duration ledgerInterval = Duration.ofMillis(250);
    /** The time bound of sandbox transactions. */
    private Duration transactionTimeout = Duration.ofSeconds(30);
    /** The simulated Trustless Work fee in basis points. */
    private int serviceFeeBps;
    /** USDC put in the treasury wallet of a new sandbox (AirTM provider only). */
    private String treasuryUsdc = "1000000";

    public Duration getLedgerInterval() {
      return ledgerInterval;
    }

    public void setLedgerInterval(Duration ledgerInterval) {
      this.ledgerInterval = ledgerInterval;
    }

    public Duration getTransactionTimeout() {
      return transactionTimeout;
    }

    public void setTransactionTimeout(Duration transactionTimeout) {
      this.transactionTimeout = transactionTimeout;
    }

    public int getServiceFeeBps() {
      return serviceFeeBps;
    }

    public void setServiceFeeBps(int serviceFeeBps) {
      this.serviceFeeBps = serviceFeeBps;
    }

    public String getTreasuryUsdc() {
      return treasuryUsdc;
    }

    public void setTreasuryUsdc(String treasuryUsdc) {
      this.treasuryUsdc = treasuryUsdc;
    }
  }

  /** Horizon, Soroban RPC and the platform's funding account (testnet and mainnet). */
  public static class Stellar {
    /** Default: the SDF's Horizon of the mode's network. */
    private String horizonUrl;
    /** Default on testnet: the SDF's Soroban RPC; required on mainnet. */
    private String rpcUrl;
    /** Default on testnet: the SDF's friendbot; refused on mainnet. */
    private String friendbotUrl;
    private String usdcAssetCode = "USDC";
    /** Default: Circle's issuer on the mode's network. */
    private String usdcIssuer;
    /** The S... seed of the account that sponsors wallets and pays every fee. */
    private String fundingSecret;
    private int channelAccounts = 8;
    private long maxFeeStroops = 2_000_000;
    private Duration transactionTimeout = Duration.ofSeconds(60);

    public String getHorizonUrl() {
      return horizonUrl;
    }

    public void setHorizonUrl(String horizonUrl) {
      this.horizonUrl = horizonUrl;
    }

    public String getRpcUrl() {
      return rpcUrl;
    }

    public void setRpcUrl(String rpcUrl) {
      this.rpcUrl = rpcUrl;
    }

    public String getFriendbotUrl() {
      return friendbotUrl;
    }

    public void setFriendbotUrl(String friendbotUrl) {
      this.friendbotUrl = friendbotUrl;
    }

    public String getUsdcAssetCode() {
      return usdcAssetCode;
    }

    public void setUsdcAssetCode(String usdcAssetCode) {
      this.usdcAssetCode = usdcAssetCode;
    }

    public String getUsdcIssuer() {
      return usdcIssuer;
    }

    public void setUsdcIssuer(String usdcIssuer) {
      this.usdcIssuer = usdcIssuer;
    }

    public String getFundingSecret() {
      return fundingSecret;
    }

    public void setFundingSecret(String fundingSecret) {
      this.fundingSecret = fundingSecret;
    }

    public int getChannelAccounts() {
      return channelAccounts;
    }

    public void setChannelAccounts(int channelAccounts) {
      this.channelAccounts = channelAccounts;
    }

    public long getMaxFeeStroops() {
      return maxFeeStroops;
    }

    public void setMaxFeeStroops(long maxFeeStroops) {
      this.maxFeeStroops = maxFeeStroops;
    }

    public Duration getTransactionTimeout() {
      return transactionTimeout;
    }

    public void setTransactionTimeout(Duration transactionTimeout) {
      this.transactionTimeout = transactionTimeout;
    }
  }

  /** The Trustless Work API (testnet and mainnet). */
  public static class Trustless {
    /** Default: Trustless Work's API of the mode's network. */
    private String apiUrl;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(60);
    /** Shared by every instance on the database. */
    private int requestsPerMinute = 50;
    /** The escrow contract build, {@code a} or {@code b}. */
    private String contractVariant = "b";
    /** The contract Trustless Work's deploy transactions must invoke (C...). */
    private String deployerContract;
    /** Variant b: the fee address release and resolve must name (G...). */
    private String feeAddress;

    public String getApiUrl() {
      return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
      this.apiUrl = apiUrl;
    }

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getRequestsPerMinute() {
      return requestsPerMinute;
    }

    public void setRequestsPerMinute(int requestsPerMinute) {
      this.requestsPerMinute = requestsPerMinute;
    }

    public String getContractVariant() {
      return contractVariant;
    }

    public void setContractVariant(String contractVariant) {
      this.contractVariant = contractVariant;
    }

    public String getDeployerContract() {
      return deployerContract;
    }

    public void setDeployerContract(String deployerContract) {
      this.deployerContract = deployerContract;
    }

    public String getFeeAddress() {
      return feeAddress;
    }

    public void setFeeAddress(String feeAddress) {
      this.feeAddress = feeAddress;
    }
  }

  /** AirTM ({@code offerhub.payment-provider=airtm}) and the treasury that funds escrows for fiat balances. */
  public static class Airtm {
    /** {@code sandbox}, {@code production} or {@code prod}. */
    private String environment = "sandbox";
    /** Another API base (e.g. a simulator's {@code /airtm/v2}). */
    private String apiUrl;
    private String apiKey;
    private String apiSecret;
    /** The {@code whsec_...} secret of the AirTM webhook endpoint. */
    private String webhookSecret;
    private String checkoutUrlTemplate;
    /** This application's public address, for the pay-in return links. */
    private String publicBaseUrl;
    /** An advance that leaves the treasury below it raises {@code treasury.balance_low}. */
    private String treasuryLowBalance = "0";

    public String getEnvironment() {
      return environment;
    }

    public void setEnvironment(String environment) {
      this.environment = environment;
    }

    public String getApiUrl() {
      return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
      this.apiUrl = apiUrl;
    }

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public String getApiSecret() {
      return apiSecret;
    }

    public void setApiSecret(String apiSecret) {
      this.apiSecret = apiSecret;
    }

    public String getWebhookSecret() {
      return webhookSecret;
    }

    public void setWebhookSecret(String webhookSecret) {
      this.webhookSecret = webhookSecret;
    }

    public String getCheckoutUrlTemplate() {
      return checkoutUrlTemplate;
    }

    public void setCheckoutUrlTemplate(String checkoutUrlTemplate) {
      this.checkoutUrlTemplate = checkoutUrlTemplate;
    }

    public String getPublicBaseUrl() {
      return publicBaseUrl;
    }

    public void setPublicBaseUrl(String publicBaseUrl) {
      this.publicBaseUrl = publicBaseUrl;
    }

    public String getTreasuryLowBalance() {
      return treasuryLowBalance;
    }

    public void setTreasuryLowBalance(String treasuryLowBalance) {
      this.treasuryLowBalance = treasuryLowBalance;
    }
  }

  /** The Actuator health indicator {@code offerhub}. */
  public static class Health {
    /** A pending saga older than this turns the health DOWN. */
    private Duration sagaStuckAfter = Duration.ofMinutes(15);
    /**
     * How long a ledger verification is reused: it reads every posting, so a health probe every few
     * seconds does not run it each time. Zero verifies on every probe.
     */
    private Duration ledgerVerifyInterval = Duration.ofMinutes(1);

    public Duration getSagaStuckAfter() {
      return sagaStuckAfter;
    }

    public void setSagaStuckAfter(Duration sagaStuckAfter) {
      this.sagaStuckAfter = sagaStuckAfter;
    }

    public Duration getLedgerVerifyInterval() {
      return ledgerVerifyInterval;
    }

    public void setLedgerVerifyInterval(Duration ledgerVerifyInterval) {
      this.ledgerVerifyInterval = ledgerVerifyInterval;
    }
  }

  @Override
  public void afterPropertiesSet() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new OfferhubConfigurationException(problems);
    }
  }

  /** Every problem with these settings, each naming its property; empty when they are valid. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (mode == null) {
      problems.add("offerhub.mode must be one of [sandbox, testnet, mainnet]");
      return problems;
    }
    String modeName = mode.name().toLowerCase(Locale.ROOT);
    if (paymentProvider == null) {
      problems.add("offerhub.payment-provider must be one of [crypto, airtm]");
    }
    if (instanceName == null || !instanceName.matches("[A-Za-z0-9._-]{1,48}")) {
      problems.add("offerhub.instance-name must be 1 to 48 letters, digits, '.', '_' or '-'");
    }
    int maxFee = mode.live() ? 9_900 : 10_000;
    range(problems, "offerhub.platform-fee-bps", platformFeeBps, 0, maxFee);
    range(problems, "offerhub.sandbox.service-fee-bps", sandbox.serviceFeeBps, 0, 10_000);
    if (!mode.live() && platformFeeBps >= 0 && sandbox.serviceFeeBps >= 0 && platformFeeBps <= 10_000
        && sandbox.serviceFeeBps <= 10_000 && platformFeeBps + sandbox.serviceFeeBps > 10_000) {
      problems.add("offerhub.platform-fee-bps + offerhub.sandbox.service-fee-bps must not exceed 10000");
    }
    hexKey(problems, "offerhub.wallet-encryption-key", walletEncryptionKey);
    range(problems, "offerhub.wallet-encryption-key-version", walletEncryptionKeyVersion, 1, 1_000_000);
    for (Map.Entry<Integer, String> old : walletEncryptionOldKeys.entrySet()) {
      String name = "offerhub.wallet-encryption-old-keys[" + old.getKey() + "]";
      if (old.getKey() == null || old.getKey() < 1 || old.getKey() == walletEncryptionKeyVersion) {
        problems.add(name + " must name a positive version other than offerhub.wallet-encryption-key-version");
      }
      hexKey(problems, name, old.getValue());
    }
    hexKey(problems, "offerhub.wallet-legacy-encryption-key", walletLegacyEncryptionKey);
    between(problems, "offerhub.sync-wait", syncWait, Duration.ZERO, Duration.ofMinutes(2));
    between(problems, "offerhub.saga-lease", sagaLease, Duration.ofSeconds(1), Duration.ofMinutes(10));
    between(problems, "offerhub.deposit-watcher-lease", depositWatcherLease, Duration.ofSeconds(1),
        Duration.ofMinutes(10));
    between(problems, "offerhub.event-retention", eventRetention, Duration.ofHours(1), Duration.ofDays(365));
    between(problems, "offerhub.shutdown-grace", shutdownGrace, Duration.ZERO, Duration.ofMinutes(5));
    between(problems, "offerhub.jobs.interval", jobs.interval, Duration.ofMillis(10), Duration.ofMinutes(1));
    range(problems, "offerhub.jobs.threads", jobs.threads, 1, 16);
    if (depositWatcherLease != null && jobs.interval != null && depositWatcherLease.compareTo(jobs.interval) <= 0) {
      problems.add("offerhub.deposit-watcher-lease must exceed offerhub.jobs.interval (the watcher renews it on "
          + "every scan)");
    }
    range(problems, "offerhub.database.pool-size", database.poolSize, 1, 200);
    if (database.url != null && !database.url.startsWith("jdbc:postgresql:") && !database.url.startsWith("jdbc:h2:")) {
      problems.add("offerhub.database.url must be a jdbc:postgresql: or jdbc:h2: URL");
    }
    between(problems, "offerhub.sandbox.ledger-interval", sandbox.ledgerInterval, Duration.ZERO,
        Duration.ofMinutes(1));
    between(problems, "offerhub.sandbox.transaction-timeout", sandbox.transactionTimeout, Duration.ofSeconds(1),
        Duration.ofMinutes(10));
    amount(problems, "offerhub.sandbox.treasury-usdc", sandbox.treasuryUsdc);
    between(problems, "offerhub.health.saga-stuck-after", health.sagaStuckAfter, Duration.ofSeconds(1),
        Duration.ofDays(7));
    between(problems, "offerhub.health.ledger-verify-interval", health.ledgerVerifyInterval, Duration.ZERO,
        Duration.ofDays(1));
    if (mode.live()) {
      if (walletEncryptionKey == null) {
        problems.add("offerhub.wallet-encryption-key is required in " + modeName + " mode");
      }
      liveStellar(problems, modeName);
    }
    if (paymentProvider == PaymentProvider.AIRTM) {
      airtm(problems, mode.live());
    }
    return problems;
  }

  private void liveStellar(List<String> problems, String modeName) {
    boolean mainnet = mode == Mode.MAINNET;
    url(problems, "offerhub.stellar.horizon-url", stellar.horizonUrl, mainnet);
    url(problems, "offerhub.stellar.rpc-url", stellar.rpcUrl, mainnet);
    if (mainnet && stellar.rpcUrl == null) {
      problems.add("offerhub.stellar.rpc-url is required in mainnet mode (a Soroban RPC provider of your choice)");
    }
    if (mainnet && stellar.friendbotUrl != null) {
      problems.add("offerhub.stellar.friendbot-url must not be set in mainnet mode: mainnet has no friendbot");
    }
    url(problems, "offerhub.stellar.friendbot-url", stellar.friendbotUrl, mainnet);
    if (stellar.usdcAssetCode == null || !stellar.usdcAssetCode.matches("[A-Za-z0-9]{1,4}")) {
      problems.add("offerhub.stellar.usdc-asset-code must be 1 to 4 letters or digits");
    }
    if (stellar.fundingSecret == null) {
      problems.add("offerhub.stellar.funding-secret is required in " + modeName + " mode (the S... seed of the "
          + "account that sponsors wallets and pays fees)");
    }
    range(problems, "offerhub.stellar.channel-accounts", stellar.channelAccounts, 0, 256);
    if (stellar.maxFeeStroops < 100 || stellar.maxFeeStroops > 100_000_000) {
      problems.add("offerhub.stellar.max-fee-stroops must be between 100 and 100000000, was " + stellar.maxFeeStroops);
    }
    between(problems, "offerhub.stellar.transaction-timeout", stellar.transactionTimeout, Duration.ofSeconds(10),
        Duration.ofHours(1));
    url(problems, "offerhub.trustless.api-url", trustless.apiUrl, mainnet);
    if (trustless.apiKey == null) {
      problems.add("offerhub.trustless.api-key is required in " + modeName + " mode");
    }
    between(problems, "offerhub.trustless.timeout", trustless.timeout, Duration.ofSeconds(1), Duration.ofMinutes(2));
    range(problems, "offerhub.trustless.requests-per-minute", trustless.requestsPerMinute, 1, 10_000);
    if (trustless.contractVariant == null || !List.of("a", "b").contains(trustless.contractVariant.toLowerCase(
        Locale.ROOT))) {
      problems.add("offerhub.trustless.contract-variant must be a or b");
    }
  }

  private void airtm(List<String> problems, boolean live) {
    amount(problems, "offerhub.airtm.treasury-low-balance", airtm.treasuryLowBalance);
    if (!live) {
      return;
    }
    if (airtm.environment == null || !List.of("sandbox", "production", "prod").contains(airtm.environment.toLowerCase(
        Locale.ROOT))) {
      problems.add("offerhub.airtm.environment must be sandbox, production or prod");
    }
    if (airtm.apiKey == null) {
      problems.add("offerhub.airtm.api-key is required with offerhub.payment-provider=airtm");
    }
    if (airtm.apiSecret == null) {
      problems.add("offerhub.airtm.api-secret is required with offerhub.payment-provider=airtm");
    }
    if (airtm.webhookSecret == null) {
      problems.add("offerhub.airtm.webhook-secret is required with offerhub.payment-provider=airtm: webhooks are "
          + "never accepted unverified");
    }
    url(problems, "offerhub.airtm.api-url", airtm.apiUrl, false);
    url(problems, "offerhub.airtm.public-base-url", airtm.publicBaseUrl, false);
    if (airtm.publicBaseUrl == null) {
      problems.add("offerhub.airtm.public-base-url is required with offerhub.payment-provider=airtm: AirTM sends "
          + "payers back to it");
    }
    if (airtm.checkoutUrlTemplate != null && !airtm.checkoutUrlTemplate.contains("{id}")) {
      problems.add("offerhub.airtm.checkout-url-template must contain {id}, the pay-in id");
    }
  }

  private static void range(List<String> problems, String name, long value, long min, long max) {
    if (value < min || value > max) {
      problems.add(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void between(List<String> problems, String name, Duration value, Duration min, Duration max) {
    if (value == null) {
      problems.add(name + " is required");
    } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      problems.add(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  /** A 256-bit AES key in hex; the value itself is never echoed. */
  private static void hexKey(List<String> problems, String name, String value) {
    if (value != null && !value.matches("[0-9a-fA-F]{64}")) {
      problems.add(name + " must be 64 hex characters (a 256-bit AES key)");
    }
  }

  private static void amount(List<String> problems, String name, String value) {
    try {
      if (value == null || new BigDecimal(value).signum() != 0) {
        Money.parsePositive(value);
      }
    } catch (RuntimeException e) {
      problems.add(name + " must be an amount of USDC such as 500.00, was " + value);
    }
  }

  private static void url(List<String> problems, String name, String value, boolean httpsOnly) {
    if (value == null) {
      return;
    }
    try {
      URI uri = URI.create(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !List.of("http", "https").contains(scheme)) {
        problems.add(name + " must be an http(s) URL with a host, was '" + value + "'");
      } else if (httpsOnly && scheme.equals("http")) {
        problems.add(name + " must use https in mainnet mode");
      }
    } catch (IllegalArgumentException e) {
      problems.add(name + " is not a valid URL");
    }
  }

  /** The USDC amount of {@code value}, zero allowed (validated before). */
  static Money money(String value) {
    return new BigDecimal(value).signum() == 0 ? Money.ZERO : Money.parsePositive(value);
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public PaymentProvider getPaymentProvider() {
    return paymentProvider;
  }

  public void setPaymentProvider(PaymentProvider paymentProvider) {
    this.paymentProvider = paymentProvider;
  }

  public String getInstanceName() {
    return instanceName;
  }

  public void setInstanceName(String instanceName) {
    this.instanceName = instanceName;
  }

  public int getPlatformFeeBps() {
    return platformFeeBps;
  }

  public void setPlatformFeeBps(int platformFeeBps) {
    this.platformFeeBps = platformFeeBps;
  }

  public String getWalletEncryptionKey() {
    return walletEncryptionKey;
  }

  public void setWalletEncryptionKey(String walletEncryptionKey) {
    this.walletEncryptionKey = blankToNull(walletEncryptionKey);
  }

  public int getWalletEncryptionKeyVersion() {
    return walletEncryptionKeyVersion;
  }

  public void setWalletEncryptionKeyVersion(int walletEncryptionKeyVersion) {
    this.walletEncryptionKeyVersion = walletEncryptionKeyVersion;
  }

  public Map<Integer, String> getWalletEncryptionOldKeys() {
    return walletEncryptionOldKeys;
  }

  public void setWalletEncryptionOldKeys(Map<Integer, String> walletEncryptionOldKeys) {
    this.walletEncryptionOldKeys = new TreeMap<>(walletEncryptionOldKeys);
  }

  public String getWalletLegacyEncryptionKey() {
    return walletLegacyEncryptionKey;
  }

  public void setWalletLegacyEncryptionKey(String walletLegacyEncryptionKey) {
    this.walletLegacyEncryptionKey = blankToNull(walletLegacyEncryptionKey);
  }

  public Duration getSyncWait() {
    return syncWait;
  }

  public void setSyncWait(Duration syncWait) {
    this.syncWait = syncWait;
  }

  public Duration getSagaLease() {
    return sagaLease;
  }

  public void setSagaLease(Duration sagaLease) {
    this.sagaLease = sagaLease;
  }

  public Duration getDepositWatcherLease() {
    return depositWatcherLease;
  }

  public void setDepositWatcherLease(Duration depositWatcherLease) {
    this.depositWatcherLease = depositWatcherLease;
  }

  public Duration getEventRetention() {
    return eventRetention;
  }

  public void setEventRetention(Duration eventRetention) {
    this.eventRetention = eventRetention;
  }

  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  public Jobs getJobs() {
    return jobs;
  }

  public Database getDatabase() {
    return database;
  }

  public Sandbox getSandbox() {
    return sandbox;
  }

  public Stellar getStellar() {
    return stellar;
  }

  public Trustless getTrustless() {
    return trustless;
  }

  public Airtm getAirtm() {
    return airtm;
  }

  public Health getHealth() {
    return health;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}

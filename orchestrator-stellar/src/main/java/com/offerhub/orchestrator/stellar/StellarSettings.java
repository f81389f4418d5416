package com.offerhub.orchestrator.stellar;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.StrKey;

/**
 * Everything {@link StellarChainAdapter} needs: where Horizon, Soroban RPC and (on testnet)
 * friendbot are, which network and USDC asset, the platform's funding account that sponsors
 * wallets and pays every fee by fee-bump, the channel accounts that carry the platform's own
 * Soroban calls, and limits. Immutable and thread-safe; {@link #toString()} never shows a secret.
 *
 * <pre>{@code
 * StellarSettings settings = StellarSettings.builder()
 *     .horizonUrl("https://horizon-testnet.stellar.org")
 *     .rpcUrl("https://soroban-testnet.stellar.org")
 *     .friendbotUrl("https://friendbot.stellar.org")
 *     .networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
 *     .usdc("USDC", "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5")
 *     .fundingSecret(SecretSeed.of(System.getenv("STELLAR_FUNDING_SECRET")))
 *     .leaseService(leases)
 *     .build();
 * }</pre>
 */
public final class StellarSettings {
  public static final String TESTNET_PASSPHRASE = Network.TESTNET.getNetworkPassphrase();
  public static final String MAINNET_PASSPHRASE = Network.PUBLIC.getNetworkPassphrase();
  /** The pre-sign check refuses transactions valid for longer than this from now. */
  public static final Duration LONGEST_VALIDITY = Duration.ofHours(1);

  private final HttpUrl horizonUrl;
  private final HttpUrl rpcUrl;
  private final HttpUrl friendbotUrl;
  private final Network network;
  private final String usdcCode;
  private final String usdcIssuer;
  private final SecretSeed fundingSecret;
  private final String fundingAccount;
  private final List<SecretSeed> channelSecrets;
  private final List<String> channelAccounts;
  private final String platformAccount;
  private final long maxFeeStroops;
  private final Duration transactionTimeout;
  private final Duration submitPollTimeout;
  private final Duration submitReadTimeout;
  private final String walletStartingBalanceXlm;
  private final LeaseService leaseService;
  private final OkHttpClient httpClient;
  private final Clock clock;
  private final String instanceId;

  private StellarSettings(Builder b, HttpUrl horizon, HttpUrl rpc, HttpUrl friendbot, String fundingAccount,
      List<SecretSeed> channelSecrets, List<String> channelAccounts) {
    this.horizonUrl = horizon;
    this.rpcUrl = rpc;
    this.friendbotUrl = friendbot;
    this.network = new Network(b.networkPassphrase);
    this.usdcCode = b.usdcCode;
    this.usdcIssuer = b.usdcIssuer;
    this.fundingSecret = copy(b.fundingSecret);
    this.fundingAccount = fundingAccount;
    this.channelSecrets = List.copyOf(channelSecrets);
    this.channelAccounts = List.copyOf(channelAccounts);
    this.platformAccount = b.platformAccount;
    this.maxFeeStroops = b.maxFeeStroops;
    this.transactionTimeout = b.transactionTimeout;
    this.submitPollTimeout = b.submitPollTimeout;
    this.submitReadTimeout = b.submitReadTimeout;
    this.walletStartingBalanceXlm = b.walletStartingBalanceXlm;
    this.leaseService = b.leaseService;
    this.httpClient = b.httpClient != null ? b.httpClient : defaultClient();
    this.clock = b.clock;
    this.instanceId = b.instanceId != null ? b.instanceId : UUID.randomUUID().toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String horizonUrl() {
    return horizonUrl.toString();
  }

  public String rpcUrl() {
    return rpcUrl.toString();
  }

  /** Friendbot, offered on test networks only. */
  public Optional<String> friendbotUrl() {
    return Optional.ofNullable(friendbotUrl).map(HttpUrl::toString);
  }

  public String networkPassphrase() {
    return network.getNetworkPassphrase();
  }

  /** Whether these settings address the public network (mainnet). */
  public boolean isMainnet() {
    return MAINNET_PASSPHRASE.equals(network.getNetworkPassphrase());
  }

  public String usdcCode() {
    return usdcCode;
  }

  public String usdcIssuer() {
    return usdcIssuer;
  }

  /** The account that sponsors wallets' reserves and pays every fee by fee-bump. */
  public String fundingAccount() {
    return fundingAccount;
  }

  /** Public keys of the channel accounts, in configuration order (may be empty). */
  public List<String> channelAccounts() {
    return channelAccounts;
  }

  /**
   * The platform wallet whose Soroban transactions move onto channel accounts (defaults to the
   * funding account).
   */
  public String platformAccount() {
    return platformAccount != null ? platformAccount : fundingAccount;
  }

  public long maxFeeStroops() {
    return maxFeeStroops;
  }

  public Duration transactionTimeout() {
    return transactionTimeout;
  }

  /** How long a submission waits for a Soroban transaction's inclusion before answering PENDING. */
  public Duration submitPollTimeout() {
    return submitPollTimeout;
  }

  /** How long {@code POST /transactions} waits for Horizon's answer (Horizon itself gives up after about 60 s). */
  public Duration submitReadTimeout() {
    return submitReadTimeout;
  }

  /** XLM a new wallet is created with ({@code "0"}: reserves are sponsored, fees fee-bumped). */
  public String walletStartingBalanceXlm() {
    return walletStartingBalanceXlm;
  }

  public LeaseService leaseService() {
    return leaseService;
  }

  public OkHttpClient httpClient() {
    return httpClient;
  }

  public Clock clock() {
    return clock;
  }

  /** Names this process as the owner of the leases it takes. */
  public String instanceId() {
    return instanceId;
  }

  Network network() {
    return network;
  }

  SecretSeed fundingSecret() {
    return fundingSecret;
  }

  SecretSeed channelSecret(String account) {
    int index = channelAccounts.indexOf(account);
    if (index < 0) {
      throw new IllegalArgumentException("not a channel account: " + account);
    }
    return channelSecrets.get(index);
  }

  @Override
  public String toString() {
    return "StellarSettings[horizon=" + horizonUrl + ", rpc=" + rpcUrl + ", friendbot=" + friendbotUrl
        + ", network=" + network.getNetworkPassphrase() + ", usdc=" + usdcCode + ":" + usdcIssuer
        + ", fundingAccount=" + fundingAccount + ", fundingSecret=***, channels=" + channelAccounts
        + ", channelSecrets=***, platformAccount=" + platformAccount() + ", maxFeeStroops=" + maxFeeStroops
        + ", transactionTimeout=" + transactionTimeout + "]";
  }

  private static OkHttpClient defaultClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS)
        .writeTimeout(30, TimeUnit.SECONDS)
        .retryOnConnectionFailure(false)
        .build();
  }

  private static SecretSeed copy(SecretSeed seed) {
    char[] chars = seed.reveal();
    try {
      return new SecretSeed(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** Public key of a seed, or null if it is not a valid seed. The message never holds the seed. */
  static String accountOf(SecretSeed seed) {
    char[] chars = seed.reveal();
    try {
      return KeyPair.fromSecretSeed(chars).getAccountId();
    } catch (RuntimeException e) {
      return null;
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** Channel {@code index}'s seed, derived from the funding seed (see {@link Builder#channelsDerivedFromFunding}). */
  static SecretSeed deriveChannel(SecretSeed funding, int index) {
    char[] chars = funding.reveal();
    byte[] raw = null;
    byte[] derived = null;
    char[] seed = null;
    try {
      raw = StrKey.decodeEd25519SecretSeed(chars);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(raw, "HmacSHA256"));
      derived = mac.doFinal(("offerhub/channel/" + index).getBytes(StandardCharsets.UTF_8));
      seed = KeyPair.fromSecretSeed(derived).getSecretSeed();
      return new SecretSeed(seed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    } finally {
      Arrays.fill(chars, '\0');
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
      if (derived != null) {
        Arrays.fill(derived, (byte) 0);
      }
      if (seed != null) {
        Arrays.fill(seed, '\0');
      }
    }
  }

  static boolean isAccountId(String value) {
    if (value == null || value.length() != 56 || value.charAt(0) != 'G') {
      return false;
    }
    try {
      StrKey.decodeEd25519PublicKey(value);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Collects the settings; {@link #build()} names every problem at once. Not thread-safe. */
  public static final class Builder {
    private String horizonUrl;
    private String rpcUrl;
    private String friendbotUrl;
    private String networkPassphrase;
    private String usdcCode = "USDC";
    private String usdcIssuer;
    private SecretSeed fundingSecret;
    private final List<SecretSeed> channelSecrets = new ArrayList<>();
    private int derivedChannels;
    private String platformAccount;
    private long maxFeeStroops = 2_000_000L;
    private Duration transactionTimeout = Duration.ofSeconds(60);
    private Duration submitPollTimeout = Duration.ofSeconds(10);
    private Duration submitReadTimeout = Duration.ofSeconds(65);
    private String walletStartingBalanceXlm = "0";
    private LeaseService leaseService;
    private OkHttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private String instanceId;

    private Builder() {
    }

    public Builder horizonUrl(String url) {
      this.horizonUrl = url;
      return this;
    }

    public Builder rpcUrl(String url) {
      this.rpcUrl = url;
      return this;
    }

    /** Friendbot's URL (test networks only; refused on mainnet). */
    public Builder friendbotUrl(String url) {
      this.friendbotUrl = url;
      return this;
    }

    public Builder networkPassphrase(String passphrase) {
      this.networkPassphrase = passphrase;
      return this;
    }

    public Builder usdc(String code, String issuer) {
      this.usdcCode = code;
      this.usdcIssuer = issuer;
      return this;
    }

    /** The funding account's secret; copied, so the caller may wipe its own. */
    public Builder fundingSecret(SecretSeed secret) {
      this.fundingSecret = secret;
      return this;
    }

    /** Channel accounts' secrets (may be empty); copied, so the caller may wipe its own. */
    public Builder channelSecrets(List<SecretSeed> secrets) {
      this.channelSecrets.clear();
      this.channelSecrets.addAll(secrets);
      this.derivedChannels = 0;
      return this;
    }

    /**
     * {@code count} channel accounts derived from the funding secret, so only one secret needs
     * keeping: channel {@code i} (from 0) has the Ed25519 seed HMAC-SHA256(key = the funding
     * account's raw 32-byte seed, message = UTF-8 {@code "offerhub/channel/" + i}). Replaces any
     * {@link #channelSecrets} given.
     */
    public Builder channelsDerivedFromFunding(int count) {
      this.channelSecrets.clear();
      this.derivedChannels = count;
      return this;
    }

    /** The platform wallet's account id (defaults to the funding account). */
    public Builder platformAccount(String accountId) {
      this.platformAccount = accountId;
      return this;
    }

    /** Highest fee, in stroops, of a transaction the adapter signs ({@code STELLAR_MAX_FEE_STROOPS}). */
    public Builder maxFeeStroops(long stroops) {
      this.maxFeeStroops = stroops;
      return this;
    }

    /** How long transactions the adapter builds stay valid (upper time bound = now + this). */
    public Builder transactionTimeout(Duration timeout) {
      this.transactionTimeout = timeout;
      return this;
    }

    public Builder submitPollTimeout(Duration timeout) {
      this.submitPollTimeout = timeout;
      return this;
    }

    public Builder submitReadTimeout(Duration timeout) {
      this.submitReadTimeout = timeout;
      return this;
    }

    /** XLM given to each new wallet, a decimal string (default {@code "0"}). */
    public Builder walletStartingBalanceXlm(String xlm) {
      this.walletStartingBalanceXlm = xlm;
      return this;
    }

    /** Leases that keep two instances off one channel account; shared through the database. */
    public Builder leaseService(LeaseService leases) {
      this.leaseService = leases;
      return this;
    }

    /** The HTTP client for Horizon, RPC and friendbot (its timeouts apply; submissions read longer). */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = client;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder instanceId(String id) {
      this.instanceId = id;
      return this;
    }

    /**
     * Checks everything and builds.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public StellarSettings build() {
      List<String> problems = new ArrayList<>();
      boolean mainnet = MAINNET_PASSPHRASE.equals(networkPassphrase);
      HttpUrl horizon = url("horizon URL", horizonUrl, mainnet, true, problems);
      HttpUrl rpc = url("RPC URL", rpcUrl, mainnet, true, problems);
      HttpUrl friendbot = null;
      if (friendbotUrl != null && !friendbotUrl.isBlank()) {
        if (mainnet) {
          problems.add("friendbot URL is set but mainnet has no friendbot");
        } else {
          friendbot = url("friendbot URL", friendbotUrl, false, true, problems);
        }
      }
      if (networkPassphrase == null || networkPassphrase.isBlank()) {
        problems.add("network passphrase is required");
      }
      if (usdcCode == null || !usdcCode.matches("[A-Za-z0-9]{1,12}")) {
        problems.add("USDC asset code must be 1 to 12 letters or digits");
      }
      if (!isAccountId(usdcIssuer)) {
        problems.add("USDC issuer must be a valid G... account id");
      }
      String funding = null;
      if (fundingSecret == null) {
        problems.add("funding account secret is required");
      } else {
        funding = accountOf(fundingSecret);
        if (funding == null) {
          problems.add("funding account secret is not a valid secret seed");
        }
      }
      List<SecretSeed> candidates = new ArrayList<>(channelSecrets);
      if (derivedChannels < 0 || derivedChannels > 1000) {
        problems.add("derived channel count must be between 0 and 1000");
      } else if (funding != null) {
        for (int i = 0; i < derivedChannels; i++) {
          candidates.add(deriveChannel(fundingSecret, i));
        }
      }
      List<SecretSeed> channels = new ArrayList<>();
      List<String> channelIds = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < candidates.size(); i++) {
        SecretSeed seed = candidates.get(i);
        String id = seed == null ? null : accountOf(seed);
        if (id == null) {
          problems.add("channel secret #" + (i + 1) + " is not a valid secret seed");
        } else if (id.equals(funding) || !seen.add(id)) {
          problems.add("channel secret #" + (i + 1) + " repeats an account already configured (" + id + ")");
        } else {
          channels.add(copy(seed));
          channelIds.add(id);
        }
      }
      for (int i = channelSecrets.size(); i < candidates.size(); i++) {
        candidates.get(i).close();
      }
      if (platformAccount != null && !isAccountId(platformAccount)) {
        problems.add("platform account must be a valid G... account id");
      }
      if (maxFeeStroops < 100) {
        problems.add("max fee must be at least 100 stroops");
      }
      if (transactionTimeout == null || transactionTimeout.compareTo(Duration.ofSeconds(5)) < 0
          || transactionTimeout.compareTo(LONGEST_VALIDITY) > 0) {
        problems.add("transaction timeout must be between 5 seconds and 1 hour");
      }
      if (submitPollTimeout == null || submitPollTimeout.isNegative()) {
        problems.add("submit poll timeout must be zero or positive");
      }
      if (submitReadTimeout == null || submitReadTimeout.isNegative() || submitReadTimeout.isZero()) {
        problems.add("submit read timeout must be positive");
      }
      if (walletStartingBalanceXlm == null || !walletStartingBalanceXlm.matches("\\d{1,12}(\\.\\d{1,7})?")) {
        problems.add("wallet starting balance must be a decimal XLM amount such as 0 or 1.5");
      }
      if (leaseService == null) {
        problems.add("a lease service is required (channel and source accounts are leased)");
      }
      if (clock == null) {
        problems.add("clock is required");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid Stellar settings: " + String.join("; ", problems));
      }
      return new StellarSettings(this, horizon, rpc, friendbot, Objects.requireNonNull(funding), channels,
          channelIds);
    }

    private static HttpUrl url(String name, String value, boolean mainnet, boolean required, List<String> problems) {
      if (value == null || value.isBlank()) {
        if (required) {
          problems.add(name + " is required");
        }
        return null;
      }
      HttpUrl parsed = HttpUrl.parse(value);
      if (parsed == null) {
        problems.add(name + " is not an http(s) URL: " + value);
        return null;
      }
      if (mainnet && !parsed.isHttps()) {
        problems.add(name + " must use https on mainnet: " + value);
      }
      return parsed;
    }
  }
}

package com.offerhub.orchestrator.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's configuration, read from environment variables. {@link #fromEnv(Map)} checks every
 * variable and reports all problems at once; nothing is silently defaulted when a value is present
 * but wrong.
 */
public record ServerConfig(int port, String masterKey, Path dataDir, Database database, Mode mode,
    Provider paymentProvider, String walletEncryptionKey, String jwtSecret, int rateLimitPerMinute,
    int platformFeeBps, int serviceFeeBps, Duration ledgerInterval, Duration transactionTimeout, Duration syncWait,
    Duration sagaLease, Duration depositWatcherLease, String instanceName, int poolSize, Duration eventRetention,
    Duration heartbeat, Duration shutdownGrace, String trustlessWebhookSecret, StellarConfig stellar,
    WalletKeys walletKeys, AirtmConfig airtm) {

  /**
   * Wallet key versions besides {@code WALLET_ENCRYPTION_KEY}: its version number, older versions
   * still readable while the background job re-encrypts their rows, and the reference
   * implementation's key for its stored format. Never printed.
   */
  public record WalletKeys(int currentVersion, Map<Integer, String> olderKeys, String legacyKey) {
    @Override
    public String toString() {
      return "WalletKeys[current=v" + currentVersion + ", older=" + olderKeys.keySet() + ", legacy="
          + (legacyKey == null ? "unset" : "set") + "]";
    }
  }

  public enum Mode { SANDBOX, TESTNET, MAINNET }

  public enum Provider { CRYPTO, AIRTM }

  /** A PostgreSQL database; {@code null} in {@link ServerConfig#database()} means H2 under the data dir. */
  public record Database(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
      return "Database[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
  }

  /** Thrown when the environment is not a valid configuration; lists every problem. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ConfigException(List<String> problems) {
      super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  @Override
  public String toString() {
    return "ServerConfig[port=" + port + ", mode=" + mode + ", provider=" + paymentProvider + ", dataDir=" + dataDir
        + ", database=" + (database == null ? "H2 under the data dir" : database) + ", masterKey="
        + (masterKey == null ? "unset" : "set") + ", rateLimitPerMinute=" + rateLimitPerMinute
        + ", trustlessWebhookSecret=" + (trustlessWebhookSecret == null ? "unset" : "set")
        + ", " + walletKeys + (stellar == null ? "" : ", " + stellar) + (airtm == null ? "" : ", " + airtm) + "]";
  }

  public static ServerConfig fromEnv(Map<String, String> env) {
    Reader in = new Reader(env);
    int port = in.integer("PORT", 4000, 0, 65535);
    String masterKey = in.text("OFFERHUB_MASTER_KEY");
    if (masterKey != null && masterKey.length() < 16) {
      in.problem("OFFERHUB_MASTER_KEY must be at least 16 characters");
    }
    Path dataDir = Path.of(in.textOr("OFFERHUB_DATA_DIR", "./data"));
    Mode mode = in.choice("OFFERHUB_MODE", Mode.class, Mode.SANDBOX);
    Provider provider = in.choice("PAYMENT_PROVIDER", Provider.class, Provider.CRYPTO);
    Database database = in.database("DATABASE_URL");
    String walletKey = in.text("WALLET_ENCRYPTION_KEY");
    if (walletKey != null && !walletKey.matches("[0-9a-fA-F]{64}")) {
      in.problem("WALLET_ENCRYPTION_KEY must be 64 hex characters (a 256-bit AES key)");
    }
    String jwtSecret = in.text("OFFERHUB_JWT_SECRET");
    if (jwtSecret != null && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        < com.offerhub.orchestrator.server.http.Tokens.MIN_SECRET_BYTES) {
      in.problem(com.offerhub.orchestrator.server.http.Tokens.secretProblem(
          jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }
    WalletKeys walletKeys = in.walletKeys();
    int rateLimit = in.integer("RATE_LIMIT_PER_MINUTE", 100, 0, 1_000_000);
    int platformFee = in.integer("PLATFORM_FEE_BPS", 0, 0, 10_000);
    int serviceFee = in.integer("SANDBOX_SERVICE_FEE_BPS", 0, 0, 10_000);
    if (platformFee + serviceFee > 10_000) {
      in.problem("PLATFORM_FEE_BPS + SANDBOX_SERVICE_FEE_BPS must not exceed 10000");
    }
    Duration ledger = Duration.ofMillis(in.integer("SANDBOX_LEDGER_INTERVAL_MS", 250, 10, 60_000));
    Duration txTimeout = Duration.ofMillis(in.integer("SANDBOX_TX_TIMEOUT_MS", 30_000, 1_000, 600_000));
    Duration syncWait = Duration.ofMillis(in.integer("SYNC_WAIT_MS", 10_000, 0, 120_000));
    Duration lease = Duration.ofMillis(in.integer("SAGA_LEASE_MS", 30_000, 1_000, 600_000));
    // How long the instance that reads the chain for deposits stays the leader without renewing: after
    // a crash another instance takes the watch over within this time.
    Duration watcherLease = Duration.ofMillis(in.integer("DEPOSIT_WATCHER_LEASE_MS", 15_000, 1_000, 600_000));
    // Names the instance in its leases and logs (a pod or host name); a random suffix keeps two
    // instances given the same name apart, as two owners of one lease would both act on it.
    String instanceName = in.textOr("OFFERHUB_INSTANCE_NAME", "server");
    if (!instanceName.matches("[A-Za-z0-9._-]{1,48}")) {
      in.problem("OFFERHUB_INSTANCE_NAME must be 1 to 48 letters, digits, '.', '_' or '-'");
      instanceName = "server";
    }
    int pool = in.integer("DATABASE_POOL_SIZE", 10, 1, 200);
    Duration retention = Duration.ofHours(in.integer("EVENT_RETENTION_HOURS", 168, 1, 24 * 365));
    Duration heartbeat = Duration.ofMillis(in.integer("SSE_HEARTBEAT_MS", 30_000, 100, 600_000));
    Duration grace = Duration.ofMillis(in.integer("SHUTDOWN_GRACE_MS", 10_000, 0, 300_000));
    // Without it the Trustless Work webhook route does not exist (spec/05 §11).
    String trustlessSecret = in.text("TRUSTLESS_WEBHOOK_SECRET");
    if (trustlessSecret != null && trustlessSecret.length() < 16) {
      in.problem("TRUSTLESS_WEBHOOK_SECRET must be at least 16 characters");
    }
    StellarConfig stellar = null;
    if (mode != Mode.SANDBOX) {
      if (database == null) {
        in.problem("DATABASE_URL is required in " + mode.name().toLowerCase(Locale.ROOT) + " mode");
      }
      if (walletKey == null) {
        in.problem("WALLET_ENCRYPTION_KEY is required in " + mode.name().toLowerCase(Locale.ROOT) + " mode");
      }
      if (jwtSecret == null) {
        in.problem("OFFERHUB_JWT_SECRET is required in " + mode.name().toLowerCase(Locale.ROOT) + " mode");
      }
      if (masterKey == null) {
        in.problem("OFFERHUB_MASTER_KEY is required in " + mode.name().toLowerCase(Locale.ROOT) + " mode");
      }
      stellar = StellarConfig.read(mode == Mode.MAINNET, in::text, in::problem);
    }
    AirtmConfig airtm = provider == Provider.AIRTM ? AirtmConfig.read(mode != Mode.SANDBOX, in::text, in::problem)
        : null;
    if (!in.problems.isEmpty()) {
      throw new ConfigException(in.problems);
    }
    return new ServerConfig(port, masterKey, dataDir, database, mode, provider, walletKey, jwtSecret, rateLimit,
        platformFee, serviceFee, ledger, txTimeout, syncWait, lease, watcherLease, instanceName, pool, retention,
        heartbeat, grace, trustlessSecret, stellar, walletKeys, airtm);
  }

  /** Reads variables and collects problems. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    void problem(String text) {
      problems.add(text);
    }

    String text(String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? null : value.trim();
    }

    String textOr(String name, String fallback) {
      String value = text(name);
      return value == null ? fallback : value;
    }

    int integer(String name, int fallback, int min, int max) {
      String value = text(name);
      if (value == null) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
          problem(name + " must be between " + min + " and " + max + ", was " + value);
          return fallback;
        }
        return parsed;
      } catch (NumberFormatException e) {
        problem(name + " must be an integer, was '" + value + "'");
        return fallback;
      }
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
      String value = text(name);
      if (value == null) {
        return fallback;
      }
      for (E option : type.getEnumConstants()) {
        if (option.name().equalsIgnoreCase(value)) {
          return option;
        }
      }
      List<String> names = new ArrayList<>();
      for (E option : type.getEnumConstants()) {
        names.add(option.name().toLowerCase(Locale.ROOT));
      }
      problem(name + " must be one of " + names + ", was '" + value + "'");
      return fallback;
    }

    /**
     * {@code WALLET_ENCRYPTION_KEY_VERSION} (1), {@code WALLET_ENCRYPTION_OLD_KEYS} ({@code v:hex,...},
     * versions other than the current one) and {@code WALLET_LEGACY_ENCRYPTION_KEY} (64 hex). Values
     * are never echoed in a problem.
     */
    WalletKeys walletKeys() {
      int current = integer("WALLET_ENCRYPTION_KEY_VERSION", 1, 1, 1_000_000);
      Map<Integer, String> older = new java.util.TreeMap<>();
      String list = text("WALLET_ENCRYPTION_OLD_KEYS");
      if (list != null) {
        for (String item : list.split(",")) {
          String[] parts = item.trim().split(":", 2);
          Integer version = null;
          try {
            version = parts.length == 2 ? Integer.valueOf(parts[0].trim()) : null;
          } catch (NumberFormatException e) {
            version = null;
          }
          if (version == null || version < 1 || !parts[1].trim().matches("[0-9a-fA-F]{64}")) {
            problem("WALLET_ENCRYPTION_OLD_KEYS must be a comma-separated list of version:key, each key 64 hex "
                + "characters and each version a positive integer");
            break;
          }
          if (version == current || older.put(version, parts[1].trim()) != null) {
            problem("WALLET_ENCRYPTION_OLD_KEYS names version " + version + " twice (or the current version)");
            break;
          }
        }
      }
      String legacy = text("WALLET_LEGACY_ENCRYPTION_KEY");
      if (legacy != null && !legacy.matches("[0-9a-fA-F]{64}")) {
        problem("WALLET_LEGACY_ENCRYPTION_KEY must be 64 hex characters (the reference implementation's key)");
        legacy = null;
      }
      return new WalletKeys(current, Map.copyOf(older), legacy);
    }

    /** Accepts {@code postgresql://user:pass@host:port/db} (or postgres://) and {@code jdbc:postgresql://...}. */
    Database database(String name) {
      String value = text(name);
      if (value == null) {
        return null;
      }
      if (value.startsWith("jdbc:postgresql://")) {
        return new Database(value, text("DATABASE_USER"), text("DATABASE_PASSWORD"));
      }
      if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
        problem(name + " must start with postgresql:// or jdbc:postgresql://");
        return null;
      }
      try {
        URI uri = new URI(value);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
          problem(name + " must name a host and a database (postgresql://user:password@host:5432/db)");
          return null;
        }
        String user = text("DATABASE_USER");
        String password = text("DATABASE_PASSWORD");
        String info = uri.getRawUserInfo();
        if (info != null) {
          int colon = info.indexOf(':');
          user = decode(colon < 0 ? info : info.substring(0, colon));
          password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String url = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Database(url, user, password);
      } catch (URISyntaxException e) {
        problem(name + " is not a valid URL");
        return null;
      }
    }

    private static String decode(String text) {
      return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}

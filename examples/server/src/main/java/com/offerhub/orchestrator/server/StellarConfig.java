package com.offerhub.orchestrator.server;

import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings of the live modes (testnet, mainnet): where Horizon, Soroban RPC, friendbot and
 * Trustless Work are, which USDC counts, and the platform's funding key. Read by
 * {@link ServerConfig#fromEnv}; secrets never appear in {@link #toString()}.
 *
 * @param network {@code testnet} or {@code mainnet}
 * @param friendbotUrl null on mainnet (refused there) or when the operator funds the platform accounts
 * @param fundingSecret the S… seed of the account that sponsors wallets and pays every fee
 * @param channelCount platform-owned channel accounts (derived from the funding key) that carry
 *     platform-signed contract calls, so those are not one per ledger
 */
public record StellarConfig(String network, String passphrase, URI horizonUrl, URI rpcUrl, URI friendbotUrl,
    String usdcCode, String usdcIssuer, String fundingSecret, int channelCount, long maxFeeStroops,
    Duration transactionTimeout, URI trustlessUrl, String trustlessApiKey, Duration trustlessTimeout,
    int trustlessRequestsPerMinute, char contractVariant, String deployerContract, String trustlessFeeAddress,
    int platformFeeBps) {

  static final String TESTNET_PASSPHRASE = "Test SDF Network ; September 2015";
  static final String MAINNET_PASSPHRASE = "Public Global Stellar Network ; September 2015";
  static final String TESTNET_USDC = "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5";
  static final String MAINNET_USDC = "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";

  @Override
  public String toString() {
    return "StellarConfig[" + network + ", horizon=" + horizonUrl + ", rpc=" + rpcUrl + ", friendbot=" + friendbotUrl
        + ", usdc=" + usdcCode + ":" + usdcIssuer + ", channels=" + channelCount + ", maxFeeStroops=" + maxFeeStroops
        + ", trustless=" + trustlessUrl + ", variant=" + contractVariant + ", fundingSecret=***, trustlessApiKey=***]";
  }

  /** Reads the live-mode variables; every problem goes to {@code problems}, then null is returned. */
  static StellarConfig read(boolean mainnet, Function<String, String> env, Consumer<String> problems) {
    int[] count = {0};
    Consumer<String> problem = text -> {
      count[0]++;
      problems.accept(text);
    };
    String network = mainnet ? "mainnet" : "testnet";
    URI horizon = url(env, "STELLAR_HORIZON_URL", mainnet ? "https://horizon.stellar.org"
        : "https://horizon-testnet.stellar.org", mainnet, problem);
    URI rpc = url(env, "STELLAR_RPC_URL", mainnet ? null : "https://soroban-testnet.stellar.org", mainnet, problem);
    if (mainnet && rpc == null && env.apply("STELLAR_RPC_URL") == null) {
      problem.accept("STELLAR_RPC_URL is required in mainnet mode (a Soroban RPC provider of your choice)");
    }
    URI friendbot = null;
    if (mainnet) {
      if (env.apply("STELLAR_FRIENDBOT_URL") != null) {
        problem.accept("STELLAR_FRIENDBOT_URL must not be set in mainnet mode: mainnet has no friendbot; fund the "
            + "funding account yourself");
      }
    } else {
      friendbot = url(env, "STELLAR_FRIENDBOT_URL", "https://friendbot.stellar.org", false, problem);
    }
    String code = orDefault(env.apply("STELLAR_USDC_ASSET_CODE"), "USDC");
    if (!code.matches("[A-Za-z0-9]{1,4}")) {
      problem.accept("STELLAR_USDC_ASSET_CODE must be 1 to 4 letters or digits, was '" + code + "'");
    }
    String issuer = orDefault(env.apply("STELLAR_USDC_ISSUER"), mainnet ? MAINNET_USDC : TESTNET_USDC);
    if (!Keys.isAccountId(issuer)) {
      problem.accept("STELLAR_USDC_ISSUER must be a Stellar account id (G…, 56 characters, valid checksum)");
    }
    String funding = env.apply("STELLAR_FUNDING_SECRET");
    if (funding == null) {
      problem.accept("STELLAR_FUNDING_SECRET is required in " + network + " mode (the S… seed of the account that "
          + "sponsors wallets and pays fees)");
    } else if (!Keys.isSecretSeed(funding)) {
      problem.accept("STELLAR_FUNDING_SECRET must be a Stellar secret seed (S…, 56 characters, valid checksum)");
    }
    int channels = integer(env, "STELLAR_CHANNEL_ACCOUNTS", 8, 0, 256, problem);
    long maxFee = integer(env, "STELLAR_MAX_FEE_STROOPS", 2_000_000, 100, 100_000_000, problem);
    int timeout = integer(env, "STELLAR_TX_TIMEOUT_SECONDS", 60, 10, 3600, problem);
    URI trustless = url(env, "TRUSTLESS_API_URL", mainnet ? "https://api.trustlesswork.com"
        : "https://dev.api.trustlesswork.com", mainnet, problem);
    String apiKey = env.apply("TRUSTLESS_API_KEY");
    if (apiKey == null) {
      problem.accept("TRUSTLESS_API_KEY is required in " + network + " mode");
    }
    int twTimeout = integer(env, "TRUSTLESS_TIMEOUT_MS", 60_000, 1_000, 120_000, problem);
    int perMinute = integer(env, "TRUSTLESS_REQUESTS_PER_MINUTE", 50, 1, 10_000, problem);
    String variant = orDefault(env.apply("TRUSTLESS_CONTRACT_VARIANT"), "b").toLowerCase(Locale.ROOT);
    if (!variant.equals("a") && !variant.equals("b")) {
      problem.accept("TRUSTLESS_CONTRACT_VARIANT must be a or b, was '" + variant + "'");
    }
    String deployer = env.apply("TRUSTLESS_DEPLOYER_CONTRACT");
    if (deployer != null && !Keys.isContractId(deployer)) {
      problem.accept("TRUSTLESS_DEPLOYER_CONTRACT must be a contract id (C…, 56 characters, valid checksum)");
    }
    String feeAddress = env.apply("TRUSTLESS_FEE_ADDRESS");
    if (feeAddress != null && !Keys.isAccountId(feeAddress)) {
      problem.accept("TRUSTLESS_FEE_ADDRESS must be an account id (G…, 56 characters, valid checksum)");
    } else if (feeAddress != null && variant.equals("a")
        && !feeAddress.equals(TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS)) {
      problem.accept("TRUSTLESS_FEE_ADDRESS applies to contract variant b only: variant a pays the address fixed in "
          + "its code, " + TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS);
    }
    int platformFee = integer(env, "ESCROW_PLATFORM_FEE_BPS", 0, 0, 9_900, problem);
    if (count[0] != 0) {
      return null;
    }
    return new StellarConfig(network, mainnet ? MAINNET_PASSPHRASE : TESTNET_PASSPHRASE, horizon, rpc, friendbot, code,
        issuer, funding, channels, maxFee, Duration.ofSeconds(timeout), trustless, apiKey,
        Duration.ofMillis(twTimeout), perMinute, variant.charAt(0), deployer,
        feeAddress == null ? TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS : feeAddress, platformFee);
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static URI url(Function<String, String> env, String name, String fallback, boolean mainnet,
      Consumer<String> problem) {
    String value = orDefault(env.apply(name), fallback);
    if (value == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      problem.accept(name + " is not a valid URL");
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !List.of("http", "https").contains(scheme)) {
      problem.accept(name + " must be an http(s) URL with a host, was '" + value + "'");
      return null;
    }
    if (mainnet && scheme.equals("http")) {
      problem.accept(name + " must use https in mainnet mode");
      return null;
    }
    return uri;
  }

  private static int integer(Function<String, String> env, String name, int fallback, int min, int max,
      Consumer<String> problem) {
    String value = env.apply(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem.accept(name + " must be an integer between " + min + " and " + max + ", was '" + value + "'");
    return fallback;
  }
}

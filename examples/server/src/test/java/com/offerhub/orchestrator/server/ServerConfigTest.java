package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void defaultsAreTheZeroSetupSandbox() {
    ServerConfig config = ServerConfig.fromEnv(Map.of());
    assertEquals(4000, config.port());
    assertEquals(ServerConfig.Mode.SANDBOX, config.mode());
    assertEquals(ServerConfig.Provider.CRYPTO, config.paymentProvider());
    assertNull(config.database());
    assertEquals(100, config.rateLimitPerMinute());
    assertEquals(250, config.ledgerInterval().toMillis());
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        Map.of("PORT", "x", "OFFERHUB_MODE", "prod", "PAYMENT_PROVIDER", "paypal", "RATE_LIMIT_PER_MINUTE", "-1",
            "WALLET_ENCRYPTION_KEY", "short", "DATABASE_URL", "mysql://h/db", "OFFERHUB_MASTER_KEY", "tiny")));
    assertEquals(7, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("PORT") && e.getMessage().contains("PAYMENT_PROVIDER"));
  }

  @Test
  void databaseUrlsAreParsedAndPasswordsNeverPrinted() {
    ServerConfig config = ServerConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://app:s3cret@db:5433/offerhub"));
    assertEquals("jdbc:postgresql://db:5433/offerhub", config.database().jdbcUrl());
    assertEquals("app", config.database().user());
    assertEquals("s3cret", config.database().password());
    assertTrue(!config.toString().contains("s3cret") && !config.database().toString().contains("s3cret"));
  }

  /** Issue 8 item 13: the Trustless Work webhook secret is configuration, checked and never printed. */
  @Test
  void item13_trustlessWebhookSecretIsReadCheckedAndMasked() {
    assertNull(ServerConfig.fromEnv(Map.of()).trustlessWebhookSecret(), "unset: the route does not exist");
    ServerConfig config = ServerConfig.fromEnv(Map.of("TRUSTLESS_WEBHOOK_SECRET", "tw-secret-0123456789"));
    assertEquals("tw-secret-0123456789", config.trustlessWebhookSecret());
    assertTrue(!config.toString().contains("tw-secret-0123456789"), config::toString);
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        Map.of("TRUSTLESS_WEBHOOK_SECRET", "short")));
    assertTrue(e.getMessage().contains("TRUSTLESS_WEBHOOK_SECRET"), e.getMessage());
  }

  @Test
  void liveModesRefuseToStartWithoutWhatTheyNeed() {
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        Map.of("OFFERHUB_MODE", "testnet")));
    assertTrue(e.getMessage().contains("DATABASE_URL is required"), e.getMessage());
    assertTrue(e.getMessage().contains("STELLAR_FUNDING_SECRET is required"), e.getMessage());
    assertTrue(e.getMessage().contains("TRUSTLESS_API_KEY is required"), e.getMessage());
  }

  /** Issue 9 item 6: older key versions and the reference's key are configuration, checked and never printed. */
  @Test
  void item6_walletKeyVersionsAreReadCheckedAndMasked() {
    String old = "cd".repeat(32);
    String legacy = "ef".repeat(32);
    ServerConfig config = ServerConfig.fromEnv(Map.of("WALLET_ENCRYPTION_KEY", "ab".repeat(32),
        "WALLET_ENCRYPTION_KEY_VERSION", "2", "WALLET_ENCRYPTION_OLD_KEYS", "1:" + old,
        "WALLET_LEGACY_ENCRYPTION_KEY", legacy));
    assertEquals(2, config.walletKeys().currentVersion());
    assertEquals(Map.of(1, old), config.walletKeys().olderKeys());
    assertEquals(legacy, config.walletKeys().legacyKey());
    assertTrue(!config.toString().contains(old) && !config.toString().contains(legacy), config::toString);
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        Map.of("WALLET_ENCRYPTION_OLD_KEYS", "x:" + old, "WALLET_LEGACY_ENCRYPTION_KEY", "abc")));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(!e.getMessage().contains(old), "a key is never echoed");
  }

  /**
   * Issue 9: several instances on one database. The leases that decide when a survivor takes over a
   * dead instance's work are settings, and each instance is named in its leases and logs by
   * {@code OFFERHUB_INSTANCE_NAME} plus a random suffix (two instances given one name stay apart).
   */
  @Test
  void item9_leasesAndTheInstanceNameAreSettingsAndTwoInstancesNeverShareAnId() {
    ServerConfig defaults = ServerConfig.fromEnv(Map.of());
    assertEquals(java.time.Duration.ofSeconds(30), defaults.sagaLease());
    assertEquals(java.time.Duration.ofSeconds(15), defaults.depositWatcherLease());
    assertEquals("server", defaults.instanceName());
    ServerConfig set = ServerConfig.fromEnv(Map.of("SAGA_LEASE_MS", "5000", "DEPOSIT_WATCHER_LEASE_MS", "3000",
        "OFFERHUB_INSTANCE_NAME", "pod-7.eu_west"));
    assertEquals(java.time.Duration.ofSeconds(5), set.sagaLease());
    assertEquals(java.time.Duration.ofSeconds(3), set.depositWatcherLease());
    assertEquals("pod-7.eu_west", set.instanceName());
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        Map.of("DEPOSIT_WATCHER_LEASE_MS", "500", "OFFERHUB_INSTANCE_NAME", "pod 7/x")));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("DEPOSIT_WATCHER_LEASE_MS") && e.getMessage().contains("OFFERHUB_INSTANCE_NAME"),
        e.getMessage());
    try (ServerHarness one = ServerHarness.start(ServerHarness.Db.H2, Map.of("OFFERHUB_INSTANCE_NAME", "pod-7"));
        ServerHarness two = ServerHarness.start(ServerHarness.Db.H2, Map.of("OFFERHUB_INSTANCE_NAME", "pod-7"))) {
      String first = one.server().engine().instanceId();
      String second = two.server().engine().instanceId();
      assertTrue(first.startsWith("pod-7-") && second.startsWith("pod-7-"), first + " / " + second);
      assertTrue(!first.equals(second), "one name, two owners of leases");
    }
  }

  private static final String FUNDING = "SA3L2DOX3KGZBEDCXJGVGQFCBEEID63YASBZLCRPRZZNFHY476FRSE3L";

  private static Map<String, String> live(String mode, String... more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("OFFERHUB_MODE", mode,
        "DATABASE_URL", "postgresql://u:p@db:5432/offerhub", "WALLET_ENCRYPTION_KEY", "ab".repeat(32),
        "OFFERHUB_JWT_SECRET", "j".repeat(40), "OFFERHUB_MASTER_KEY", "m".repeat(20),
        "STELLAR_FUNDING_SECRET", FUNDING, "TRUSTLESS_API_KEY", "tw-key-123"));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  /** Issue 9 item 8: testnet needs only the funding key and the API key; the rest defaults to the public services. */
  @Test
  void item8_testnetDefaultsToThePublicServicesAndMasksItsSecrets() {
    StellarConfig stellar = ServerConfig.fromEnv(live("testnet")).stellar();
    assertEquals("Test SDF Network ; September 2015", stellar.passphrase());
    assertEquals("https://horizon-testnet.stellar.org", stellar.horizonUrl().toString());
    assertEquals("https://soroban-testnet.stellar.org", stellar.rpcUrl().toString());
    assertEquals("https://friendbot.stellar.org", stellar.friendbotUrl().toString());
    assertEquals("https://dev.api.trustlesswork.com", stellar.trustlessUrl().toString());
    assertEquals("GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5", stellar.usdcIssuer());
    assertEquals('b', stellar.contractVariant());
    assertEquals(50, stellar.trustlessRequestsPerMinute());
    String printed = ServerConfig.fromEnv(live("testnet")).toString();
    assertTrue(!printed.contains(FUNDING) && !printed.contains("tw-key-123"), printed);
  }

  /** Issue 9 item 8: the standalone simulator needs only its URLs (plain http on testnet) and its API key. */
  @Test
  void item8_testnetPointsAtTheSimulatorByUrlsAlone() {
    StellarConfig stellar = ServerConfig.fromEnv(live("testnet", "STELLAR_HORIZON_URL", "http://127.0.0.1:8000",
        "STELLAR_RPC_URL", "http://127.0.0.1:8000/rpc", "STELLAR_FRIENDBOT_URL", "http://127.0.0.1:8000/friendbot",
        "TRUSTLESS_API_URL", "http://127.0.0.1:8000/tw", "TRUSTLESS_API_KEY", "simulator-key")).stellar();
    assertEquals("http://127.0.0.1:8000/rpc", stellar.rpcUrl().toString());
    assertEquals("simulator-key", stellar.trustlessApiKey());
  }

  /** Issue 9: contract [B] names Trustless Work's fee address in release and resolve; [A] has its own built in. */
  @Test
  void item9_theFeeAddressIsSetForVariantBAndRefusedWhereItCannotApply() {
    String other = "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";
    assertEquals(com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS,
        ServerConfig.fromEnv(live("testnet")).stellar().trustlessFeeAddress());
    assertEquals(other, ServerConfig.fromEnv(live("testnet", "TRUSTLESS_FEE_ADDRESS", other)).stellar()
        .trustlessFeeAddress());
    ServerConfig.ConfigException forA = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        live("testnet", "TRUSTLESS_FEE_ADDRESS", other, "TRUSTLESS_CONTRACT_VARIANT", "a")));
    assertTrue(forA.getMessage().contains("TRUSTLESS_FEE_ADDRESS applies to contract variant b only"),
        forA.getMessage());
    ServerConfig.ConfigException malformed = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig
        .fromEnv(live("testnet", "TRUSTLESS_FEE_ADDRESS", "GNOPE")));
    assertTrue(malformed.getMessage().contains("TRUSTLESS_FEE_ADDRESS must be an account id"), malformed.getMessage());
  }

  /** Issue 9 item 8: every problem is named at once. */
  @Test
  void item8_everyLiveProblemIsNamedAtOnce() {
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        live("testnet", "STELLAR_USDC_ISSUER", "GNOTAKEY", "STELLAR_FUNDING_SECRET", "SNOTASEED",
            "STELLAR_HORIZON_URL", "ftp://x", "TRUSTLESS_CONTRACT_VARIANT", "c", "STELLAR_MAX_FEE_STROOPS", "-1",
            "TRUSTLESS_DEPLOYER_CONTRACT", "CNOPE")));
    assertEquals(6, e.problems().size(), e.getMessage());
    assertTrue(!e.getMessage().contains("SNOTASEED"), "a rejected seed is not echoed");
  }

  /** Issue 9 item 8: mainnet refuses friendbot and plain-http URLs and needs a Soroban RPC. */
  @Test
  void item8_mainnetRefusesFriendbotAndPlainHttp() {
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        live("mainnet", "STELLAR_FRIENDBOT_URL", "https://friendbot.stellar.org",
            "STELLAR_HORIZON_URL", "http://horizon.example", "TRUSTLESS_API_URL", "http://tw.example")));
    assertTrue(e.getMessage().contains("STELLAR_FRIENDBOT_URL must not be set in mainnet"), e.getMessage());
    assertTrue(e.getMessage().contains("STELLAR_HORIZON_URL must use https"), e.getMessage());
    assertTrue(e.getMessage().contains("TRUSTLESS_API_URL must use https"), e.getMessage());
    assertTrue(e.getMessage().contains("STELLAR_RPC_URL is required in mainnet"), e.getMessage());
    StellarConfig ok = ServerConfig.fromEnv(live("mainnet", "STELLAR_RPC_URL", "https://rpc.example")).stellar();
    assertNull(ok.friendbotUrl());
    assertEquals("Public Global Stellar Network ; September 2015", ok.passphrase());
    assertEquals("GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN", ok.usdcIssuer());
  }

  private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** Issue 10 item 5: AirTM outside the sandbox fails to start, naming every missing setting at once. */
  @Test
  void item10_airtmOutsideTheSandboxNamesEveryMissingSetting() {
    ServerConfig.ConfigException e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromEnv(
        live("testnet", "PAYMENT_PROVIDER", "airtm")));
    for (String name : new String[] {"AIRTM_API_KEY", "AIRTM_API_SECRET", "AIRTM_WEBHOOK_SECRET", "PUBLIC_BASE_URL"}) {
      assertTrue(e.getMessage().contains(name + " is required"), e.getMessage());
    }
    assertEquals(4, e.problems().size(), e.getMessage());
    ServerConfig.ConfigException malformed = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig
        .fromEnv(live("testnet", "PAYMENT_PROVIDER", "airtm", "AIRTM_API_KEY", "k", "AIRTM_API_SECRET", "s",
            "AIRTM_WEBHOOK_SECRET", "not-a-whsec", "PUBLIC_BASE_URL", "https://market.example", "AIRTM_ENV", "staging",
            "AIRTM_CHECKOUT_URL_TEMPLATE", "https://app.airtm.com/payin", "TREASURY_LOW_BALANCE", "lots")));
    assertEquals(4, malformed.problems().size(), malformed.getMessage());
    assertTrue(malformed.getMessage().contains("AIRTM_ENV must be sandbox, production or prod"));
    assertTrue(!malformed.getMessage().contains("not-a-whsec"), "a rejected secret is not echoed");
  }

  @Test
  void item10_airtmSettingsAreReadAndSecretsMasked() {
    ServerConfig config = ServerConfig.fromEnv(live("testnet", "PAYMENT_PROVIDER", "airtm", "AIRTM_API_KEY",
        "key-123", "AIRTM_API_SECRET", "secret-456", "AIRTM_WEBHOOK_SECRET", WHSEC, "PUBLIC_BASE_URL",
        "https://market.example", "AIRTM_ENV", "prod", "TREASURY_LOW_BALANCE", "500.00"));
    AirtmConfig airtm = config.airtm();
    assertEquals("production", airtm.environment());
    assertEquals("https://api.enterprise.airtm.com/v2", airtm.apiUrl().toString());
    assertEquals("https://app.airtm.com/payin/{id}", airtm.checkoutUrlTemplate());
    assertEquals("500.00", airtm.treasuryLowBalance().format());
    assertEquals(false, airtm.simulated());
    String printed = config.toString();
    assertTrue(!printed.contains("key-123") && !printed.contains("secret-456") && !printed.contains(WHSEC), printed);
    assertEquals("http://127.0.0.1:8000/airtm/v2", ServerConfig.fromEnv(live("testnet", "PAYMENT_PROVIDER", "airtm",
        "AIRTM_API_KEY", "k", "AIRTM_API_SECRET", "s", "AIRTM_WEBHOOK_SECRET", WHSEC, "PUBLIC_BASE_URL",
        "http://127.0.0.1:4000", "AIRTM_API_URL", "http://127.0.0.1:8000/airtm/v2")).airtm().apiUrl().toString());
    assertTrue(ServerConfig.fromEnv(Map.of("PAYMENT_PROVIDER", "airtm")).airtm().simulated(), "sandbox: in process");
    assertNull(ServerConfig.fromEnv(Map.of()).airtm(), "crypto: no AirTM settings at all");
  }
}

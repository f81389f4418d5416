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
    assertTrue(e.getMessage().contains("orchestrator-stellar"), e.getMessage());
  }
}

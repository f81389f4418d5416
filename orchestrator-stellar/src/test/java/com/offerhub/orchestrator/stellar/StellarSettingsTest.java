package com.offerhub.orchestrator.stellar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.KeyPair;

class StellarSettingsTest {
  private final Fixtures fixtures = new Fixtures();

  @Test
  void everyProblemIsNamedAtOnce() {
    String badSeed = "S" + "B".repeat(55);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StellarSettings.builder()
        .horizonUrl("http://horizon.example")
        .rpcUrl("not a url")
        .friendbotUrl("https://friendbot.example")
        .networkPassphrase(StellarSettings.MAINNET_PASSPHRASE)
        .usdc("USDC", "GA5Z")
        .fundingSecret(SecretSeed.of(badSeed))
        .maxFeeStroops(50)
        .transactionTimeout(Duration.ofHours(2))
        .build());
    String message = e.getMessage();
    for (String expected : List.of("horizon URL must use https on mainnet", "RPC URL is not an http(s) URL",
        "friendbot URL is set but mainnet has no friendbot", "USDC issuer must be a valid G... account id",
        "funding account secret is not a valid secret seed", "max fee must be at least 100 stroops",
        "transaction timeout must be between 5 seconds and 1 hour", "a lease service is required")) {
      assertTrue(message.contains(expected), expected + " missing from: " + message);
    }
    assertFalse(message.contains(badSeed));
  }

  @Test
  void aChannelRepeatingTheFundingAccountIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fixtures.settings("http://h/", "http://r/")
            .channelSecrets(List.of(Fixtures.seed(fixtures.channel), Fixtures.seed(fixtures.funding))).build());
    assertTrue(e.getMessage().contains("channel secret #2 repeats an account already configured"), e.getMessage());
  }

  @Test
  void secretsAreCopiedSoTheCallerMayWipeTheirs() {
    SecretSeed mine = Fixtures.seed(fixtures.channel);
    StellarSettings settings = fixtures.settings("http://h/", "http://r/").channelSecrets(List.of(mine)).build();
    mine.close();
    assertEquals(List.of(fixtures.channel.getAccountId()), settings.channelAccounts());
    char[] kept = settings.channelSecret(fixtures.channel.getAccountId()).reveal();
    assertEquals(fixtures.channel.getAccountId(), KeyPair.fromSecretSeed(kept).getAccountId());
    assertEquals(fixtures.funding.getAccountId(), settings.platformAccount(), "the platform defaults to the funding account");
  }

  @Test
  void channelsDerivedFromTheFundingKeyAreStableAndDistinct() {
    StellarSettings one = fixtures.settings("http://h/", "http://r/").channelsDerivedFromFunding(3).build();
    StellarSettings again = fixtures.settings("http://h/", "http://r/").channelsDerivedFromFunding(3).build();
    assertEquals(3, one.channelAccounts().size());
    assertEquals(one.channelAccounts(), again.channelAccounts(), "a restart finds the same channels");
    assertEquals(3, new java.util.HashSet<>(one.channelAccounts()).size());
    assertFalse(one.channelAccounts().contains(fixtures.funding.getAccountId()));
    Fixtures otherPlatform = new Fixtures();
    StellarSettings other = otherPlatform.settings("http://h/", "http://r/").channelsDerivedFromFunding(3).build();
    assertFalse(other.channelAccounts().contains(one.channelAccounts().get(0)));
    for (String channel : one.channelAccounts()) {
      assertEquals(channel, KeyPair.fromSecretSeed(one.channelSecret(channel).reveal()).getAccountId());
    }
  }
}

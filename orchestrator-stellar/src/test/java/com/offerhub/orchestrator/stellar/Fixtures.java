package com.offerhub.orchestrator.stellar;

import com.offerhub.orchestrator.spi.chain.SecretSeed;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.stellar.sdk.AssetTypeCreditAlphaNum4;
import org.stellar.sdk.KeyPair;

/** Keys and settings shared by the unit and wire tests. */
final class Fixtures {
  static final String ISSUER = "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5";
  static final AssetTypeCreditAlphaNum4 USDC = new AssetTypeCreditAlphaNum4("USDC", ISSUER);
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final KeyPair funding = KeyPair.random();
  final KeyPair channel = KeyPair.random();

  StellarSettings.Builder settings(String horizon, String rpc) {
    return StellarSettings.builder()
        .horizonUrl(horizon)
        .rpcUrl(rpc)
        .networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", ISSUER)
        .fundingSecret(seed(funding))
        .leaseService(new LocalLeases(CLOCK))
        .clock(CLOCK);
  }

  /** Settings whose URLs are never called (signing and checks happen offline). */
  StellarSettings offline() {
    return settings("http://127.0.0.1:9/", "http://127.0.0.1:9/rpc").build();
  }

  static SecretSeed seed(KeyPair keys) {
    return new SecretSeed(keys.getSecretSeed());
  }

  static String seedText(KeyPair keys) {
    return new String(keys.getSecretSeed());
  }
}

package com.offerhub.orchestrator.server;

import com.offerhub.orchestrator.airtm.AirtmPaymentProvider;
import com.offerhub.orchestrator.airtm.AirtmSettings;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.stellar.StellarNetwork;
import com.offerhub.orchestrator.stellar.trustless.ContractVariant;
import java.time.Clock;
import java.time.Duration;

/**
 * The live adapters of testnet and mainnet, from the server's configuration: Stellar and Trustless
 * Work ({@link StellarNetwork}), and AirTM with {@code PAYMENT_PROVIDER=airtm}; their rate limits
 * and channel-account leases are shared with the other instances through the database.
 */
final class LiveNetwork {
  private LiveNetwork() {}

  /**
   * The AirTM adapter of {@code PAYMENT_PROVIDER=airtm}: AirTM's 10 requests a second per key are
   * shared by every instance through the database, as Trustless Work's limit is.
   */
  static PaymentProvider airtm(AirtmConfig airtm, Storage storage, Clock clock) {
    AirtmSettings settings = new AirtmSettings(AirtmSettings.Environment.parse(airtm.environment()), airtm.apiKey(),
        airtm.apiSecret(), airtm.apiUrl().toString(), airtm.checkoutUrlTemplate(), airtm.publicBaseUrl().toString(),
        null, null, 0);
    RateLimiter limiter = StorageRateLimiter.of(storage, "airtm:" + StorageRateLimiter.keyId(airtm.apiKey()),
        settings.requestsPerSecond(), Duration.ofSeconds(1), clock);
    return new AirtmPaymentProvider(settings, limiter);
  }

  /** Connects to the configured network (see {@link StellarNetwork#connect}). */
  static StellarNetwork stellar(StellarConfig stellar, Storage storage, Clock clock, String instanceId) {
    StellarNetwork.Config config = new StellarNetwork.Config(stellar.horizonUrl().toString(),
        stellar.rpcUrl().toString(), stellar.friendbotUrl() == null ? null : stellar.friendbotUrl().toString(),
        stellar.passphrase(), stellar.usdcCode(), stellar.usdcIssuer(), stellar.maxFeeStroops(),
        stellar.transactionTimeout(), stellar.channelCount(), stellar.trustlessUrl().toString(),
        stellar.trustlessApiKey(), stellar.trustlessTimeout(), stellar.trustlessRequestsPerMinute(),
        stellar.contractVariant() == 'a' ? ContractVariant.A : ContractVariant.B, stellar.trustlessFeeAddress(),
        stellar.deployerContract());
    return StellarNetwork.connect(config, stellar.fundingSecret(), storage, clock, instanceId);
  }
}

package com.offerhub.orchestrator.server;

import com.offerhub.orchestrator.airtm.AirtmPaymentProvider;
import com.offerhub.orchestrator.airtm.AirtmSettings;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.stellar.trustless.ContractVariant;
import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkV1Client;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import okhttp3.OkHttpClient;
import org.stellar.sdk.Network;

/**
 * Testnet or mainnet: the Stellar chain adapter on Horizon and Soroban RPC and the Trustless Work
 * gateway, coordinated with the other instances through the database (channel-account leases, the
 * Trustless Work rate limit).
 */
final class LiveNetwork implements AutoCloseable {
  private final StellarChainAdapter chain;
  private final TrustlessEscrowGateway escrow;
  private final LeaseService leases;
  private final OkHttpClient http;

  private LiveNetwork(StellarChainAdapter chain, TrustlessEscrowGateway escrow, LeaseService leases,
      OkHttpClient http) {
    this.chain = chain;
    this.escrow = escrow;
    this.leases = leases;
    this.http = http;
  }

  /**
   * The AirTM adapter of {@code PAYMENT_PROVIDER=airtm}: AirTM's 10 requests a second per key are
   * shared by every instance through the database, as Trustless Work's limit is.
   */
  static PaymentProvider airtm(AirtmConfig airtm, Storage storage, Clock clock) {
    AirtmSettings settings = new AirtmSettings(AirtmSettings.Environment.parse(airtm.environment()), airtm.apiKey(),
        airtm.apiSecret(), airtm.apiUrl().toString(), airtm.checkoutUrlTemplate(), airtm.publicBaseUrl().toString(),
        null, null, 0);
    RateLimiter limiter = StorageRateLimiter.of(storage, "airtm:" + keyId(airtm.apiKey()),
        settings.requestsPerSecond(), Duration.ofSeconds(1), clock);
    return new AirtmPaymentProvider(settings, limiter);
  }

  /**
   * Builds the adapters, checks that Horizon serves the configured network, and makes sure the
   * funding account and the channel accounts exist (friendbot funds the funding account on testnet).
   */
  static LiveNetwork connect(StellarConfig stellar, Storage storage, Clock clock, String instanceId) {
    LeaseService leases = StorageLeaseService.of(storage, clock);
    RateLimiter limiter = StorageRateLimiter.of(storage, "trustless-work:" + keyId(stellar.trustlessApiKey()),
        stellar.trustlessRequestsPerMinute(), Duration.ofMinutes(1), clock);
    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30)).build();
    StellarSettings.Builder settings = StellarSettings.builder().horizonUrl(stellar.horizonUrl().toString())
        .rpcUrl(stellar.rpcUrl().toString()).networkPassphrase(stellar.passphrase())
        .usdc(stellar.usdcCode(), stellar.usdcIssuer()).maxFeeStroops(stellar.maxFeeStroops())
        .transactionTimeout(stellar.transactionTimeout()).leaseService(leases).httpClient(http).clock(clock)
        .instanceId(instanceId).channelsDerivedFromFunding(stellar.channelCount());
    if (stellar.friendbotUrl() != null) {
      settings.friendbotUrl(stellar.friendbotUrl().toString());
    }
    StellarChainAdapter chain;
    try (SecretSeed funding = SecretSeed.of(stellar.fundingSecret())) {
      chain = StellarChainAdapter.create(settings.fundingSecret(funding).build());
    }
    chain.preparePlatformAccounts();
    TrustlessWorkV1Client client = TrustlessWorkV1Client.builder().baseUrl(stellar.trustlessUrl().toString())
        .apiKey(stellar.trustlessApiKey()).timeout(stellar.trustlessTimeout()).httpClient(http).rateLimiter(limiter)
        .build();
    TrustlessEscrowGateway.Builder escrow = TrustlessEscrowGateway.builder().client(client)
        .network(new Network(stellar.passphrase())).sorobanRpcUrl(stellar.rpcUrl().toString()).httpClient(http)
        .variant(stellar.contractVariant() == 'a' ? ContractVariant.A : ContractVariant.B)
        .serviceFeeAddress(stellar.trustlessFeeAddress()).usdcIssuer(stellar.usdcIssuer())
        .maxFeeStroops(stellar.maxFeeStroops()).clock(clock);
    if (stellar.deployerContract() != null) {
      escrow.deployerContract(stellar.deployerContract());
    }
    return new LiveNetwork(chain, escrow.build(), leases, http);
  }

  /** After the engine created the platform user: platform-signed contract calls go through channels. */
  void useEngine(OrchestratorEngine engine, User platform) {
    chain.usePlatformAccount(engine.wallets().get(platform.id()).publicKey());
  }

  StellarChainAdapter chain() {
    return chain;
  }

  TrustlessEscrowGateway escrow() {
    return escrow;
  }

  LeaseService leases() {
    return leases;
  }

  @Override
  public void close() {
    chain.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** A short, stable id of an API key for the limiter's row: never the key itself. */
  private static String keyId(String apiKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

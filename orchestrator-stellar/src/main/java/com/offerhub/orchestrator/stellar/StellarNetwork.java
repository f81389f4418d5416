package com.offerhub.orchestrator.stellar;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.stellar.trustless.ContractVariant;
import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkV1Client;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.stellar.sdk.Network;

/**
 * An engine's connection to one Stellar network (testnet or mainnet): the chain adapter on Horizon
 * and Soroban RPC and the Trustless Work gateway on one HTTP client, coordinated with the engine's
 * other instances through its storage (channel-account leases, the Trustless Work rate limit). The
 * example server and the Spring Boot starter both wire their adapters with it.
 *
 * <pre>{@code
 * StellarNetwork stellar = StellarNetwork.connect(config, fundingSecret, storage, clock, "instance-1");
 * OrchestratorEngine engine = OrchestratorEngine.builder().storage(storage).chain(stellar.chain())
 *     .escrow(stellar.escrow()).leases(stellar.leases())...build();
 * User platform = engine.initialize();
 * stellar.usePlatformAccount(engine, platform);
 * }</pre>
 */
public final class StellarNetwork implements AutoCloseable {
  private final StellarChainAdapter chain;
  private final TrustlessEscrowGateway escrow;
  private final LeaseService leases;
  private final OkHttpClient http;

  /**
   * Checked settings (the host validates and names its own configuration keys).
   *
   * @param friendbotUrl null on mainnet: the funding account must exist already
   * @param channelAccounts channel accounts derived from the funding secret, for platform-signed calls
   * @param trustlessRequestsPerMinute Trustless Work's limit for the API key, shared by every instance
   * @param deployerContract null: the gateway's default deployer for the variant
   */
  public record Config(String horizonUrl, String rpcUrl, String friendbotUrl, String networkPassphrase,
      String usdcCode, String usdcIssuer, long maxFeeStroops, Duration transactionTimeout, int channelAccounts,
      String trustlessUrl, String trustlessApiKey, Duration trustlessTimeout, int trustlessRequestsPerMinute,
      ContractVariant contractVariant, String serviceFeeAddress, String deployerContract) {
    public Config {
      Objects.requireNonNull(horizonUrl, "horizonUrl");
      Objects.requireNonNull(rpcUrl, "rpcUrl");
      Objects.requireNonNull(networkPassphrase, "networkPassphrase");
      Objects.requireNonNull(usdcIssuer, "usdcIssuer");
      Objects.requireNonNull(trustlessUrl, "trustlessUrl");
      Objects.requireNonNull(trustlessApiKey, "trustlessApiKey");
      Objects.requireNonNull(contractVariant, "contractVariant");
      Objects.requireNonNull(serviceFeeAddress, "serviceFeeAddress");
    }

    @Override
    public String toString() {
      return "Config[horizonUrl=" + horizonUrl + ", rpcUrl=" + rpcUrl + ", trustlessUrl=" + trustlessUrl
          + ", trustlessApiKey=***, contractVariant=" + contractVariant + "]";
    }
  }

  private StellarNetwork(StellarChainAdapter chain, TrustlessEscrowGateway escrow, LeaseService leases,
      OkHttpClient http) {
    this.chain = chain;
    this.escrow = escrow;
    this.leases = leases;
    this.http = http;
  }

  /**
   * Builds the adapters, checks that Horizon serves the configured network, and makes sure the
   * funding account and the channel accounts exist (friendbot funds the funding account where there
   * is one). The funding secret is held only while the adapter is built.
   */
  public static StellarNetwork connect(Config config, String fundingSecret, Storage storage, Clock clock,
      String instanceId) {
    LeaseService leases = StorageLeaseService.of(storage, clock);
    RateLimiter limiter = StorageRateLimiter.of(storage, "trustless-work:" + StorageRateLimiter.keyId(config.trustlessApiKey()),
        config.trustlessRequestsPerMinute(), Duration.ofMinutes(1), clock);
    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30)).build();
    StellarSettings.Builder settings = StellarSettings.builder().horizonUrl(config.horizonUrl())
        .rpcUrl(config.rpcUrl()).networkPassphrase(config.networkPassphrase())
        .usdc(config.usdcCode(), config.usdcIssuer()).maxFeeStroops(config.maxFeeStroops())
        .transactionTimeout(config.transactionTimeout()).leaseService(leases).httpClient(http).clock(clock)
        .instanceId(instanceId).channelsDerivedFromFunding(config.channelAccounts());
    if (config.friendbotUrl() != null) {
      settings.friendbotUrl(config.friendbotUrl());
    }
    StellarChainAdapter chain;
    try (SecretSeed funding = SecretSeed.of(fundingSecret)) {
      chain = StellarChainAdapter.create(settings.fundingSecret(funding).build());
    }
    chain.preparePlatformAccounts();
    TrustlessWorkV1Client client = TrustlessWorkV1Client.builder().baseUrl(config.trustlessUrl())
        .apiKey(config.trustlessApiKey()).timeout(config.trustlessTimeout()).httpClient(http).rateLimiter(limiter)
        .build();
    TrustlessEscrowGateway.Builder escrow = TrustlessEscrowGateway.builder().client(client)
        .network(new Network(config.networkPassphrase())).sorobanRpcUrl(config.rpcUrl()).httpClient(http)
        .variant(config.contractVariant()).serviceFeeAddress(config.serviceFeeAddress())
        .usdcIssuer(config.usdcIssuer()).maxFeeStroops(config.maxFeeStroops()).clock(clock);
    if (config.deployerContract() != null) {
      escrow.deployerContract(config.deployerContract());
    }
    return new StellarNetwork(chain, escrow.build(), leases, http);
  }

  /** After the engine created its platform user: platform-signed contract calls go through channels. */
  public void usePlatformAccount(OrchestratorEngine engine, User platform) {
    chain.usePlatformAccount(engine.wallets().get(platform.id()).publicKey());
  }

  public StellarChainAdapter chain() {
    return chain;
  }

  public TrustlessEscrowGateway escrow() {
    return escrow;
  }

  /** Channel-account leases through the storage; give the engine the same service. */
  public LeaseService leases() {
    return leases;
  }

  @Override
  public void close() {
    chain.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}

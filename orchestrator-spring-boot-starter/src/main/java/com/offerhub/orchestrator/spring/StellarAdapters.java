package com.offerhub.orchestrator.spring;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.StrKey;

/**
 * Testnet and mainnet: the Stellar chain adapter on Horizon and Soroban RPC and the Trustless Work
 * gateway, coordinated with the other instances through the database (channel-account leases, the
 * Trustless Work rate limit). Once the engine has its platform user, the platform's contract calls
 * go out on channel accounts. Closed with the application context.
 */
final class StellarAdapters implements OrchestratorInitializer, AutoCloseable {
  static final String TESTNET_PASSPHRASE = "Test SDF Network ; September 2015";
  static final String MAINNET_PASSPHRASE = "Public Global Stellar Network ; September 2015";
  static final String TESTNET_USDC = "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5";
  static final String MAINNET_USDC = "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";

  private final StellarChainAdapter chain;
  private final TrustlessEscrowGateway escrow;
  private final LeaseService leases;
  private final OkHttpClient http;

  private StellarAdapters(StellarChainAdapter chain, TrustlessEscrowGateway escrow, LeaseService leases,
      OkHttpClient http) {
    this.chain = chain;
    this.escrow = escrow;
    this.leases = leases;
    this.http = http;
  }

  /**
   * Checks the keys (their values never appear in a message), builds the adapters, and makes sure
   * the funding account and the channel accounts exist (friendbot funds the funding account on
   * testnet).
   */
  static StellarAdapters connect(OfferhubProperties properties, Storage storage, Clock clock, String instanceId) {
    boolean mainnet = properties.getMode() == OfferhubProperties.Mode.MAINNET;
    OfferhubProperties.Stellar stellar = properties.getStellar();
    OfferhubProperties.Trustless trustless = properties.getTrustless();
    String issuer = stellar.getUsdcIssuer() != null ? stellar.getUsdcIssuer() : mainnet ? MAINNET_USDC : TESTNET_USDC;
    String variant = trustless.getContractVariant().toLowerCase(Locale.ROOT);
    String feeAddress = trustless.getFeeAddress() != null ? trustless.getFeeAddress()
        : TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS;
    List<String> problems = new ArrayList<>();
    if (!isAccountId(issuer)) {
      problems.add("offerhub.stellar.usdc-issuer must be a Stellar account id (G..., 56 characters, valid checksum)");
    }
    if (!isSecretSeed(stellar.getFundingSecret())) {
      problems.add("offerhub.stellar.funding-secret must be a Stellar secret seed (S..., 56 characters, valid "
          + "checksum)");
    }
    if (trustless.getDeployerContract() != null && !isContractId(trustless.getDeployerContract())) {
      problems.add("offerhub.trustless.deployer-contract must be a contract id (C..., 56 characters, valid checksum)");
    }
    if (!isAccountId(feeAddress)) {
      problems.add("offerhub.trustless.fee-address must be an account id (G..., 56 characters, valid checksum)");
    } else if (variant.equals("a") && !feeAddress.equals(TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS)) {
      problems.add("offerhub.trustless.fee-address applies to contract variant b only: variant a pays "
          + TrustlessEscrowGateway.VARIANT_A_FEE_ADDRESS);
    }
    if (!problems.isEmpty()) {
      throw new OfferhubConfigurationException(problems);
    }
    String passphrase = mainnet ? MAINNET_PASSPHRASE : TESTNET_PASSPHRASE;
    String horizon = or(stellar.getHorizonUrl(), mainnet ? "https://horizon.stellar.org"
        : "https://horizon-testnet.stellar.org");
    String rpc = or(stellar.getRpcUrl(), "https://soroban-testnet.stellar.org");
    String trustlessUrl = or(trustless.getApiUrl(), mainnet ? "https://api.trustlesswork.com"
        : "https://dev.api.trustlesswork.com");
    LeaseService leases = StorageLeaseService.of(storage, clock);
    RateLimiter limiter = StorageRateLimiter.of(storage, "trustless-work:" + OfferhubAdapterConfigurations.keyId(trustless.getApiKey()),
        trustless.getRequestsPerMinute(), Duration.ofMinutes(1), clock);
    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30)).build();
    StellarSettings.Builder settings = StellarSettings.builder().horizonUrl(horizon).rpcUrl(rpc)
        .networkPassphrase(passphrase).usdc(stellar.getUsdcAssetCode(), issuer)
        .maxFeeStroops(stellar.getMaxFeeStroops()).transactionTimeout(stellar.getTransactionTimeout())
        .leaseService(leases).httpClient(http).clock(clock).instanceId(instanceId)
        .channelsDerivedFromFunding(stellar.getChannelAccounts());
    if (!mainnet) {
      settings.friendbotUrl(or(stellar.getFriendbotUrl(), "https://friendbot.stellar.org"));
    }
    StellarChainAdapter chain;
    try (SecretSeed funding = SecretSeed.of(stellar.getFundingSecret())) {
      chain = StellarChainAdapter.create(settings.fundingSecret(funding).build());
    }
    chain.preparePlatformAccounts();
    TrustlessWorkV1Client client = TrustlessWorkV1Client.builder().baseUrl(trustlessUrl)
        .apiKey(trustless.getApiKey()).timeout(trustless.getTimeout()).httpClient(http).rateLimiter(limiter).build();
    TrustlessEscrowGateway.Builder escrow = TrustlessEscrowGateway.builder().client(client)
        .network(new Network(passphrase)).sorobanRpcUrl(rpc).httpClient(http)
        .variant(variant.equals("a") ? ContractVariant.A : ContractVariant.B).serviceFeeAddress(feeAddress)
        .usdcIssuer(issuer).maxFeeStroops(stellar.getMaxFeeStroops()).clock(clock);
    if (trustless.getDeployerContract() != null) {
      escrow.deployerContract(trustless.getDeployerContract());
    }
    return new StellarAdapters(chain, escrow.build(), leases, http);
  }

  @Override
  public void initialized(OrchestratorEngine engine, User platform) {
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

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static boolean isAccountId(String value) {
    try {
      StrKey.decodeEd25519PublicKey(value);
      return value.startsWith("G");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isContractId(String value) {
    try {
      StrKey.decodeContract(value);
      return value.startsWith("C");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isSecretSeed(String value) {
    try {
      KeyPair.fromSecretSeed(value);
      return value.startsWith("S");
    } catch (RuntimeException e) {
      return false;
    }
  }
}

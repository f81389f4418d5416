package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarNetwork;
import com.offerhub.orchestrator.stellar.trustless.ContractVariant;
import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stellar.sdk.KeyPair;
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

  private final StellarNetwork network;

  private StellarAdapters(StellarNetwork network) {
    this.network = network;
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
    String friendbot = mainnet ? null : or(stellar.getFriendbotUrl(), "https://friendbot.stellar.org");
    String trustlessUrl = or(trustless.getApiUrl(), mainnet ? "https://api.trustlesswork.com"
        : "https://dev.api.trustlesswork.com");
    StellarNetwork.Config config = new StellarNetwork.Config(horizon, rpc, friendbot, passphrase,
        stellar.getUsdcAssetCode(), issuer, stellar.getMaxFeeStroops(), stellar.getTransactionTimeout(),
        stellar.getChannelAccounts(), trustlessUrl, trustless.getApiKey(), trustless.getTimeout(),
        trustless.getRequestsPerMinute(), variant.equals("a") ? ContractVariant.A : ContractVariant.B, feeAddress,
        trustless.getDeployerContract());
    return new StellarAdapters(StellarNetwork.connect(config, stellar.getFundingSecret(), storage, clock, instanceId));
  }

  @Override
  public void initialized(OrchestratorEngine engine, User platform) {
    network.usePlatformAccount(engine, platform);
  }

  StellarChainAdapter chain() {
    return network.chain();
  }

  TrustlessEscrowGateway escrow() {
    return network.escrow();
  }

  LeaseService leases() {
    return network.leases();
  }

  @Override
  public void close() {
    network.close();
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

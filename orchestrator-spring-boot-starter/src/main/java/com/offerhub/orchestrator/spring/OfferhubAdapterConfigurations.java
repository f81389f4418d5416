package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.airtm.AirtmPaymentProvider;
import com.offerhub.orchestrator.airtm.AirtmSettings;
import com.offerhub.orchestrator.airtm.SvixSignature;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.SimulatedPaymentProvider;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The adapters of each mode. Each configuration loads only when its module is on the classpath, so
 * an application carries only the adapters it uses: the testkit for the sandbox, orchestrator-stellar
 * for testnet and mainnet, orchestrator-airtm for AirTM outside the sandbox.
 */
final class OfferhubAdapterConfigurations {
  private static final Logger LOG = LoggerFactory.getLogger(OfferhubAdapterConfigurations.class);

  private OfferhubAdapterConfigurations() {}

  /** Sandbox: the simulated Stellar network (USDC, Trustless Work contracts) in process. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.offerhub.orchestrator.testkit.network.SimulatedNetwork")
  @Conditional(OfferhubConditions.Sandbox.class)
  static class Sandbox {
    @Bean(destroyMethod = "stopClosing")
    @ConditionalOnMissingBean
    SimulatedNetwork offerhubSimulatedNetwork(OfferhubProperties properties, Clock clock) {
      SimulatedNetwork network = new SimulatedNetwork(clock);
      OfferhubProperties.Sandbox sandbox = properties.getSandbox();
      network.setServiceFeeBps(sandbox.getServiceFeeBps());
      network.setTransactionTimeout(sandbox.getTransactionTimeout());
      if (!sandbox.getLedgerInterval().isZero()) {
        network.startClosing(sandbox.getLedgerInterval());
      }
      return network;
    }

    @Bean
    @ConditionalOnMissingBean
    ChainAdapter offerhubChainAdapter(SimulatedNetwork network) {
      return network.chainAdapter();
    }

    @Bean
    @ConditionalOnMissingBean
    EscrowGateway offerhubEscrowGateway(SimulatedNetwork network) {
      return network.escrowGateway();
    }
  }

  /** Sandbox with {@code offerhub.payment-provider=airtm}: AirTM simulated, the treasury funded once. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.offerhub.orchestrator.testkit.network.SimulatedNetwork")
  @Conditional({OfferhubConditions.Sandbox.class, OfferhubConditions.Airtm.class})
  static class SandboxAirtm {
    @Bean
    @ConditionalOnMissingBean(PaymentProvider.class)
    SimulatedPaymentProvider offerhubSimulatedPaymentProvider() {
      return new SimulatedPaymentProvider();
    }

    /**
     * Puts {@code offerhub.sandbox.treasury-usdc} in the treasury wallet of a new sandbox (one that
     * holds nothing and has advanced nothing); live, the operator sends USDC to its address.
     */
    @Bean
    OrchestratorInitializer offerhubSandboxTreasury(OfferhubProperties properties, SimulatedNetwork network) {
      Money usdc = OfferhubProperties.money(properties.getSandbox().getTreasuryUsdc());
      return (engine, platform) -> engine.treasury().status().ifPresent(treasury -> {
        if (usdc.isPositive() && treasury.available().isZero() && treasury.outstanding().isZero()) {
          network.depositFromOutside(treasury.address(), usdc);
          engine.scanDeposits();
          LOG.info("sandbox treasury funded with {} USDC", usdc);
        }
      });
    }
  }

  /** Testnet and mainnet: Horizon, Soroban RPC and Trustless Work. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.offerhub.orchestrator.stellar.StellarChainAdapter")
  @Conditional(OfferhubConditions.Live.class)
  static class Live {
    @Bean
    @ConditionalOnMissingBean
    StellarAdapters offerhubStellarAdapters(OfferhubProperties properties, Storage storage, Clock clock) {
      return StellarAdapters.connect(properties, storage, clock, properties.getInstanceName() + "-stellar");
    }

    @Bean
    @ConditionalOnMissingBean
    ChainAdapter offerhubChainAdapter(StellarAdapters stellar) {
      return stellar.chain();
    }

    @Bean
    @ConditionalOnMissingBean
    EscrowGateway offerhubEscrowGateway(StellarAdapters stellar) {
      return stellar.escrow();
    }

    @Bean
    @ConditionalOnMissingBean
    LeaseService offerhubLeaseService(StellarAdapters stellar) {
      return stellar.leases();
    }
  }

  /** AirTM outside the sandbox; its 10 requests a second per key are shared by every instance. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.offerhub.orchestrator.airtm.AirtmPaymentProvider")
  @Conditional({OfferhubConditions.Live.class, OfferhubConditions.Airtm.class})
  static class LiveAirtm {
    @Bean
    @ConditionalOnMissingBean(PaymentProvider.class)
    AirtmPaymentProvider offerhubAirtmPaymentProvider(OfferhubProperties properties, Storage storage, Clock clock) {
      OfferhubProperties.Airtm airtm = properties.getAirtm();
      AirtmSettings settings = new AirtmSettings(AirtmSettings.Environment.parse(airtm.getEnvironment()),
          airtm.getApiKey(), airtm.getApiSecret(), airtm.getApiUrl(), airtm.getCheckoutUrlTemplate(),
          airtm.getPublicBaseUrl(), null, null, 0);
      return new AirtmPaymentProvider(settings, StorageRateLimiter.of(storage,
          "airtm:" + StorageRateLimiter.keyId(airtm.getApiKey()), settings.requestsPerSecond(), Duration.ofSeconds(1),
          clock));
    }

    /** Verifies AirTM's webhooks (Svix signatures) for the application's webhook endpoint. */
    @Bean
    @ConditionalOnMissingBean
    SvixSignature offerhubAirtmWebhookSignature(OfferhubProperties properties) {
      try {
        return SvixSignature.of(properties.getAirtm().getWebhookSecret());
      } catch (IllegalArgumentException e) {
        throw new OfferhubConfigurationException("offerhub.airtm.webhook-secret must be the whsec_... secret of the "
            + "AirTM webhook endpoint");
      }
    }
  }
}

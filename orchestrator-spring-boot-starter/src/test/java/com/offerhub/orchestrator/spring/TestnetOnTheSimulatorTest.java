package com.offerhub.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.simulator.StellarSimulator;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.stellar.sdk.KeyPair;

/**
 * Testnet mode from properties alone, against the standalone network simulator over HTTP (Horizon,
 * Soroban RPC, friendbot and Trustless Work with real XDR): the starter's live wiring end to end, as
 * the server's TestnetModeTest does it for the server.
 */
class TestnetOnTheSimulatorTest {
  @Test
  void aDepositIsCreditedAndAnOrderIsEscrowedAndReleasedOnChain() {
    try (StellarSimulator simulator = StellarSimulator.builder().port(0).ledgerInterval(Duration.ofMillis(200))
        .start()) {
      String base = simulator.baseUrl();
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
          .withPropertyValues("offerhub.mode=testnet",
              "offerhub.database.url=jdbc:h2:mem:starter-testnet;DB_CLOSE_DELAY=-1" + JdbcStorage.H2_OPTIONS,
              "offerhub.wallet-encryption-key=" + "ab".repeat(32), "offerhub.jobs.interval=100ms",
              "offerhub.stellar.horizon-url=" + base, "offerhub.stellar.rpc-url=" + base + "/rpc",
              "offerhub.stellar.friendbot-url=" + base + "/friendbot",
              "offerhub.stellar.funding-secret=" + new String(KeyPair.random().getSecretSeed()),
              "offerhub.stellar.channel-accounts=2", "offerhub.trustless.api-url=" + base + "/tw",
              "offerhub.trustless.api-key=simulator-key")
          .run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(StellarChainAdapter.class);
            OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
            User buyer = engine.users().create(CreateUserRequest.of("testnet-buyer"));
            User seller = engine.users().create(CreateUserRequest.of("testnet-seller"));
            waitFor(() -> engine.wallets().get(buyer.id()).status() == WalletStatus.ACTIVE
                && engine.wallets().get(seller.id()).status() == WalletStatus.ACTIVE, "wallets activated on chain");
            simulator.network().depositFromOutside(engine.wallets().depositAddress(buyer.id()),
                Money.parsePositive("150.00"));
            OrchestratorAutoConfigurationTest.awaitAvailable(engine, buyer.id(), Money.parsePositive("150.00"));

            String order = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "100.00",
                "testnet order")).order().id();
            engine.orders().reserve(order);
            engine.orders().createEscrow(order);
            waitFor(() -> engine.orders().get(order).order().status() == OrderStatus.ESCROW_FUNDING, "escrow deployed");
            engine.orders().fundEscrow(order);
            waitFor(() -> engine.orders().get(order).order().status() == OrderStatus.IN_PROGRESS
                || engine.orders().get(order).order().status() == OrderStatus.ESCROW_FUNDED, "escrow funded");
            engine.orders().release(order);
            waitFor(() -> engine.orders().get(order).order().status() == OrderStatus.CLOSED, "order closed");

            // Trustless Work keeps 0.3 % on the simulator as on the real service
            assertThat(engine.balances().get(seller.id()).available().toBigDecimal())
                .isEqualByComparingTo(new BigDecimal("99.7"));
            assertThat(engine.balances().get(buyer.id()).available().toBigDecimal())
                .isEqualByComparingTo(new BigDecimal("50"));
            assertThat(engine.ledger().verify().isClean()).as(engine.ledger().verify().problems().toString()).isTrue();
            assertThat(simulator.network().usdcBalance(engine.wallets().depositAddress(seller.id())).toBigDecimal())
                .as("the seller's wallet holds on chain what the books say").isEqualByComparingTo(new BigDecimal("99.7"));
          });
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}

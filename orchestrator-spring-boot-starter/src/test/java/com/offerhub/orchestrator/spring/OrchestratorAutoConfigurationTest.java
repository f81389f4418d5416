package com.offerhub.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.MutableClock;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import javax.sql.DataSource;

class OrchestratorAutoConfigurationTest {
  /** Ledgers close on every submission, so nothing waits on a ticker. */
  static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
      .withPropertyValues("offerhub.sandbox.ledger-interval=0", "offerhub.jobs.interval=50ms");

  @Test
  void withNoSettingsASandboxEngineRunsOnAnInMemoryDatabaseAndItsJobsCreditDeposits() {
    RUNNER.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(OrchestratorEngine.class).hasSingleBean(JdbcStorage.class)
          .hasSingleBean(SimulatedNetwork.class).hasSingleBean(OrchestratorHealthIndicator.class);
      OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
      assertThat(context.getBean(OrchestratorLifecycle.class).isRunning()).isTrue();
      User buyer = engine.users().create(CreateUserRequest.of("buyer-1"));
      context.getBean(SimulatedNetwork.class).depositFromOutside(engine.wallets().depositAddress(buyer.id()),
          Money.parsePositive("100.00"));
      // nobody scans here: the background jobs the lifecycle started credit the deposit
      awaitAvailable(engine, buyer.id(), Money.parsePositive("100.00"));
      assertThat(engine.ledger().verify().isClean()).isTrue();
    });
  }

  @Test
  void aBadValueFailsStartUpNamingEveryPropertyAtOnce() {
    RUNNER.withPropertyValues("offerhub.platform-fee-bps=20000", "offerhub.sync-wait=-1s",
        "offerhub.wallet-encryption-key=not-hex").run(context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          OfferhubConfigurationException cause = rootOfType(failure, OfferhubConfigurationException.class);
          assertThat(cause.problems()).containsExactly(
              "offerhub.platform-fee-bps must be between 0 and 10000, was 20000",
              "offerhub.wallet-encryption-key must be 64 hex characters (a 256-bit AES key)",
              "offerhub.sync-wait must be between PT0S and PT2M, was PT-1S");
          assertThat(cause.getMessage()).doesNotContain("not-hex");
          FailureAnalysis analysis = new OfferhubConfigurationFailureAnalyzer().analyze(failure);
          assertThat(analysis.getDescription()).contains("offerhub.platform-fee-bps", "offerhub.sync-wait");
        });
  }

  @Test
  void testnetWithoutItsSettingsNamesEachMissingProperty() {
    RUNNER.withPropertyValues("offerhub.mode=testnet").run(context -> {
      OfferhubConfigurationException cause = rootOfType(context.getStartupFailure(),
          OfferhubConfigurationException.class);
      assertThat(cause.problems()).contains("offerhub.wallet-encryption-key is required in testnet mode",
          "offerhub.trustless.api-key is required in testnet mode");
      assertThat(cause.problems()).anyMatch(p -> p.startsWith("offerhub.stellar.funding-secret is required"));
    });
  }

  @Test
  void aFeeTheLiveModesCannotPayIsRefusedThereButNotInTheSandbox() {
    RUNNER.withPropertyValues("offerhub.platform-fee-bps=9950").run(context -> assertThat(context).hasNotFailed());
    RUNNER.withPropertyValues("offerhub.mode=MAINNET", "offerhub.platform-fee-bps=9950",
        "offerhub.stellar.rpc-url=http://rpc.example").run(context -> {
          OfferhubConfigurationException cause = rootOfType(context.getStartupFailure(),
              OfferhubConfigurationException.class);
          assertThat(cause.problems()).contains("offerhub.platform-fee-bps must be between 0 and 9900, was 9950",
              "offerhub.stellar.rpc-url must use https in mainnet mode");
        });
  }

  @Test
  void theApplicationsStorageAndClockWinOverTheAutoConfiguredOnes() {
    InMemoryStorage storage = new InMemoryStorage();
    MutableClock clock = new MutableClock(Instant.parse("2030-01-02T03:04:05Z"));
    RUNNER.withBean(Storage.class, () -> storage).withBean(Clock.class, () -> clock).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(JdbcStorage.class);
      assertThat(context.getBean(Clock.class)).isSameAs(clock);
      OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
      User user = engine.users().create(CreateUserRequest.of("seller-1"));
      assertThat(user.createdAt()).isEqualTo(clock.instant());
      java.util.Optional<User> stored = storage.read(session -> session.users().find(user.id()));
      assertThat(stored).isPresent();
    });
  }

  @Test
  void theApplicationsEngineWinsAndIsStillStartedAndStopped() {
    TestEngine test = TestEngine.inMemory();
    RUNNER.withBean(OrchestratorEngine.class, test::engine).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(OrchestratorEngine.class);
      assertThat(context.getBean(OrchestratorEngine.class)).isSameAs(test.engine());
      assertThat(context.getBean(OrchestratorLifecycle.class).isRunning()).isTrue();
    });
  }

  @Test
  void theApplicationsDataSourceHoldsTheEngineTables() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:app-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" + JdbcStorage.H2_OPTIONS);
    RUNNER.withBean(DataSource.class, () -> h2).run(context -> {
      assertThat(context).hasNotFailed();
      User user = context.getBean(OrchestratorEngine.class).users().create(CreateUserRequest.of("in-app-db"));
      try (var connection = h2.getConnection(); var statement = connection.prepareStatement(
          "SELECT count(*) FROM oh_users WHERE id = ?")) {
        statement.setString(1, user.id());
        try (var rows = statement.executeQuery()) {
          rows.next();
          assertThat(rows.getInt(1)).isEqualTo(1);
        }
      }
    });
  }

  @Test
  void anH2DataSourceWithoutPostgresModeIsRefusedWithTheOptionsToAdd() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:plain-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    RUNNER.withBean(DataSource.class, () -> h2).run(context -> {
      OfferhubConfigurationException cause = rootOfType(context.getStartupFailure(),
          OfferhubConfigurationException.class);
      assertThat(cause.getMessage()).contains("spring.datasource.url", "MODE=PostgreSQL");
    });
  }

  @Test
  void withoutTheTestkitTheSandboxNamesTheModuleToAdd() {
    RUNNER.withClassLoader(new FilteredClassLoader(SimulatedNetwork.class)).run(context -> {
      OfferhubConfigurationException cause = rootOfType(context.getStartupFailure(),
          OfferhubConfigurationException.class);
      assertThat(cause.getMessage()).contains("offerhub.mode=sandbox", "orchestrator-testkit");
    });
  }

  @Test
  void withoutTheStellarModuleTestnetNamesTheModuleToAdd() {
    RUNNER.withClassLoader(new FilteredClassLoader(StellarChainAdapter.class)).withPropertyValues(
        "offerhub.mode=testnet", "offerhub.wallet-encryption-key=" + "ab".repeat(32),
        "offerhub.stellar.funding-secret=S-not-checked-before-the-module-is-there", "offerhub.trustless.api-key=k",
        "offerhub.database.url=jdbc:h2:mem:testnet-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"
            + JdbcStorage.H2_OPTIONS).run(context -> {
              OfferhubConfigurationException cause = rootOfType(context.getStartupFailure(),
                  OfferhubConfigurationException.class);
              assertThat(cause.getMessage()).contains("offerhub.mode=testnet", "orchestrator-stellar");
            });
  }

  @Test
  void withoutTheActuatorThereIsNoHealthIndicator() {
    RUNNER.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(OrchestratorEngine.class)
          .doesNotHaveBean(OrchestratorHealthIndicator.class);
    });
  }

  static void awaitAvailable(OrchestratorEngine engine, String userId, Money expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!engine.balances().get(userId).available().equals(expected)) {
      assertThat(System.nanoTime()).as("balance of " + userId + " never reached " + expected).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  static <T extends Throwable> T rootOfType(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
  }
}

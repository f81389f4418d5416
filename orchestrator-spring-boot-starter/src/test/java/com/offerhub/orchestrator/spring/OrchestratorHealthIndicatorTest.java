package com.offerhub.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.testkit.MutableClock;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class OrchestratorHealthIndicatorTest {
  @Test
  void downWithTheProblemsWhenTheLedgerDoesNotVerify() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:health-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" + JdbcStorage.H2_OPTIONS);
    OrchestratorAutoConfigurationTest.RUNNER.withBean(DataSource.class, () -> h2)
        .withPropertyValues("offerhub.health.ledger-verify-interval=0s").run(context -> {
          OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
          OrchestratorHealthIndicator indicator = context.getBean(OrchestratorHealthIndicator.class);
          User user = engine.users().create(CreateUserRequest.of("health-1"));
          engine.balances().credit(user.id(), BalanceRequest.of("10.00"), "opening balance");
          Health up = indicator.health();
          assertThat(up.getStatus()).isEqualTo(Status.UP);
          assertThat(up.getDetails()).containsEntry("ledger", "verified");

          // money appears in a balance with no posting behind it
          try (Connection connection = h2.getConnection(); PreparedStatement statement = connection.prepareStatement(
              "UPDATE oh_balances SET available = available + 5 WHERE user_id = ?")) {
            statement.setString(1, user.id());
            assertThat(statement.executeUpdate()).isEqualTo(1);
          }
          Health down = indicator.health();
          assertThat(down.getStatus()).isEqualTo(Status.DOWN);
          assertThat(down.getDetails()).containsEntry("ledger", "not verified").containsEntry("ledgerProblemCount", 1);
          assertThat(down.getDetails().get("ledgerProblems").toString()).contains("user:" + user.id());
        });
  }

  @Test
  void aVerificationIsReusedWithinItsInterval() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:health-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" + JdbcStorage.H2_OPTIONS);
    OrchestratorAutoConfigurationTest.RUNNER.withBean(DataSource.class, () -> h2)
        .withPropertyValues("offerhub.health.ledger-verify-interval=1h").run(context -> {
          OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
          OrchestratorHealthIndicator indicator = context.getBean(OrchestratorHealthIndicator.class);
          assertThat(indicator.health().getDetails()).containsEntry("ledgerPostings", 0L);
          User user = engine.users().create(CreateUserRequest.of("health-2"));
          engine.balances().credit(user.id(), BalanceRequest.of("10.00"), "opening balance");
          assertThat(indicator.health().getDetails()).as("the hour-old verification").containsEntry("ledgerPostings",
              0L);
        });
  }

  /**
   * A withdrawal whose payment the network never includes (no ledger closes) keeps its saga
   * pending; nothing drives it here (no background jobs). Once the engine's clock has moved past
   * {@code offerhub.health.saga-stuck-after} the health is DOWN, with the saga's age.
   */
  @Test
  void downWhenTheOldestPendingSagaIsOlderThanTheThreshold() {
    MutableClock clock = new MutableClock(Instant.parse("2031-05-06T07:00:00Z"));
    OrchestratorAutoConfigurationTest.RUNNER.withBean(Clock.class, () -> clock).withPropertyValues(
        "offerhub.jobs.enabled=false", "offerhub.sync-wait=0s", "offerhub.health.saga-stuck-after=15m").run(context -> {
          OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
          SimulatedNetwork network = context.getBean(SimulatedNetwork.class);
          OrchestratorHealthIndicator indicator = context.getBean(OrchestratorHealthIndicator.class);
          User payer = engine.users().create(CreateUserRequest.of("payer"));
          User payee = engine.users().create(CreateUserRequest.of("payee"));
          network.depositFromOutside(engine.wallets().depositAddress(payer.id()), Money.parsePositive("10.00"));
          engine.scanDeposits();
          assertThat(engine.balances().get(payer.id()).available()).isEqualTo(Money.parsePositive("10.00"));

          network.setAutoClose(false);
          Withdrawal withdrawal = engine.withdrawals().create(CreateWithdrawalRequest.crypto(payer.id(), "4.00",
              engine.wallets().depositAddress(payee.id())));
          assertThat(engine.sagas().list(SagaState.PENDING, null, 10)).hasSize(1);
          Health young = indicator.health();
          assertThat(young.getStatus()).as(young.getDetails().toString()).isEqualTo(Status.UP);
          assertThat(young.getDetails()).containsEntry("pendingSagas", 1L).containsKey("depositWatcherLag")
              .containsKey("outboxLag");

          clock.advance(Duration.ofMinutes(14));
          assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
          clock.advance(Duration.ofMinutes(2));
          Health stuck = indicator.health();
          assertThat(stuck.getStatus()).isEqualTo(Status.DOWN);
          assertThat(stuck.getDetails()).containsEntry("oldestPendingSagaAge", "PT16M")
              .containsEntry("ledger", "verified").containsKey("sagaStuck");
          assertThat(withdrawal.id()).isNotBlank();
        });
  }
}

package com.offerhub.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.model.User;
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
}

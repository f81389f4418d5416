package com.offerhub.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.micrometer.OrchestratorMeters;
import com.offerhub.orchestrator.model.User;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;

/** With Spring Boot's metrics, the engine's meters are bound to the application's registry and move. */
class OrchestratorMetersTest {
  @Test
  void commandsReplaysAndTheSagaBacklogShowInTheApplicationsRegistry() {
    OrchestratorAutoConfigurationTest.RUNNER.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class)).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(OrchestratorMeters.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
          // the platform user of engine.initialize() was the first
          Timer created = registry.get("offerhub.commands").tags("command", "users.create", "outcome", "ok").timer();
          long before = created.count();
          OrchestratorEngine.Operations keyed = engine.as(RequestContext.of("test").withIdempotencyKey("user-1"));
          User user = keyed.users().create(CreateUserRequest.of("metered-1"));
          assertThat(created.count()).isEqualTo(before + 1);
          keyed.users().create(CreateUserRequest.of("metered-1"));
          engine.balances().credit(user.id(), BalanceRequest.of("3.00"), "test credit");

          assertThat(registry.get("offerhub.commands").tags("command", "balances.CREDIT_AVAILABLE", "outcome", "ok")
              .timer().count()).isEqualTo(1);
          assertThat(registry.get("offerhub.idempotent.replays").tag("command", "users.create").counter().count())
              .isEqualTo(1.0);
          assertThat(registry.get("offerhub.sagas.pending").gauge().value()).isEqualTo(0.0);
        });
  }

  @Test
  void withoutARegistryThereAreNoMeters() {
    OrchestratorAutoConfigurationTest.RUNNER.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(OrchestratorMeters.class));
    OrchestratorAutoConfigurationTest.RUNNER.withClassLoader(new FilteredClassLoader(OrchestratorMeters.class))
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MeterRegistry.class)
            .doesNotHaveBean(OrchestratorMeters.class));
  }
}

package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.OrchestratorEngine;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator {@code offerhub}, when the application has the Actuator's health support
 * ({@code spring-boot-health}); {@code management.health.offerhub.enabled=false} turns it off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnProperty(prefix = "management.health.offerhub", name = "enabled", matchIfMissing = true)
class OfferhubHealthConfiguration {
  @Bean
  @ConditionalOnMissingBean(name = "offerhubHealthIndicator")
  OrchestratorHealthIndicator offerhubHealthIndicator(OrchestratorEngine engine, OfferhubProperties properties) {
    return new OrchestratorHealthIndicator(engine, properties.getHealth());
  }
}

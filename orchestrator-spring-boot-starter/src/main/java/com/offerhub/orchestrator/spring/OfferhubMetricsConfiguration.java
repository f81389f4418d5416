package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.micrometer.OrchestratorMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's meters ({@code offerhub.*}: commands by command and outcome, idempotent replays,
 * saga backlog and oldest age, on-chain step latency, deposit watcher and outbox lag, provider
 * errors), when the application has a {@code MeterRegistry} and {@code orchestrator-micrometer} is
 * on the classpath. The meters are a listener of the auto-configured engine and a
 * {@code MeterBinder}, which Spring Boot binds to every registry.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
    "com.offerhub.orchestrator.micrometer.OrchestratorMeters"})
@ConditionalOnBean(MeterRegistry.class)
class OfferhubMetricsConfiguration {
  /** Its gauges read {@code engine.status()} when scraped, so the engine may be built after it. */
  @Bean
  @ConditionalOnMissingBean
  OrchestratorMeters offerhubMeters(ObjectProvider<OrchestratorEngine> engine) {
    return new OrchestratorMeters().statusFrom(() -> engine.getObject().status());
  }
}

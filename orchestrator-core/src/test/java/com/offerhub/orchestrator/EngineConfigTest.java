package com.offerhub.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineConfigTest {
  @Test
  void theDepositWatcherLeaseDefaultsToFifteenSecondsAndMustBePositive() {
    assertEquals(Duration.ofSeconds(15), EngineConfig.defaults().depositWatcherLease());
    assertTrue(EngineConfig.defaults().problems().isEmpty());
    assertEquals(List.of("depositWatcherLease must be positive"),
        EngineConfig.defaults().withDepositWatcherLease(Duration.ZERO).problems());
    EngineConfig changed = EngineConfig.defaults().withDepositWatcherLease(Duration.ofSeconds(5)).withSagaLease(
        Duration.ofSeconds(40)).withPlatformFeeBps(10);
    assertEquals(Duration.ofSeconds(5), changed.depositWatcherLease(), "other with* keep it");
  }
}

package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.ObservabilityScenarios;
import org.junit.jupiter.api.Nested;

/** The observability scenarios (listeners, status, saga administration) on H2 and PostgreSQL. */
class JdbcObservabilityScenariosTest {
  @Nested
  class H2 extends ObservabilityScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(false, 8);
    }
  }

  @Nested
  class PostgreSql extends ObservabilityScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(true, 8);
    }
  }
}

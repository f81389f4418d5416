package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.CoordinationScenarios;
import org.junit.jupiter.api.Nested;

/** Deposit watcher leadership and the shared rate limit on H2 and PostgreSQL, each instance with its own pool. */
class JdbcCoordinationScenariosTest {
  @Nested
  class H2 extends CoordinationScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(false, 8);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }
  }

  @Nested
  class PostgreSql extends CoordinationScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(true, 8);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }
  }
}

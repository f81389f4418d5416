package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.SagaScenarios;
import org.junit.jupiter.api.Nested;

/** The saga scenarios on H2 and PostgreSQL; a second engine instance gets its own HikariCP pool. */
class JdbcSagaScenariosTest {
  @Nested
  class H2 extends SagaScenarios {
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
  class PostgreSql extends SagaScenarios {
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

package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.RaceScenarios;
import org.junit.jupiter.api.Nested;

/** The race scenarios on H2 and PostgreSQL, each instance with its own HikariCP pool. */
class JdbcRaceScenariosTest {
  @Nested
  class H2 extends RaceScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(false, 24);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }
  }

  @Nested
  class PostgreSql extends RaceScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(true, 24);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }
  }
}

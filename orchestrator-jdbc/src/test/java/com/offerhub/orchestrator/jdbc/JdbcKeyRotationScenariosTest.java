package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.KeyRotationScenarios;
import org.junit.jupiter.api.Nested;

/** Wallet key rotation and legacy migration on H2 and PostgreSQL, each instance with its own pool. */
class JdbcKeyRotationScenariosTest {
  @Nested
  class H2 extends KeyRotationScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(false, 16);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }
  }

  @Nested
  class PostgreSql extends KeyRotationScenarios {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(true, 16);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }
  }
}

package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.StorageContract;
import org.junit.jupiter.api.Nested;

/** The storage contract on H2 and on PostgreSQL, a fresh database or schema per test. */
class JdbcStorageContractTest {
  @Nested
  class H2 extends StorageContract {
    @Override
    protected Storage newStorage() {
      JdbcStorage storage = JdbcStorage.create(TestDatabases.freshH2());
      storage.migrate();
      return storage;
    }
  }

  @Nested
  class PostgreSql extends StorageContract {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(true, 16); // closed by the contract after each test
    }
  }
}

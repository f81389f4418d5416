package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.SagaScenarios;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;

/** The saga scenarios on H2 and PostgreSQL; a second engine instance gets its own HikariCP pool. */
class JdbcSagaScenariosTest {
  private static final Map<Storage, String> URLS = new ConcurrentHashMap<>();

  private static Storage pooled(String url, String user) {
    JdbcStorage storage = JdbcStorage.pooled(url, user, "", 8);
    storage.migrate();
    URLS.put(storage, url + "|" + user);
    return storage;
  }

  private static Storage again(Storage first) {
    String[] parts = URLS.get(first).split("\\|", -1);
    return JdbcStorage.pooled(parts[0], parts[1], "", 8);
  }

  @Nested
  class H2 extends SagaScenarios {
    @Override
    protected Storage newStorage() {
      return pooled(TestDatabases.freshH2Url(), "sa");
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return again(first);
    }
  }

  @Nested
  class PostgreSql extends SagaScenarios {
    @Override
    protected Storage newStorage() {
      return pooled(TestDatabases.freshPostgresUrl(), TestDatabases.PG_USER);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return again(first);
    }
  }
}

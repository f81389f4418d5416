package com.offerhub.orchestrator.jdbc;

import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.contract.EngineScenarios;
import com.offerhub.orchestrator.testkit.contract.EventStreamContract;
import com.offerhub.orchestrator.testkit.contract.FiatScenarios;
import com.offerhub.orchestrator.testkit.contract.TreasuryScenarios;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * End-to-end engine scenarios, fiat and treasury scenarios and the event stream contract on H2 and on
 * PostgreSQL.
 */
class JdbcEngineScenariosTest {
  private static Storage h2() {
    JdbcStorage storage = JdbcStorage.create(TestDatabases.freshH2());
    storage.migrate();
    return storage;
  }

  /** A fresh schema behind a small pool: a connection per transaction would cost most of the suite's time. */
  private static Storage postgres() {
    return TestDatabases.pooled(true, 4);
  }

  @AfterEach
  void closePools() {
    TestDatabases.closePools();
  }

  @Nested
  class H2Scenarios extends EngineScenarios {
    @Override
    protected Storage newStorage() {
      return h2();
    }
  }

  @Nested
  class PostgreSqlScenarios extends EngineScenarios {
    @Override
    protected Storage newStorage() {
      return postgres();
    }
  }

  @Nested
  class H2Fiat extends FiatScenarios {
    @Override
    protected Storage newStorage() {
      return h2();
    }
  }

  @Nested
  class PostgreSqlFiat extends FiatScenarios {
    @Override
    protected Storage newStorage() {
      return postgres();
    }
  }

  @Nested
  class H2Treasury extends TreasuryScenarios {
    @Override
    protected Storage newStorage() {
      return h2();
    }
  }

  @Nested
  class PostgreSqlTreasury extends TreasuryScenarios {
    @Override
    protected Storage newStorage() {
      return postgres();
    }
  }

  @Nested
  class H2Events extends EventStreamContract {
    @Override
    protected Storage newStorage() {
      return TestDatabases.pooled(false, 4);
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }
  }

  @Nested
  class PostgreSqlEvents extends EventStreamContract {
    @Override
    protected Storage newStorage() {
      return postgres();
    }

    @Override
    protected Storage sameDatabase(Storage first) {
      return TestDatabases.sameDatabase(first);
    }

    @Override
    protected boolean notifiesOtherInstances() {
      return true;
    }

    @Override
    protected boolean numbersAfterCommit() {
      return true;
    }

    @Override
    protected void breakSequencer(Storage storage, BooleanSupplier failing) {
      ((JdbcStorage) storage).outboxSequencer().faultAfterNumbering(() -> {
        if (failing.getAsBoolean()) {
          throw new IllegalStateException("the sequencer died in the middle of its batch (test)");
        }
      });
    }
  }
}

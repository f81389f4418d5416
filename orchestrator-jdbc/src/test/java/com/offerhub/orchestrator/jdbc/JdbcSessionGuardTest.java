package com.offerhub.orchestrator.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserStatus;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.UserRepository;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC session's guard over its DAOs, on H2 and PostgreSQL: a read-only session refuses every
 * write and row lock (not only inserts) before the statement runs, and a repository kept past its
 * transaction refuses to be used.
 */
class JdbcSessionGuardTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @AfterEach
  void closePools() {
    TestDatabases.closePools();
  }

  private static Storage storage(String kind) {
    Storage storage = TestDatabases.pooled(kind.equals("postgresql"), 2);
    storage.inTransaction(s -> {
      s.users().insert(new User("usr_1", "ext-1", "a@example.com", UserType.BOTH, UserStatus.ACTIVE, null, null,
          null, T0, T0));
      s.balances().create("usr_1", T0);
      return null;
    });
    return storage;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void readOnlySessionsRefuseWritesAndRowLocksButRead(String kind) {
    Storage storage = storage(kind);
    assertThrows(IllegalStateException.class, () -> storage.read(s -> s.users().lock("usr_1")));
    assertThrows(IllegalStateException.class, () -> storage.read(s -> s.balances().adjust("usr_1", Money.of(5),
        Money.ZERO, T0)));
    assertThrows(IllegalStateException.class, () -> storage.read(s -> s.idempotency().claim(
        new IdempotencyRecord("scope", "key", "f", null, T0, T0.plusSeconds(60)), T0)));
    assertThrows(IllegalStateException.class, () -> storage.readSnapshot(s -> s.leases().tryAcquire("job", "me", T0,
        T0.plusSeconds(30))));
    assertThrows(IllegalStateException.class, () -> storage.read(s -> {
      s.cursors().put("stream", "42");
      return null;
    }));
    assertEquals(Money.ZERO, storage.read(s -> s.balances().find("usr_1").orElseThrow().available()));
    boolean untouched = storage.read(s -> s.leases().find("job").isEmpty() && s.cursors().get("stream").isEmpty());
    assertTrue(untouched, "nothing was written");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aRepositoryKeptPastItsTransactionRefusesUse(String kind) {
    Storage storage = storage(kind);
    UserRepository kept = storage.inTransaction(s -> {
      assertEquals("a@example.com", s.users().find("usr_1").orElseThrow().email());
      return s.users();
    });
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> kept.find("usr_1"));
    assertTrue(refused.getMessage().contains("after its transaction"), refused.getMessage());
  }
}

package com.offerhub.orchestrator.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the orchestrator's schema with Flyway, from {@code classpath:db/orchestrator}, recording
 * it in its own history table ({@value #HISTORY_TABLE}) so a host application's Flyway is left alone.
 * Running it is explicit and idempotent: an up-to-date database is not touched.
 */
public final class JdbcMigrations {
  public static final String HISTORY_TABLE = "orchestrator_schema_history";

  private JdbcMigrations() {}

  /** Migrates the default schema of {@code dataSource}; returns how many migrations ran. */
  public static int migrate(DataSource dataSource) {
    MigrateResult result = Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/orchestrator")
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    return result.migrationsExecuted;
  }
}

package com.offerhub.orchestrator.jdbc;

import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the orchestrator's schema with Flyway, from {@code classpath:db/orchestrator}, recording
 * it in its own history table ({@value #HISTORY_TABLE}) so a host application's Flyway is left alone.
 * Running it is explicit and idempotent: an up-to-date database is not touched.
 */
public final class JdbcMigrations {
  public static final String HISTORY_TABLE = "orchestrator_schema_history";

  private JdbcMigrations() {}

  /** One migration that has just run, as {@link #migrate(DataSource, Consumer)} reports it. */
  public record Applied(String version, String description) {}

  /** Migrates the default schema of {@code dataSource}; returns how many migrations ran. */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, applied -> { });
  }

  /**
   * Migrates the default schema of {@code dataSource}, telling {@code progress} about each
   * migration as soon as it has run (in its transaction, before its commit: a failed commit fails
   * the whole call); returns how many migrations ran.
   */
  public static int migrate(DataSource dataSource, Consumer<Applied> progress) {
    if (progress == null) {
      throw new IllegalArgumentException("progress is required");
    }
    MigrateResult result = Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/orchestrator")
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .callbacks(new Progress(progress))
        .load()
        .migrate();
    return result.migrationsExecuted;
  }

  /** Hands each migration that ran to the caller's consumer. */
  private static final class Progress implements Callback {
    private final Consumer<Applied> progress;

    Progress(Consumer<Applied> progress) {
      this.progress = progress;
    }

    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return true;
    }

    @Override
    public void handle(Event event, Context context) {
      MigrationInfo info = context.getMigrationInfo();
      if (info != null) {
        progress.accept(new Applied(info.getVersion() == null ? "" : info.getVersion().getVersion(),
            info.getDescription()));
      }
    }

    @Override
    public String getCallbackName() {
      return "orchestrator-migration-progress";
    }
  }
}

package com.offerhub.orchestrator.cli;

import com.offerhub.orchestrator.jdbc.JdbcStorage;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migrate}: applies the orchestrator's schema migrations (Flyway), one line per version applied. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Applies pending schema migrations to the database, printing each version as it is applied; an "
        + "up-to-date database is left untouched.")
final class MigrateCommand implements Runnable {
  private final CliContext context;
  @Spec
  CommandSpec spec;
  @Mixin
  DatabaseOptions database;

  MigrateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    int applied;
    try (JdbcStorage storage = database.open(context)) {
      applied = storage.migrate(migration -> {
        out.println("applied V" + migration.version() + " " + migration.description());
        out.flush();
      });
    } catch (CliException | ParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw CliException.unavailable("the migration failed (migrations that printed 'applied' are committed, "
          + "the failing one is rolled back where the database allows): " + Failures.describe(e));
    }
    out.println(applied == 0 ? "The schema is up to date: nothing to apply."
        : "Applied " + applied + (applied == 1 ? " migration." : " migrations."));
    out.flush();
  }
}

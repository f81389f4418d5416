package com.offerhub.orchestrator.cli;

import com.offerhub.orchestrator.LedgerReport;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.spi.storage.StorageException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledger verify}: {@code engine.ledger().verify()} on the database; exit code 1 when it does not verify. */
@Command(name = "ledger", description = "Checks the double-entry ledger.", mixinStandardHelpOptions = true,
    subcommands = LedgerCommand.Verify.class)
final class LedgerCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: verify");
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Proves conservation in one snapshot: every posting sums to zero, all accounts together sum to "
          + "zero, no internal account is negative, every balance equals its ledger accounts, the treasury float "
          + "covers its open escrows. Exit code 1 when any of it fails, with each problem printed.")
  static final class Verify implements Callable<Integer> {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    DatabaseOptions database;

    Verify(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      LedgerReport report;
      try (JdbcStorage storage = database.open(context)) {
        report = OfflineEngine.on(storage, null).ledger().verify();
      } catch (CliException | ParameterException e) {
        throw e;
      } catch (StorageException e) {
        throw CliException.unavailable("the ledger could not be read (is the schema migrated? run migrate): "
            + Failures.describe(e));
      } catch (RuntimeException e) {
        // the rows were read but one is not a valid ledger record (a posting that does not balance is refused
        // as it is read): that is the ledger not verifying
        PrintWriter out = spec.commandLine().getOut();
        out.println("The ledger does NOT verify: a stored row is invalid: " + Failures.describe(e));
        out.flush();
        return OrchestratorCli.CHECK_FAILED;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (report.isClean()) {
        out.println("The ledger verifies: " + report.postings() + " postings, " + report.accounts()
            + " accounts, no problem.");
        out.flush();
        return OrchestratorCli.OK;
      }
      out.println("The ledger does NOT verify: " + report.problems().size() + " problem"
          + (report.problems().size() == 1 ? "" : "s") + " in " + report.postings() + " postings, "
          + report.accounts() + " accounts:");
      for (String problem : report.problems()) {
        out.println("  " + problem);
      }
      out.flush();
      return OrchestratorCli.CHECK_FAILED;
    }
  }
}

package com.offerhub.orchestrator.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar orchestrator-cli.jar COMMAND}: the operator's tool. Results go to stdout, errors
 * to stderr, and the exit code tells a script what happened: {@value #OK} success, {@value #CHECK_FAILED}
 * a check failed (the ledger does not verify, wallets left to re-encrypt), {@value #USAGE} a usage
 * error, {@value #REFUSED} the server refused the request (4xx), {@value #UNAVAILABLE} the server or
 * database is unreachable, failed (5xx) or did not answer in time: the outcome is unknown.
 */
@Command(name = "orchestrator-cli", mixinStandardHelpOptions = true, versionProvider = OrchestratorCli.Version.class,
    description = "Operates an OFFER-HUB orchestrator: API keys, balances, sagas and events through a server; "
        + "migrations, ledger verification and wallet key re-encryption on its database.",
    subcommands = {ApiKeysCommand.class, BalancesCommand.class, EventsCommand.class, SagasCommand.class,
        MigrateCommand.class, LedgerCommand.class, WalletKeysCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:a check failed (ledger does not verify, wallets left to re-encrypt)",
        "2:usage error (unknown command or option, missing credential)",
        "3:the server refused the request (4xx: its error code and message are printed)",
        "4:server or database unreachable, server failure (5xx) or timeout: the outcome is unknown"})
public final class OrchestratorCli implements Runnable {
  public static final int OK = 0;
  public static final int CHECK_FAILED = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;
  public static final int UNAVAILABLE = 4;

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The command line, reading {@code env} where an option is not given. */
  public static CommandLine commandLine(Map<String, String> env) {
    CliContext context = new CliContext(env);
    CommandLine commandLine = new CommandLine(new OrchestratorCli(), new Factory(context));
    commandLine.setExecutionExceptionHandler(OrchestratorCli::handle);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  private static int handle(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (failure instanceof CliException cli) {
      err.println("error: " + cli.getMessage());
      err.flush();
      return cli.exitCode();
    }
    err.println("error: unexpected failure, the outcome is unknown: " + Failures.describe(failure));
    err.flush();
    return UNAVAILABLE;
  }

  /** Builds commands with the {@link CliContext} when they take one. */
  private static final class Factory implements CommandLine.IFactory {
    private final CliContext context;

    Factory(CliContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(CliContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** The version the jar was built as. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = OrchestratorCli.class.getPackage().getImplementationVersion();
      return new String[] {"orchestrator-cli " + (version == null ? "(development build)" : version)};
    }
  }
}

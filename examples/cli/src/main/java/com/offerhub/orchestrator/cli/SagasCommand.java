package com.offerhub.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sagas list|show|retry}: {@code GET /api/v1/sagas?state=}, {@code GET /api/v1/sagas/{id}} and
 * {@code POST /api/v1/sagas/{id}/retry} (a saga that is not pending is refused with 409).
 */
@Command(name = "sagas", description = "Lists durable on-chain work (sagas) and retries a pending one now.",
    mixinStandardHelpOptions = true, subcommands = {SagasCommand.ListSagas.class, SagasCommand.Show.class,
        SagasCommand.Retry.class})
final class SagasCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, show, retry");
  }

  static void print(PrintWriter out, List<JsonNode> sagas) {
    Table table = new Table("ID", "KIND", "SUBJECT", "STATE", "STEP", "NEXT ATTEMPT", "UPDATED", "FAILURE");
    for (JsonNode saga : sagas) {
      table.row(Table.text(saga, "id"), Table.text(saga, "kind"), Table.text(saga, "subjectId"),
          Table.text(saga, "state"), Table.text(saga, "currentStep"), Table.text(saga, "nextAttemptAt"),
          Table.text(saga, "updatedAt"), Table.text(saga, "failure"));
    }
    table.print(out);
  }

  @Command(name = "list", description = "Lists sagas, optionally in one state (PENDING: work still to do).",
      mixinStandardHelpOptions = true)
  static final class ListSagas implements Runnable {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--state", paramLabel = "STATE", description = "Only sagas in this state, e.g. PENDING.")
    String state;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N sagas (default: all).")
    int max;

    @Option(names = "--json", description = "Print a JSON array of the sagas.")
    boolean json;

    ListSagas(CliContext context) {
      this.context = context;
    }

    @Override
    public void run() {
      if (max < 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max must not be negative");
      }
      String path = "/sagas" + (state == null ? "" : "?state=" + ApiClient.encode(state.toUpperCase(Locale.ROOT)));
      List<JsonNode> sagas = Pages.all(server.client(context), path, max);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(ApiClient.JSON.valueToTree(sagas).toString());
        out.flush();
      } else {
        print(out, sagas);
      }
    }
  }

  /** One saga printed as a table row or as JSON: what {@code show} and {@code retry} share. */
  abstract static class OneSaga implements Runnable {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "SAGA_ID")
    String id;

    @Option(names = "--json", description = "Print the saga as JSON.")
    boolean json;

    OneSaga(CliContext context) {
      this.context = context;
    }

    /** The server's answer for the saga. */
    abstract JsonNode call(ApiClient client, String path);

    @Override
    public void run() {
      JsonNode saga = call(server.client(context), "/sagas/" + ApiClient.segment(id)).path("data");
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(saga.toString());
        out.flush();
      } else {
        print(out, List.of(saga));
      }
    }
  }

  @Command(name = "show", description = "Shows one saga.", mixinStandardHelpOptions = true)
  static final class Show extends OneSaga {
    Show(CliContext context) {
      super(context);
    }

    @Override
    JsonNode call(ApiClient client, String path) {
      return client.get(path);
    }
  }

  @Command(name = "retry", description = "Makes a pending saga due now (409 when it is not pending).",
      mixinStandardHelpOptions = true)
  static final class Retry extends OneSaga {
    Retry(CliContext context) {
      super(context);
    }

    @Override
    JsonNode call(ApiClient client, String path) {
      return client.post(path + "/retry", null, "run sagas show " + id + " to see whether the retry was taken");
    }
  }
}

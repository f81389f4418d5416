package com.offerhub.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code balances USER_ID}: {@code GET /api/v1/users/{userId}} (an unknown user is refused with 404),
 * then {@code GET /api/v1/users/{userId}/balance} (read scope).
 */
@Command(name = "balances", mixinStandardHelpOptions = true,
    description = "Shows a user's available and reserved balance (an unknown user is exit code 3).")
final class BalancesCommand implements Runnable {
  private final CliContext context;
  @Spec
  CommandSpec spec;
  @Mixin
  ServerOptions server;

  @Parameters(index = "0", paramLabel = "USER_ID", description = "The user's id (usr_...).")
  String userId;

  @Option(names = "--json", description = "Print the balance as JSON.")
  boolean json;

  BalancesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    ApiClient client = server.client(context);
    // the balance route answers zero for an unknown user (spec/02 #12): asking for the user first makes a
    // mistyped id a 404 (exit code 3) rather than an empty balance
    client.get("/users/" + ApiClient.segment(userId));
    JsonNode data = client.get("/users/" + ApiClient.segment(userId) + "/balance").path("data");
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(data.toString());
    } else {
      Table table = new Table("USER", "AVAILABLE", "RESERVED", "TOTAL", "CURRENCY", "UPDATED");
      table.row(Table.text(data, "userId"), Table.text(data, "available"), Table.text(data, "reserved"),
          Table.text(data, "total"), Table.text(data, "currency"), Table.text(data, "updatedAt"));
      table.print(out);
    }
    out.flush();
  }
}

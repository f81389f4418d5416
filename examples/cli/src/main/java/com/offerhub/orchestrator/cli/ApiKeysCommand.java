package com.offerhub.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code api-keys create|list|revoke}: {@code /api/v1/auth/api-keys}, which needs the {@code support} scope. */
@Command(name = "api-keys", description = "Create, list and revoke API keys (needs a support-scope key or the master "
    + "key).", mixinStandardHelpOptions = true,
    subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.ListKeys.class, ApiKeysCommand.Revoke.class})
final class ApiKeysCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required: create, list, revoke");
  }

  @Command(name = "create", description = "Creates a key and prints it once: it cannot be shown again.",
      mixinStandardHelpOptions = true)
  static final class Create implements Runnable {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the key is for.")
    String name;

    @Option(names = "--scopes", required = true, split = ",", paramLabel = "SCOPE",
        description = "Comma-separated: read, write, support or *.")
    List<String> scopes;

    @Option(names = "--marketplace", paramLabel = "ID", description = "Binds the key to one marketplace.")
    String marketplace;

    @Option(names = "--json", description = "Print the server's answer as JSON.")
    boolean json;

    Create(CliContext context) {
      this.context = context;
    }

    @Override
    public void run() {
      ApiClient client = server.client(context);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("scopes", scopes);
      if (marketplace != null) {
        body.put("marketplaceId", marketplace);
      }
      JsonNode data = client.post("/auth/api-keys", body,
          "the key may or may not exist: run api-keys list before creating it again (and revoke an unwanted one)")
          .path("data");
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(data.toString());
      } else {
        out.println("Created API key " + data.path("id").asText() + " (" + data.path("name").asText() + ", scopes "
            + Table.text(data, "scopes") + (data.path("marketplaceId").isTextual() ? ", marketplace "
            + data.path("marketplaceId").asText() : "") + ").");
        out.println("Store the key now, it is not shown again:");
        out.println(data.path("key").asText());
      }
      out.flush();
    }
  }

  @Command(name = "list", description = "Lists the keys, newest first (never their secrets).",
      mixinStandardHelpOptions = true)
  static final class ListKeys implements Runnable {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N keys (default: all).")
    int max;

    @Option(names = "--json", description = "Print a JSON array of the keys.")
    boolean json;

    ListKeys(CliContext context) {
      this.context = context;
    }

    @Override
    public void run() {
      if (max < 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max must not be negative");
      }
      List<JsonNode> keys = Pages.all(server.client(context), "/auth/api-keys", max);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(ApiClient.JSON.valueToTree(keys).toString());
        out.flush();
        return;
      }
      Table table = new Table("ID", "NAME", "SCOPES", "MARKETPLACE", "CREATED", "LAST USED", "REVOKED");
      for (JsonNode key : keys) {
        table.row(Table.text(key, "id"), Table.text(key, "name"), Table.text(key, "scopes"),
            Table.text(key, "marketplaceId"), Table.text(key, "createdAt"), Table.text(key, "lastUsedAt"),
            Table.text(key, "revokedAt"));
      }
      table.print(out);
    }
  }

  @Command(name = "revoke", description = "Revokes a key (revoking twice is harmless); its open event streams end.",
      mixinStandardHelpOptions = true)
  static final class Revoke implements Runnable {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "KEY_ID", description = "The key's id (key_...), not its secret.")
    String id;

    Revoke(CliContext context) {
      this.context = context;
    }

    @Override
    public void run() {
      if (id.startsWith("ohk_")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "give the key's id (key_...), not the key itself");
      }
      JsonNode data = server.client(context).delete("/auth/api-keys/" + ApiClient.segment(id),
          "the key may or may not be revoked: run api-keys list").path("data");
      PrintWriter out = spec.commandLine().getOut();
      out.println("Revoked API key " + data.path("id").asText() + " at " + data.path("revokedAt").asText() + ".");
      out.flush();
    }
  }
}

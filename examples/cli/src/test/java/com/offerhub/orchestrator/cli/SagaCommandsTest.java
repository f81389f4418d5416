package com.offerhub.orchestrator.cli;

import static com.offerhub.orchestrator.cli.SandboxServer.MASTER;
import static com.offerhub.orchestrator.cli.SandboxServer.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sagas list|show|retry} against the server's {@code /api/v1/sagas} routes: the sagas of a
 * funded order (escrow deploy and fund, completed on the sandbox network), the state filter, and the
 * refusals of a retry (409 for a saga that is not pending, 404 for an unknown one).
 */
class SagaCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SandboxServer server;
  private static String order;

  @BeforeAll
  static void fundAnOrder() throws Exception {
    server = SandboxServer.h2(Map.of());
    String buyer = server.user(MASTER, "saga-buyer");
    String seller = server.user(MASTER, "saga-seller");
    server.deposit(MASTER, buyer, "30.00");
    order = server.call("POST", "/orders", MASTER, Map.of("buyer_id", buyer, "seller_id", seller, "amount", "30.00",
        "title", "Saga test")).path("data").path("id").asText();
    for (String step : List.of("reserve", "escrow", "escrow/fund")) {
      server.call("POST", "/orders/" + order + "/" + step, MASTER, null);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(server.as(MASTER));
    return CliRun.run(all.toArray(String[]::new));
  }

  private static List<JsonNode> sagas(CliRun run) throws Exception {
    assertExit(0, run);
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(run.out()).forEach(out::add);
    return out;
  }

  @Test
  void listShowsTheOrdersSagasAndFiltersByState() throws Exception {
    List<JsonNode> all = sagas(cli("sagas", "list", "--json"));
    List<JsonNode> mine = all.stream().filter(s -> s.path("subjectId").asText().equals(order)).toList();
    assertFalse(mine.isEmpty(), all::toString);
    for (JsonNode saga : mine) {
      for (String member : new String[] {"id", "kind", "subjectId", "state", "createdAt", "updatedAt"}) {
        assertTrue(saga.hasNonNull(member), () -> member + " in " + saga);
      }
      assertEquals("COMPLETED", saga.path("state").asText(), saga::toString);
    }
    List<JsonNode> completed = sagas(cli("sagas", "list", "--state", "completed", "--json"));
    assertTrue(completed.stream().allMatch(s -> s.path("state").asText().equals("COMPLETED")), completed::toString);
    assertTrue(completed.size() >= mine.size(), completed::toString);
    List<JsonNode> pending = sagas(cli("sagas", "list", "--state", "PENDING", "--json"));
    assertTrue(pending.stream().allMatch(s -> s.path("state").asText().equals("PENDING")), pending::toString);
    assertEquals(all.size(), completed.size() + pending.size() + sagas(cli("sagas", "list", "--state", "FAILED",
        "--json")).size());

    CliRun table = cli("sagas", "list", "--max", "1");
    assertExit(0, table);
    assertEquals(2, table.lines().size(), table::toString);
    assertTrue(table.lines().get(0).startsWith("ID") && table.lines().get(0).contains("STATE"), table::toString);
  }

  @Test
  void showPrintsOneSagaAndAnUnknownOneIs404() throws Exception {
    JsonNode first = sagas(cli("sagas", "list", "--json", "--max", "1")).get(0);
    String id = first.path("id").asText();
    CliRun shown = cli("sagas", "show", id, "--json");
    assertExit(0, shown);
    assertEquals(first, JSON.readTree(shown.out()));
    CliRun unknown = cli("sagas", "show", "sag_unknown");
    assertExit(3, unknown);
    assertTrue(unknown.err().contains("HTTP 404"), unknown::toString);
  }

  @Test
  void retryOfASagaThatIsNotPendingIsRefusedWith409() throws Exception {
    JsonNode done = sagas(cli("sagas", "list", "--state", "COMPLETED", "--json", "--max", "1")).get(0);
    CliRun retried = cli("sagas", "retry", done.path("id").asText());
    assertExit(3, retried);
    assertTrue(retried.err().contains("HTTP 409"), retried::toString);
    CliRun unknown = cli("sagas", "retry", "sag_unknown");
    assertExit(3, unknown);
    assertTrue(unknown.err().contains("HTTP 404"), unknown::toString);
    // a key without the needed scope is refused too
    CliRun readOnly = CliRun.run("sagas", "retry", done.path("id").asText(), "--url", server.url(), "--key",
        server.apiKey("read"));
    assertExit(3, readOnly);
  }
}

package com.offerhub.orchestrator.cli;

import static com.offerhub.orchestrator.cli.SandboxServer.MASTER;
import static com.offerhub.orchestrator.cli.SandboxServer.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code events tail}: resume from a state file, filters, reconnection after a dropped stream. */
class EventsTailTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private SandboxServer server;

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    server = SandboxServer.h2(Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun tail(String... args) {
    List<String> all = new ArrayList<>(List.of("events", "tail"));
    all.addAll(List.of(args));
    all.addAll(server.as(MASTER));
    return CliRun.run(all.toArray(String[]::new));
  }

  private static long sequence(String line) {
    return Long.parseLong(line.split(" ")[0]);
  }

  @Test
  void aRerunWithTheStateFileResumesRightAfterTheLastPrintedEvent() throws Exception {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      users.add(server.user(MASTER, "tail-user-" + i));
    }
    Path state = dir.resolve("events.state");
    CliRun first = tail("--from", "0", "--max-events", "3", "--state-file", state.toString());
    assertExit(0, first);
    List<String> firstLines = first.lines();
    assertEquals(3, firstLines.size(), first::toString);
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, sequence(firstLines.get(i)), first::toString);
    }
    assertTrue(firstLines.get(0).matches("1 [a-z_.]+ [A-Za-z]+/\\S+ \\d{4}-\\d\\d-\\d\\dT.*Z"), first::toString);
    assertEquals("3", Files.readString(state).trim());

    users.add(server.user(MASTER, "tail-user-late"));
    CliRun second = tail("--state-file", state.toString(), "--until-idle", "1500ms");
    assertExit(0, second);
    List<String> secondLines = second.lines();
    assertFalse(secondLines.isEmpty(), second::toString);
    for (int i = 0; i < secondLines.size(); i++) {
      assertEquals(4 + i, sequence(secondLines.get(i)), "gap-free, right after 3:\n" + second);
    }
    for (String user : users) {
      assertTrue(second.out().contains("user.created User/" + user) || first.out().contains("User/" + user),
          () -> user + " created in:\n" + first + second);
    }
    long last = sequence(secondLines.get(secondLines.size() - 1));
    assertEquals(String.valueOf(last), Files.readString(state).trim());

    CliRun third = tail("--state-file", state.toString(), "--until-idle", "700ms");
    assertExit(0, third);
    assertEquals("", third.out(), "nothing new since the last run");
    assertEquals(String.valueOf(last), Files.readString(state).trim());

    String newest = server.user(MASTER, "tail-user-newest");
    CliRun fourth = tail("--state-file", state.toString(), "--until-idle", "1500ms", "--types", "user.created");
    assertExit(0, fourth);
    assertEquals(1, fourth.lines().size(), fourth::toString);
    assertTrue(fourth.lines().get(0).contains("user.created User/" + newest), fourth::toString);
    assertTrue(sequence(fourth.lines().get(0)) > last, fourth::toString);
  }

  @Test
  void typesFilterAndJsonLines() throws Exception {
    String user = server.user(MASTER, "json-user");
    CliRun run = tail("--from", "0", "--types", "user.created", "--json", "--until-idle", "1s");
    assertExit(0, run);
    // the platform user (created at start-up) and ours, nothing else
    assertEquals(2, run.lines().size(), run::toString);
    List<String> ids = new ArrayList<>();
    for (String line : run.lines()) {
      JsonNode event = JSON.readTree(line);
      assertEquals("user.created", event.path("eventType").asText(), line);
      assertTrue(event.path("sequence").asLong() >= 1, line);
      ids.add(event.path("aggregateId").asText());
    }
    assertEquals(user, ids.get(1), run::toString);
  }

  @Test
  void aDroppedStreamIsResumedWithLastEventIdWithoutLossOrRepeat() throws Exception {
    String before = server.user(MASTER, "before-the-tail");
    long last = sequence(lastLine(tail("--from", "0", "--until-idle", "1s")));
    int port = server.port();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread tailing = new Thread(() -> {
      CommandLine commandLine = OrchestratorCli.commandLine(Map.of());
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      exit.set(commandLine.execute("events", "tail", "--types", "user.created", "--from", String.valueOf(last),
          "--max-events", "4", "--give-up-after", "30s", "--url", "http://127.0.0.1:" + port, "--key", MASTER));
    });
    tailing.start();
    List<String> users = new ArrayList<>();
    users.add(server.user(MASTER, "drop-a"));
    users.add(server.user(MASTER, "drop-b"));
    awaitLines(out, 2);
    server.restartOnSamePort();
    assertEquals(port, server.port());
    users.add(server.user(MASTER, "drop-c"));
    users.add(server.user(MASTER, "drop-d"));
    tailing.join(60_000);
    assertFalse(tailing.isAlive(), () -> "the tail did not end:\n" + out + err);
    assertEquals(0, exit.get(), () -> out + "\n" + err);
    List<String> lines = new CliRun(0, out.toString(), "").lines();
    assertEquals(4, lines.size(), out::toString);
    for (int i = 0; i < 4; i++) {
      assertTrue(lines.get(i).contains("user.created User/" + users.get(i)), () -> users + " in order:\n" + out);
    }
    assertFalse(out.toString().contains(before), "the cursor excluded older events");
    assertTrue(err.toString().contains("reconnecting"), err::toString);
    assertFalse(err.toString().contains("new events only"), "it had a sequence to resume from: " + err);
  }

  @Test
  void aRefusedStreamExitsWith3AndAnUnreachableOneWith4() throws Exception {
    CliRun refused = CliRun.run("events", "tail", "--url", server.url(), "--key", "ohk_live_key_x_y",
        "--max-events", "1");
    assertExit(3, refused);
    assertTrue(refused.err().contains("HTTP 401"), refused::toString);
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CliRun unreachable = CliRun.run("events", "tail", "--url", "http://127.0.0.1:" + closed, "--key", MASTER);
    assertExit(4, unreachable);
  }

  @Test
  void aStateFileWithoutASequenceIsAUsageError() throws Exception {
    Path state = dir.resolve("bad.state");
    Files.writeString(state, "not a number");
    CliRun run = tail("--state-file", state.toString(), "--max-events", "1");
    assertExit(2, run);
    assertTrue(run.err().contains("does not hold an event sequence"), run::toString);
  }

  private static String lastLine(CliRun run) {
    assertExit(0, run);
    List<String> lines = run.lines();
    assertFalse(lines.isEmpty(), run::toString);
    return lines.get(lines.size() - 1);
  }

  private static void awaitLines(StringWriter out, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (new CliRun(0, out.toString(), "").lines().size() >= count) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("fewer than " + count + " lines:\n" + out);
  }
}

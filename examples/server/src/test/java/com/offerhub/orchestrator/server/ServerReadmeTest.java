package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's server quick start, run exactly as written (only host and port differ). */
class ServerReadmeTest {
  private static final Path README = Path.of("../../README.md");

  @Test
  void theCurlSessionWorksAsWritten() throws Exception {
    String readme = Files.readString(README);
    String block = readme.substring(readme.indexOf("<!-- session:begin -->"), readme.indexOf("<!-- session:end -->"));
    String script = block.substring(block.indexOf("```sh") + 5, block.lastIndexOf("```"));
    String masterKey = script.substring(script.indexOf("Bearer ") + 7, script.indexOf('"', script.indexOf("Bearer ")));
    try (ServerHarness harness = ServerHarness.start(ServerHarness.Db.H2, Map.of("OFFERHUB_MASTER_KEY", masterKey,
        "SANDBOX_LEDGER_INTERVAL_MS", "250"))) {
      String local = script.replace("http://localhost:4000", "http://127.0.0.1:" + harness.port());
      Process bash = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true).start();
      assertTrue(bash.waitFor(120, TimeUnit.SECONDS), "the session finished");
      String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(output.contains("\"available\":\"100.00\""), "the deposit was credited:\n" + output);
      for (String status : new String[] {"FUNDS_RESERVED", "ESCROW_FUNDING", "IN_PROGRESS", "CLOSED"}) {
        assertTrue(output.contains("\"status\":\"" + status + "\""), status + " in:\n" + output);
      }
      assertTrue(output.contains("\"available\":\"80.00\""), "the seller was paid:\n" + output);
      assertTrue(output.contains("event: order.released"), "the stream replays the release:\n" + output);
      assertTrue(output.contains("event: balance.credited"), output);
      assertTrue(!output.contains("\"error\""), "no errors:\n" + output);
    }
  }

  @Test
  void theStartCommandNamesTheJarTheBuildProduces() throws IOException {
    String readme = Files.readString(README);
    assertTrue(readme.contains("java -jar examples/server/target/orchestrator-server.jar"));
    String pom = Files.readString(Path.of("pom.xml"));
    assertTrue(pom.contains("<finalName>orchestrator-server</finalName>"));
    assertTrue(pom.contains("<mainClass>" + ServerMain.class.getName() + "</mainClass>"));
    assertEquals("com.offerhub.orchestrator.server.ServerMain", ServerMain.class.getName());
  }
}

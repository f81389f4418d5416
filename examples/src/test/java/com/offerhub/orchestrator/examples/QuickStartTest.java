package com.offerhub.orchestrator.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void theReadmeExampleRuns() {
    assertEquals("CLOSED seller=80.00 buyer=20.00 ledger clean=true", QuickStart.run());
  }

  @Test
  void theReadmeQuotesTheTestedExample() throws IOException {
    String source = Files.readString(Path.of("src/main/java/com/offerhub/orchestrator/examples/QuickStart.java"));
    String snippet = source.substring(source.indexOf("// README:begin") + "// README:begin".length(),
        source.indexOf("    // README:end")).strip();
    String readme = Files.readString(Path.of("../README.md"));
    String normalizedReadme = readme.replaceAll("(?m)^ +", "");
    String normalizedSnippet = snippet.replaceAll("(?m)^ +", "");
    assertTrue(normalizedReadme.contains(normalizedSnippet), "README.md must contain the QuickStart example:\n"
        + snippet);
  }
}

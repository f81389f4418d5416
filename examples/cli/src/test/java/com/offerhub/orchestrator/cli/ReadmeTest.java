package com.offerhub.orchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's "Operator CLI" section names every command the CLI has and every exit code. */
class ReadmeTest {
  @Test
  void theReadmeSectionCoversEveryCommandAndExitCode() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    int start = readme.indexOf("## Operator CLI");
    assertTrue(start >= 0, "an Operator CLI section");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    CommandLine root = OrchestratorCli.commandLine(java.util.Map.of());
    for (CommandLine command : root.getSubcommands().values()) {
      String name = command.getCommandName();
      if (name.equals("help")) {
        continue;
      }
      if (command.getSubcommands().isEmpty()) {
        assertTrue(section.contains("`" + name), () -> name + " in the README");
      }
      for (String sub : command.getSubcommands().keySet()) {
        if (!sub.equals("help")) {
          assertTrue(section.contains(name + " " + sub), () -> name + " " + sub + " in the README");
        }
      }
    }
    for (int code = 0; code <= 4; code++) {
      assertTrue(section.contains("| " + code + " | "), "exit code " + code + " in the README");
    }
  }
}

package com.offerhub.orchestrator;

import java.util.List;

/** Result of {@link LedgerOperations#verify()}: empty {@code problems} means the books are sound. */
public record LedgerReport(long postings, int accounts, List<String> problems) {
  public LedgerReport {
    problems = List.copyOf(problems);
  }

  public boolean isClean() {
    return problems.isEmpty();
  }
}

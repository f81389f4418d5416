package com.offerhub.orchestrator.spring;

import java.util.List;

/**
 * Thrown at start-up when the {@code offerhub.*} settings (or the application's beans) cannot make
 * a working engine; lists every problem, each naming the property to change.
 */
public class OfferhubConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public OfferhubConfigurationException(List<String> problems) {
    super("Invalid offerhub configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public OfferhubConfigurationException(String problem) {
    this(List.of(problem));
  }

  /** Each problem, naming its property. */
  public List<String> problems() {
    return problems;
  }
}

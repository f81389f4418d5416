package com.offerhub.orchestrator.cli;

import java.util.Map;

/**
 * What the commands read besides their options: the environment (tests pass their own), so
 * {@code OFFERHUB_URL}, {@code OFFERHUB_API_KEY}, {@code DATABASE_URL} and the others can stand in
 * for options.
 */
record CliContext(Map<String, String> env) {
  CliContext {
    env = Map.copyOf(env);
  }

  /** The option's value, else the environment variable's (blank counts as unset), else null. */
  String pick(String optionValue, String variable) {
    if (optionValue != null && !optionValue.isBlank()) {
      return optionValue;
    }
    String value = env.get(variable);
    return value == null || value.isBlank() ? null : value;
  }
}

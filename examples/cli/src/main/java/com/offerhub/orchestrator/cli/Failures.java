package com.offerhub.orchestrator.cli;

/** Short descriptions of failures for stderr. */
final class Failures {
  private Failures() {}

  /** The deepest cause's message (a driver's "Connection refused" rather than the pool's wrapper). */
  static String describe(Throwable failure) {
    Throwable deepest = failure;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage();
    return message == null || message.isBlank() ? deepest.getClass().getSimpleName() : message;
  }
}

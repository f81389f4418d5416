package com.offerhub.orchestrator.cli;

/** A failure the CLI reports on stderr as it stands, ending with {@code exitCode}. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** The server answered 4xx: it refused the request, nothing happened. */
  static CliException refused(String message) {
    return new CliException(OrchestratorCli.REFUSED, message);
  }

  /** The server or database could not be reached, failed (5xx), or did not answer in time. */
  static CliException unavailable(String message) {
    return new CliException(OrchestratorCli.UNAVAILABLE, message);
  }
}

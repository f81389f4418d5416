package com.offerhub.orchestrator.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --url}, {@code --key} and {@code --timeout} of the commands that talk to a server. */
final class ServerOptions {
  static final String DEFAULT_URL = "http://localhost:4000";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--url", paramLabel = "URL",
      description = "The server's base URL (env OFFERHUB_URL; default " + DEFAULT_URL + ").")
  String url;

  @Option(names = "--key", paramLabel = "KEY",
      description = "API key, token or master key (env OFFERHUB_API_KEY, which keeps it out of the process list); "
          + "never printed.")
  String key;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for an answer (default 30s; 500ms, 30s, 2m or PT30S).")
  Duration timeout;

  /** A client for the chosen server and credential; a missing or malformed one is a usage error. */
  ApiClient client(CliContext context) {
    String chosenUrl = context.pick(url, "OFFERHUB_URL");
    if (chosenUrl == null) {
      chosenUrl = DEFAULT_URL;
    }
    URI base;
    try {
      base = URI.create(chosenUrl.trim());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url is not a URL: " + chosenUrl);
    }
    if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
        || base.getHost() == null) {
      throw new ParameterException(spec.commandLine(), "--url must be an http:// or https:// URL with a host: "
          + chosenUrl);
    }
    String credential = context.pick(key, "OFFERHUB_API_KEY");
    if (credential == null) {
      throw new ParameterException(spec.commandLine(), "a credential is required: --key or OFFERHUB_API_KEY");
    }
    credential = credential.trim();
    if (!credential.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ParameterException(spec.commandLine(),
          "the credential holds a character no key holds (a space, control or non-ASCII character)");
    }
    return new ApiClient(base, credential, timeout == null ? Duration.ofSeconds(30) : timeout);
  }
}

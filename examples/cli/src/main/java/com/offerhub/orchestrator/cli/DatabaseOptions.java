package com.offerhub.orchestrator.cli;

import com.offerhub.orchestrator.jdbc.JdbcStorage;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --db-url}, {@code --db-user} and {@code --db-password} of the commands that work on the
 * database, read as the server reads {@code DATABASE_URL}: {@code postgresql://user:pass@host:5432/db}
 * (or {@code postgres://}), {@code jdbc:postgresql://...}, and also {@code jdbc:h2:...} (a sandbox
 * server's H2 file while that server is stopped).
 */
final class DatabaseOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--db-url", paramLabel = "URL",
      description = "The database (env DATABASE_URL): postgresql://user:pass@host:5432/db, jdbc:postgresql://... "
          + "or jdbc:h2:...")
  String url;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user (env DATABASE_USER).")
  String user;

  @Option(names = "--db-password", paramLabel = "PASSWORD",
      description = "Database password (env DATABASE_PASSWORD, which keeps it out of the process list); never printed.")
  String password;

  /** The JDBC URL, user and password chosen; never shown with the password. */
  record Target(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
      return "Target[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
  }

  Target target(CliContext context) {
    String value = context.pick(url, "DATABASE_URL");
    if (value == null) {
      throw new ParameterException(spec.commandLine(), "a database is required: --db-url or DATABASE_URL");
    }
    String chosenUser = context.pick(user, "DATABASE_USER");
    String chosenPassword = context.pick(password, "DATABASE_PASSWORD");
    value = value.trim();
    if (value.startsWith("jdbc:postgresql://") || value.startsWith("jdbc:h2:")) {
      return new Target(value, chosenUser, chosenPassword);
    }
    if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
      throw new ParameterException(spec.commandLine(),
          "--db-url must start with postgresql://, postgres://, jdbc:postgresql:// or jdbc:h2:");
    }
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
        throw new ParameterException(spec.commandLine(),
            "--db-url must name a host and a database (postgresql://user:password@host:5432/db)");
      }
      String info = uri.getRawUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        chosenUser = decode(colon < 0 ? info : info.substring(0, colon));
        chosenPassword = colon < 0 ? chosenPassword : decode(info.substring(colon + 1));
      }
      String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
          + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      return new Target(jdbc, chosenUser, chosenPassword);
    } catch (URISyntaxException e) {
      // the message would quote the URL, password included
      throw new ParameterException(spec.commandLine(), "--db-url is not a valid URL");
    }
  }

  /** Storage on the chosen database with a small pool; a connection failure is {@link CliException#unavailable}. */
  JdbcStorage open(CliContext context) {
    Target target = target(context);
    try {
      return JdbcStorage.pooled(target.jdbcUrl(), target.user(), target.password(), 2);
    } catch (RuntimeException e) {
      throw CliException.unavailable("cannot connect to the database: " + Failures.describe(e));
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}

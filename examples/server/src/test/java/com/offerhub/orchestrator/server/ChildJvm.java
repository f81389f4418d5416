package com.offerhub.orchestrator.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class run by a test in a JVM of its own, on the test's class path, with its own
 * environment and a free {@code PORT}; its output goes to a file under {@code target/} (printed by
 * {@link #printLog} when a test fails). Every child is destroyed by {@link #close()} and, should the
 * test JVM end first, by a shutdown hook, so no process outlives the build.
 */
final class ChildJvm implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "child-jvm-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private ChildJvm(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code main} with {@code env} plus {@code PORT} and waits until {@code GET readyPath} on
   * that port answers 200. A port taken between the probe and the bind (another build on the
   * machine) is retried on a new one.
   */
  static ChildJvm start(String name, Class<?> main, Map<String, String> env, Path logDir, String readyPath,
      Duration startTimeout) throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Path log = logDir.resolve(name + ".log");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // a short-lived JVM on a shared 2-core machine: small heap, C1 only (starts in less CPU time)
          "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", System.getProperty("java.class.path"),
          main.getName()));
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> childEnv = new HashMap<>(env);
      childEnv.put("PORT", String.valueOf(port));
      builder.environment().putAll(childEnv);
      builder.redirectErrorStream(true);
      // appended: a retried start or a restart keeps what came before in the same file
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      LIVE.add(process);
      ChildJvm child = new ChildJvm(name, process, log, port);
      long deadline = System.nanoTime() + startTimeout.toNanos();
      while (System.nanoTime() < deadline && process.isAlive()) {
        if (answers(port, readyPath)) {
          return child;
        }
        Thread.sleep(100);
      }
      child.close();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (attempt < 3 && output.contains("Address already in use")) {
        continue;
      }
      throw new AssertionError(name + (process.isAlive() ? " did not become ready in " + startTimeout.toSeconds()
          + " s" : " exited with " + process.exitValue()) + "; its output:\n" + tail(output));
    }
  }

  private static boolean answers(int port, String path) {
    try {
      HttpResponse<Void> response = PROBE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * {@code kill -9}: {@link Process#destroyForcibly()} sends SIGKILL on Linux, so no shutdown hook
   * runs, nothing is flushed or handed over. Returns the exit status (137 = 128 + SIGKILL).
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not die within 30 s of SIGKILL");
    }
    LIVE.remove(process);
    return process.exitValue();
  }

  /** SIGTERM: the JVM runs its shutdown hooks (a graceful stop). Returns the exit status (143 = 128 + SIGTERM). */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s of SIGTERM");
    }
    LIVE.remove(process);
    return process.exitValue();
  }

  /** Everything this child wrote so far. */
  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** The last lines of this child's output, to stderr (a failing test shows what the processes said). */
  void printLog() {
    try {
      System.err.println("===== " + name + " (" + log.toAbsolutePath() + ") =====");
      System.err.println(tail(Files.readString(log, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      System.err.println("(no log: " + e + ")");
    }
  }

  private static String tail(String text) {
    int keep = 60_000;
    return text.length() <= keep ? text : "...\n" + text.substring(text.length() - keep);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LIVE.remove(process);
  }
}

package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.server.OrchestratorServer;
import com.offerhub.orchestrator.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmarks of the example server, each against a baseline measured in the same run:
 * <ol>
 *   <li>create + reserve through HTTP with 8 clients ÷ the same commands on the engine directly (target ≥ 0.5,
 *       p99 ≤ 20 ms);</li>
 *   <li>SSE commit-to-client latency with 1,000 subscribers (target p99 &lt; 250 ms) ÷ one subscriber;</li>
 *   <li>on PostgreSQL, the same with the 1,000 subscribers on a second instance (B) while the writes go
 *       through the first (A), target p99 &lt; 250 ms, ÷ the same-instance p99 and ÷ one subscriber;</li>
 *   <li>sandbox start-up of a new process until it answers (target &lt; 3 s) ÷ a bare JVM start.</li>
 * </ol>
 * Arguments: {@code [commandsPerClient=300] [subscribers=1000]}; {@code DATABASE_URL} (and
 * {@code DATABASE_USER}) in the environment run the server on PostgreSQL instead of H2, and then a
 * second instance in this JVM on the same database (its own port, pool and data dir, the same keys),
 * as two processes behind a load balancer would run.
 */
public final class ServerBenchmark {
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]+)\"");
  /** The credit reference in a {@code balance.credited} frame: names the commit the frame reports. */
  private static final Pattern SOURCE = Pattern.compile("\"sourceId\":\"(sse-[^\"]+)\"");
  private static final List<String> DATABASE_VARIABLES = List.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD",
      "DATABASE_POOL_SIZE");
  /** Commits per SSE measurement, 20 ms apart. */
  private static final int SSE_EVENTS = 30;
  private static final int SSE_ROUNDS = 3;
  private static final HttpClient HTTP = HttpClient.newBuilder().build();
  private static final String MASTER = "bench-master-key-0123456789";

  private ServerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    startup();
    try (Running a = Running.start("bench-a", null)) {
      createAndReserve(a, 8, perClient);
      if (System.getenv("DATABASE_URL") == null) {
        sse(a, null, subscribers);
      } else {
        // the second instance uses the API key the first created: they share the database
        try (Running b = Running.start("bench-b", a.auth())) {
          sse(a, b, subscribers);
        }
      }
    }
  }

  /** A sandbox server in a fresh data dir; {@code auth} null: creates an API key through the master key. */
  record Running(OrchestratorServer server, String base, String auth) implements AutoCloseable {
    static Running start(String name, String auth) throws IOException {
      OrchestratorServer server = ServerBenchmark.server(name, Files.createTempDirectory("offerhub-bench")).start();
      String base = "http://127.0.0.1:" + server.port() + "/api/v1";
      if (auth == null) {
        String created = send("POST", base + "/auth/api-keys", "Bearer " + MASTER,
            "{\"name\":\"bench\",\"scopes\":[\"read\",\"write\"]}").body();
        auth = "Bearer " + find(KEY, created);
      }
      return new Running(server, base, auth);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /**
   * A sandbox server named {@code name} with its data in {@code dir}, on PostgreSQL if the environment
   * says so. Keys are fixed rather than generated in the data dir, so that two instances on one
   * database read each other's rows (API keys, tokens, wallet secrets).
   */
  static OrchestratorServer server(String name, Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("OFFERHUB_INSTANCE_NAME", name);
    env.put("OFFERHUB_DATA_DIR", dir.toString());
    env.put("OFFERHUB_MASTER_KEY", MASTER);
    env.put("WALLET_ENCRYPTION_KEY", "be".repeat(32));
    env.put("OFFERHUB_JWT_SECRET", "bench-jwt-secret-".repeat(3));
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    env.put("SSE_HEARTBEAT_MS", "600000");
    for (String variable : DATABASE_VARIABLES) {
      String value = System.getenv(variable);
      if (value != null) {
        env.put(variable, value);
      }
    }
    return new OrchestratorServer(ServerConfig.fromEnv(env), env);
  }

  static HttpResponse<String> send(String method, String url, String auth, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A plain blocking request on a kept-alive connection (lighter on the CPU than java.net.http). */
  static String post(String url, String auth, String body, int expected) {
    try {
      java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Authorization", auth);
      if (body != null) {
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (java.io.OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      try (java.io.InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (status != expected) {
          throw new IllegalStateException(status + " " + text);
        }
        return text;
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected response: " + text);
    }
    return m.group(1);
  }

  /**
   * A fresh JVM running {@code ServerMain} on an empty data dir until {@code /health} answers, against
   * a fresh JVM that only prints its version (the part of start-up no server code can shorten).
   */
  private static void startup() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    long[] server = new long[3];
    long[] jvm = new long[3];
    for (int i = 0; i < 3; i++) {
      int port;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath,
          "com.offerhub.orchestrator.server.ServerMain").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      DATABASE_VARIABLES.forEach(builder.environment()::remove); // a new sandbox: H2 in its data dir
      builder.environment().put("PORT", String.valueOf(port));
      builder.environment().put("OFFERHUB_DATA_DIR", Files.createTempDirectory("offerhub-bench-start").toString());
      builder.environment().put("OFFERHUB_MASTER_KEY", MASTER);
      long t0 = System.nanoTime();
      Process process = builder.start();
      while (true) {
        try {
          if (send("GET", "http://127.0.0.1:" + port + "/api/v1/health", "none", null).statusCode() == 200) {
            break;
          }
        } catch (IllegalStateException notYet) {
          if (!process.isAlive()) {
            throw new IllegalStateException("the server process exited with " + process.exitValue()
                + " before it answered (run it alone to see why)");
          }
          Thread.sleep(10);
        }
      }
      server[i] = System.nanoTime() - t0;
      process.destroy();
      process.waitFor();
      t0 = System.nanoTime();
      new ProcessBuilder(java, "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor();
      jvm[i] = System.nanoTime() - t0;
    }
    Arrays.sort(server);
    Arrays.sort(jvm);
    System.out.printf("sandbox start-up to first answer (median of 3): %d ms; bare JVM %d ms; ratio %.1f "
        + "(target < 3000 ms)%n", server[1] / 1_000_000, jvm[1] / 1_000_000, (double) server[1] / jvm[1]);
  }

  private static void createAndReserve(Running running, int clients, int perClient) throws Exception {
    OrchestratorEngine engine = running.server().engine();
    List<String> buyers = new ArrayList<>();
    String seller = engine.users().create(CreateUserRequest.of("bench-seller")).id();
    for (int i = 0; i < clients * 2; i++) {
      String buyer = engine.users().create(CreateUserRequest.of("bench-buyer-" + i)).id();
      engine.balances().credit(buyer, BalanceRequest.of("1000000.00"), "manual adjustment");
      buyers.add(buyer);
    }
    // warm-up both paths, then two measured rounds, alternating; the second round is reported
    runHttp(running, buyers.subList(0, clients), seller, Math.max(20, perClient / 5));
    runEngine(engine, buyers.subList(clients, clients * 2), seller, Math.max(20, perClient / 5));
    long[] http = null;
    long[] direct = null;
    for (int round = 0; round < 2; round++) {
      http = runHttp(running, buyers.subList(0, clients), seller, perClient);
      direct = runEngine(engine, buyers.subList(clients, clients * 2), seller, perClient);
    }
    double httpRate = clients * perClient / (http[0] / 1e9);
    double directRate = clients * perClient / (direct[0] / 1e9);
    System.out.printf("create+reserve, %d clients x %d: HTTP %.0f/s p99 %.1f ms; engine %.0f/s p99 %.1f ms; "
        + "ratio %.2f (target >= 0.5, HTTP p99 <= 20 ms)%n", clients, perClient, httpRate, http[1] / 1e6, directRate,
        direct[1] / 1e6, httpRate / directRate);
  }

  /** Returns {elapsed nanos, p99 nanos} of one create + reserve pair. */
  private static long[] runHttp(Running running, List<String> buyers, String seller, int perClient)
      throws InterruptedException {
    return runThreads(buyers.size(), perClient, (client, i) -> {
      String body = "{\"buyer_id\":\"" + buyers.get(client) + "\",\"seller_id\":\"" + seller
          + "\",\"amount\":\"1.00\",\"title\":\"bench\"}";
      String order = find(ID, post(running.base() + "/orders", running.auth(), body, 201));
      post(running.base() + "/orders/" + order + "/reserve", running.auth(), null, 201);
    });
  }

  private static long[] runEngine(OrchestratorEngine engine, List<String> buyers, String seller, int perClient)
      throws InterruptedException {
    return runThreads(buyers.size(), perClient, (client, i) -> {
      String order = engine.orders().create(CreateOrderRequest.of(buyers.get(client), seller, "1.00", "bench"))
          .order().id();
      engine.orders().reserve(order);
    });
  }

  interface Step {
    void run(int client, int index);
  }

  private static long[] runThreads(int threads, int perThread, Step step) throws InterruptedException {
    long[] latencies = new long[threads * perThread];
    CountDownLatch done = new CountDownLatch(threads);
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int client = t;
      new Thread(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            long start = System.nanoTime();
            step.run(client, i);
            latencies[client * perThread + i] = System.nanoTime() - start;
          }
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    long elapsed = System.nanoTime() - t0;
    Arrays.sort(latencies);
    return new long[] {elapsed, latencies[(int) (latencies.length * 0.99) - 1]};
  }

  /**
   * Commit-to-client latency with the writes on {@code writer}: one subscriber and {@code subscribers} on the
   * writer itself, then (when {@code other} is given) {@code subscribers} on the other instance; in
   * {@value #SSE_ROUNDS} interleaved rounds, so that a passing load on the machine touches every case alike.
   */
  private static void sse(Running writer, Running other, int subscribers) throws Exception {
    List<Latency> one = new ArrayList<>();
    List<Latency> same = new ArrayList<>();
    List<Latency> cross = new ArrayList<>();
    for (int round = 0; round < SSE_ROUNDS; round++) {
      one.add(sseLatency(writer, writer, 1));
      same.add(sseLatency(writer, writer, subscribers));
      if (other != null) {
        cross.add(sseLatency(writer, other, subscribers));
      }
    }
    Latency oneMedian = Latency.median(one);
    Latency sameMedian = Latency.median(same);
    System.out.printf("SSE commit-to-client p99 (median of %d rounds): %d subscribers %.1f ms, 1 subscriber %.1f ms, "
        + "ratio %.1f (target p99 < 250 ms)%n", SSE_ROUNDS, subscribers, sameMedian.p99() / 1e6,
        oneMedian.p99() / 1e6, (double) sameMedian.p99() / oneMedian.p99());
    if (other == null) {
      return;
    }
    Latency crossMedian = Latency.median(cross);
    System.out.printf("SSE cross-instance p99 (writes on A, %d subscribers on B; median of %d rounds): %.1f ms "
        + "(p50 %.1f ms); same-instance %.1f ms (p50 %.1f ms), ratio %.1f; 1 subscriber %.1f ms, ratio %.1f "
        + "(target p99 < 250 ms)%n", subscribers, SSE_ROUNDS, crossMedian.p99() / 1e6, crossMedian.p50() / 1e6,
        sameMedian.p99() / 1e6, sameMedian.p50() / 1e6, (double) crossMedian.p99() / sameMedian.p99(),
        oneMedian.p99() / 1e6, (double) crossMedian.p99() / oneMedian.p99());
  }

  /** Percentiles of one measurement, in nanoseconds. */
  record Latency(long p50, long p99) {
    static Latency of(long[] sorted) {
      return new Latency(sorted[Math.max(0, sorted.length / 2 - 1)],
          sorted[Math.max(0, (int) (sorted.length * 0.99) - 1)]);
    }

    /** The median of each percentile over rounds. */
    static Latency median(List<Latency> rounds) {
      long[] p50 = rounds.stream().mapToLong(Latency::p50).sorted().toArray();
      long[] p99 = rounds.stream().mapToLong(Latency::p99).sorted().toArray();
      return new Latency(p50[p50.length / 2], p99[p99.length / 2]);
    }
  }

  /**
   * Opens {@code count} streams on {@code reader}, commits {@value #SSE_EVENTS} credits one by one on
   * {@code writer}'s engine, and measures from the start of each commit to the arrival of its frame on each
   * stream. Each credit carries its own reference, which its frame repeats: the frame names its commit
   * whatever sequence it was given and whatever else was committed meanwhile.
   */
  private static Latency sseLatency(Running writer, Running reader, int count) throws Exception {
    OrchestratorEngine engine = writer.server().engine();
    String run = Long.toHexString(System.nanoTime());
    String user = engine.users().create(CreateUserRequest.of("sse-bench-" + run)).id();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    CountDownLatch connected = new CountDownLatch(count);
    List<Flow.Subscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(reader.base() + "/events?types=balance.credited"))
          .header("Authorization", reader.auth()).build();
      HTTP.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
          synchronized (subscriptions) {
            subscriptions.add(subscription);
          }
          subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
          long now = System.nanoTime();
          if (line.equals(": connected")) {
            connected.countDown();
          } else if (line.startsWith("data: ")) {
            Matcher source = SOURCE.matcher(line);
            Long sent = source.find() ? sentAt.get(source.group(1)) : null;
            if (sent != null) {
              latencies.add(now - sent);
            }
          }
        }

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
      }));
    }
    if (!connected.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("only " + (count - connected.getCount()) + " subscribers connected");
    }
    for (int i = 0; i < SSE_EVENTS; i++) {
      String reference = "sse-" + run + "-" + i;
      sentAt.put(reference, System.nanoTime());
      engine.balances().credit(user, BalanceRequest.of("0.01", reference), "manual adjustment");
      Thread.sleep(20);
    }
    long expected = (long) count * SSE_EVENTS;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (latencies.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    synchronized (subscriptions) {
      subscriptions.forEach(Flow.Subscription::cancel);
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length < expected) {
      System.out.printf("  warning: %d of %d deliveries arrived%n", sorted.length, expected);
    }
    if (sorted.length == 0) {
      throw new IllegalStateException("no frame arrived on " + count + " streams");
    }
    return Latency.of(sorted);
  }
}

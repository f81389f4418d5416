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
 *   <li>sandbox start-up of a new process until it answers (target &lt; 3 s) ÷ a bare JVM start.</li>
 * </ol>
 * Arguments: {@code [commandsPerClient=300] [subscribers=1000]}; {@code DATABASE_URL} (and
 * {@code DATABASE_USER}) in the environment run the server on PostgreSQL instead of H2.
 */
public final class ServerBenchmark {
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().build();
  private static final String MASTER = "bench-master-key-0123456789";

  private ServerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    startup();
    try (Running running = Running.start()) {
      createAndReserve(running, 8, perClient);
      sse(running, subscribers);
    }
  }

  /** A sandbox server in a fresh data dir. */
  record Running(OrchestratorServer server, String base, String auth) implements AutoCloseable {
    static Running start() throws IOException {
      OrchestratorServer server = ServerBenchmark.server(Files.createTempDirectory("offerhub-bench")).start();
      String base = "http://127.0.0.1:" + server.port() + "/api/v1";
      String created = send("POST", base + "/auth/api-keys", "Bearer " + MASTER,
          "{\"name\":\"bench\",\"scopes\":[\"read\",\"write\"]}").body();
      return new Running(server, base, "Bearer " + find(KEY, created));
    }

    @Override
    public void close() {
      server.close();
    }
  }

  static OrchestratorServer server(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("OFFERHUB_DATA_DIR", dir.toString());
    env.put("OFFERHUB_MASTER_KEY", MASTER);
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    env.put("SSE_HEARTBEAT_MS", "600000");
    for (String name : List.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_POOL_SIZE")) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
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

  private static void sse(Running running, int subscribers) throws Exception {
    long one = sseP99(running, 1, 30);
    long many = sseP99(running, subscribers, 30);
    System.out.printf("SSE commit-to-client p99: %d subscribers %.1f ms, 1 subscriber %.1f ms, ratio %.1f "
        + "(target p99 < 250 ms)%n", subscribers, many / 1e6, one / 1e6, (double) many / one);
  }

  /** Opens {@code count} streams, commits {@code events} credits one by one, returns the p99 delivery latency. */
  private static long sseP99(Running running, int count, int events) throws Exception {
    OrchestratorEngine engine = running.server().engine();
    String user = engine.users().create(CreateUserRequest.of("sse-bench-" + count)).id();
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    CountDownLatch connected = new CountDownLatch(count);
    List<Flow.Subscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(running.base() + "/events?types=balance.credited"))
          .header("Authorization", running.auth()).build();
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
          if (line.equals(": connected")) {
            connected.countDown();
          } else if (line.startsWith("id: ")) {
            Long sent = sentAt.get(Long.parseLong(line.substring(4)));
            if (sent != null) {
              latencies.add(System.nanoTime() - sent);
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
    for (int i = 0; i < events; i++) {
      long next = engine.events().lastSequence() + 1;
      sentAt.put(next, System.nanoTime());
      engine.balances().credit(user, BalanceRequest.of("0.01"), "manual adjustment");
      Thread.sleep(20);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (latencies.size() < (long) count * events && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    synchronized (subscriptions) {
      subscriptions.forEach(Flow.Subscription::cancel);
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length < (long) count * events) {
      System.out.printf("  warning: %d of %d deliveries arrived%n", sorted.length, (long) count * events);
    }
    return sorted[Math.max(0, (int) (sorted.length * 0.99) - 1)];
  }
}

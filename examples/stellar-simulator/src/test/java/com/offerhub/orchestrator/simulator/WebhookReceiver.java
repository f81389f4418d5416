package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.airtm.SvixSignature;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook endpoint for tests: records every request with its Svix headers and raw body, and
 * answers the statuses queued with {@link #answer} (then 204), after an optional delay.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request as received. */
  record Received(String id, String timestamp, String signature, byte[] body, Instant at) {
    JsonNode json() throws IOException {
      return AirtmClient.read(body);
    }

    String type() throws IOException {
      return json().get("type").asText();
    }

    SvixSignature.Verdict verify(String secret) {
      return SvixSignature.of(secret).verify(id, timestamp, signature, body, Instant.now());
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final Deque<Long> delays = new ArrayDeque<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "webhook-receiver");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      int status;
      long delay;
      synchronized (this) {
        received.add(new Received(exchange.getRequestHeaders().getFirst("svix-id"),
            exchange.getRequestHeaders().getFirst("svix-timestamp"),
            exchange.getRequestHeaders().getFirst("svix-signature"), body, Instant.now()));
        status = statuses.isEmpty() ? 204 : statuses.removeFirst();
        delay = delays.isEmpty() ? 0 : delays.removeFirst();
        notifyAll();
      }
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/airtm";
  }

  /** The next requests are answered with these statuses, in order. */
  synchronized WebhookReceiver answer(Integer... values) {
    statuses.addAll(List.of(values));
    return this;
  }

  /** The next requests wait this long before answering, in order. */
  synchronized WebhookReceiver delay(Long... millis) {
    delays.addAll(List.of(millis));
    return this;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits until {@code count} requests arrived; returns all received so far. */
  synchronized List<Received> await(int count, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (received.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " webhook requests, got " + received.size());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

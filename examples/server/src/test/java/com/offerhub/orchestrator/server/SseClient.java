package com.offerhub.orchestrator.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads an SSE stream on a background thread and collects its frames. */
final class SseClient implements AutoCloseable {
  record Frame(String id, String event, String data) {}

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  final List<Frame> frames = new CopyOnWriteArrayList<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile Stream<String> lines;
  volatile int status;

  SseClient(int port, String credential, String query, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"
        + (query == null ? "" : "?" + query))).header("Accept", "text/event-stream");
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    reader = new Thread(() -> {
      try {
        HttpResponse<Stream<String>> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        status = response.statusCode();
        lines = response.body();
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.isEmpty()) {
            if (event != null || data.length() > 0) {
              frames.add(new Frame(id, event, data.toString()));
            }
            id = null;
            event = null;
            data.setLength(0);
          } else if (line.startsWith(":")) {
            comments.add(line);
          } else if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data.append(line.substring(6));
          }
        }
      } catch (Exception e) {
        // closed
      }
    }, "sse-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits until {@code count} frames arrived (or the timeout passes); returns whether they did. */
  boolean await(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (frames.size() < count && System.nanoTime() < deadline) {
      ServerHarness.sleep(5);
    }
    return frames.size() >= count;
  }

  long lastId() {
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (frames.get(i).id() != null) {
        return Long.parseLong(frames.get(i).id());
      }
    }
    return -1;
  }

  @Override
  public void close() {
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
    reader.interrupt();
  }
}

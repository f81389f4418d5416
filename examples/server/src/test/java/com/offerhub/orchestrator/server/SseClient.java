package com.offerhub.orchestrator.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Reads an SSE stream on a background thread and collects its frames. The exchange is checked against the
 * OpenAPI document ({@link ApiContract}): the request and the response's status and headers, and every frame's
 * {@code data:} against DomainEvent (or StaleCursorEvent); {@link #close()} fails the test on any drift.
 */
final class SseClient implements AutoCloseable {
  record Frame(String id, String event, String data) {}

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  final List<Frame> frames = new CopyOnWriteArrayList<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  private final List<String> contractProblems = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile Stream<String> lines;
  volatile int status;
  private volatile boolean closing;

  SseClient(int port, String credential, String query, String lastEventId) {
    String pathAndQuery = ApiContract.BASE + "/events" + (query == null ? "" : "?" + query);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("Accept", "text/event-stream");
    List<String> sent = new ArrayList<>(List.of("Accept", "text/event-stream"));
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
      sent.addAll(List.of("Authorization", "Bearer " + credential));
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
      sent.addAll(List.of("Last-Event-ID", lastEventId));
    }
    reader = new Thread(() -> {
      try {
        HttpResponse<Stream<String>> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        lines = response.body();
        if (response.statusCode() != 200) {
          // a refusal is a JSON error, checked whole
          String body = lines.collect(java.util.stream.Collectors.joining("\n"));
          contractProblems.addAll(ApiContract.problems(new ApiContract.Exchange("GET", pathAndQuery, sent, null,
              response.statusCode(), response.headers().map(), body), true));
          status = response.statusCode();
          return;
        }
        status = response.statusCode();
        // the body is the open stream: its frames are checked one by one below
        contractProblems.addAll(ApiContract.problems(new ApiContract.Exchange("GET", pathAndQuery, sent, null,
            status, response.headers().map(), ": stream"), true));
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.isEmpty()) {
            if (event != null || data.length() > 0) {
              Frame frame = new Frame(id, event, data.toString());
              check(frame);
              frames.add(frame);
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
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // the stream ended or was closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (!closing) {
          // the validator itself failed: the exchange was not checked, which must not pass silently
          contractProblems.add("the exchange could not be checked: " + e);
        }
      }
    }, "sse-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** A frame as documented: its data is a DomainEvent whose type and sequence are the frame's event and id. */
  private void check(Frame frame) {
    boolean stale = "stream.stale_cursor".equals(frame.event());
    for (String problem : ApiContract.schemaProblems(frame.data(), stale ? "StaleCursorEvent" : "DomainEvent")) {
      contractProblems.add("frame " + frame + ": " + problem);
    }
    if (!stale) {
      try {
        JsonNode event = Http.JSON.readTree(frame.data());
        if (!event.path("eventType").asText().equals(frame.event())
            || !event.path("sequence").asText().equals(frame.id())) {
          contractProblems.add("frame " + frame + ": event and id must be the event's eventType and sequence");
        }
      } catch (java.io.IOException e) {
        contractProblems.add("frame " + frame + ": data is not JSON");
      }
    }
  }

  /** Waits until {@code count} frames arrived (or the timeout passes); returns whether they did. */
  boolean await(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (frames.size() < count && System.nanoTime() < deadline) {
      ServerHarness.sleep(5);
    }
    return frames.size() >= count;
  }

  /** Waits until the server sent its {@code : connected} comment: a live-only stream sees what happens next. */
  boolean awaitConnected(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!comments.contains(": connected") && System.nanoTime() < deadline) {
      ServerHarness.sleep(5);
    }
    return comments.contains(": connected");
  }

  /** Waits until the server ends the stream (or the timeout passes); returns whether it ended. */
  boolean awaitEnd(Duration timeout) {
    try {
      reader.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !reader.isAlive();
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
    closing = true;
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
    reader.interrupt();
    if (!contractProblems.isEmpty()) {
      ApiContract.fail("OpenAPI contract: GET /api/v1/events differs from openapi.json:\n  "
          + String.join("\n  ", contractProblems));
    }
  }
}

package com.offerhub.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code events tail}: follows {@code GET /api/v1/events} (spec/03 §5), resuming where it left off. */
@Command(name = "events", description = "Follows the event stream.", mixinStandardHelpOptions = true,
    subcommands = EventsCommand.Tail.class)
final class EventsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: tail");
  }

  /**
   * Prints one line per event. Each event's sequence is its SSE id: after a dropped connection the
   * stream is opened again with {@code Last-Event-ID} (backing off from 250 ms to 5 s), so no event
   * is missed or printed twice, and {@code --state-file} keeps the last printed sequence so that a
   * later run starts right after it.
   */
  @Command(name = "tail", mixinStandardHelpOptions = true,
      description = {"Prints events as they come, one line each: SEQUENCE TYPE AGGREGATE OCCURRED_AT (--json: the "
          + "event as JSON). Reconnects after a dropped connection with Last-Event-ID, so nothing is missed or "
          + "repeated.",
          "Starts after the sequence in --state-file when it exists, else after --from, else with new events only."})
  static final class Tail implements Callable<Integer> {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;

    @Option(names = "--types", split = ",", paramLabel = "TYPE",
        description = "Only these event types, comma-separated (e.g. order.released,balance.credited).")
    List<String> types;

    @Option(names = "--from", paramLabel = "SEQ", description = "Start after this sequence (0: from the oldest "
        + "retained event).")
    Long from;

    @Option(names = "--state-file", paramLabel = "FILE",
        description = "Keeps the last printed sequence here and starts after it on the next run (a file that "
            + "cannot be written ends the run with exit code 1).")
    Path stateFile;

    @Option(names = "--max-events", paramLabel = "N", description = "End (exit 0) after N events.")
    Integer maxEvents;

    @Option(names = "--until-idle", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "End (exit 0) when no event has come for this long while connected (e.g. 2s).")
    Duration untilIdle;

    @Option(names = "--give-up-after", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "After a dropped connection, end with exit code 4 when the server has not taken the "
            + "stream back within this long (default 5m).")
    Duration giveUpAfter;

    @Option(names = "--json", description = "Print each event as one line of JSON.")
    boolean json;

    Tail(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
      if (from != null && from < 0) {
        throw new ParameterException(spec.commandLine(), "--from must not be negative");
      }
      if (maxEvents != null && maxEvents < 1) {
        throw new ParameterException(spec.commandLine(), "--max-events must be at least 1");
      }
      ApiClient client = server.client(context);
      Long cursor = readState();
      if (cursor == null) {
        cursor = from;
      }
      Duration giveUp = giveUpAfter == null ? Duration.ofMinutes(5) : giveUpAfter;
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int printed = 0;
      boolean connectedOnce = false;
      long downSince = 0;
      Duration backoff = FIRST_BACKOFF;
      while (true) {
        Connection connection;
        try {
          connection = Connection.open(client, path(), cursor);
        } catch (CliException e) {
          // a refusal (401, 403, 400) will not change by waiting; the first connection failing is a wrong URL
          if (e.exitCode() == OrchestratorCli.REFUSED || !connectedOnce) {
            throw e;
          }
          if (System.nanoTime() - downSince > giveUp.toNanos()) {
            throw CliException.unavailable("the event stream stayed down for " + giveUp.toSeconds()
                + " s after sequence " + describe(cursor) + ": " + e.getMessage());
          }
          Thread.sleep(backoff.toMillis());
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
          continue;
        }
        connectedOnce = true;
        backoff = FIRST_BACKOFF;
        long lastActivity = System.nanoTime();
        try {
          while (true) {
            long waitNanos = untilIdle == null ? TimeUnit.SECONDS.toNanos(1)
                : untilIdle.toNanos() - (System.nanoTime() - lastActivity);
            Frame frame = waitNanos <= 0 ? null : connection.frames.poll(waitNanos, TimeUnit.NANOSECONDS);
            if (frame == null) {
              if (untilIdle != null && System.nanoTime() - lastActivity >= untilIdle.toNanos()) {
                return OrchestratorCli.OK;
              }
              continue;
            }
            if (frame == Frame.END) {
              // with no sequence yet there is nothing to resume from: say so rather than imply nothing is lost
              err.println("warning: the event stream ended after sequence " + describe(cursor) + "; reconnecting"
                  + (cursor == null ? " to new events only: events sent while it was down are not replayed "
                  + "(start with --from 0 or a --state-file to resume exactly)" : ""));
              err.flush();
              downSince = System.nanoTime();
              break;
            }
            lastActivity = System.nanoTime();
            if (frame.id() != null) {
              cursor = frame.id();
            }
            if ("stream.stale_cursor".equals(frame.event())) {
              err.println("warning: events before sequence " + (cursor + 1) + " are no longer retained; "
                  + "continuing from there (resynchronise what you keep from events)");
              err.flush();
              writeState(cursor);
              continue;
            }
            out.println(json ? frame.data() : line(frame));
            out.flush();
            writeState(cursor);
            printed++;
            if (maxEvents != null && printed >= maxEvents) {
              return OrchestratorCli.OK;
            }
          }
        } finally {
          connection.close();
        }
      }
    }

    private String path() {
      if (types == null || types.isEmpty()) {
        return "/events";
      }
      return "/events?types=" + ApiClient.encode(String.join(",", types));
    }

    private static String describe(Long cursor) {
      return cursor == null ? "(none yet)" : String.valueOf(cursor);
    }

    private static String line(Frame frame) {
      String aggregate = null;
      String occurredAt = null;
      try {
        JsonNode data = ApiClient.JSON.readTree(frame.data());
        aggregate = Table.text(data, "aggregateType") + "/" + Table.text(data, "aggregateId");
        occurredAt = Table.text(data, "occurredAt");
      } catch (IOException e) {
        // not JSON: the sequence and type still say what came
      }
      return frame.id() + " " + frame.event() + (aggregate == null ? "" : " " + aggregate)
          + (occurredAt == null ? "" : " " + occurredAt);
    }

    private Long readState() {
      if (stateFile == null || !Files.exists(stateFile)) {
        return null;
      }
      String text;
      try {
        text = Files.readString(stateFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "cannot read --state-file " + stateFile + ": " + e);
      }
      if (text.isEmpty()) {
        return null;
      }
      try {
        long value = Long.parseLong(text);
        if (value >= 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new ParameterException(spec.commandLine(), "--state-file " + stateFile
          + " does not hold an event sequence");
    }

    /** Replaces the state file in one move, so a crash leaves the old sequence or the new one. */
    private void writeState(long sequence) {
      if (stateFile == null) {
        return;
      }
      Path absolute = stateFile.toAbsolutePath();
      Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
      try {
        Files.writeString(temp, sequence + "\n", StandardCharsets.UTF_8);
        try {
          Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
          Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new CliException(OrchestratorCli.CHECK_FAILED, "cannot write --state-file " + stateFile
            + " after sequence " + sequence + ": " + e);
      }
    }
  }

  /** One SSE frame: {@code id}, {@code event} and the joined {@code data} lines. */
  record Frame(Long id, String event, String data) {
    static final Frame END = new Frame(null, null, null);
  }

  /** One open stream: a daemon thread parses its frames into {@link #frames} and ends with {@link Frame#END}. */
  static final class Connection implements AutoCloseable {
    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;

    private Connection(InputStream body) {
      this.body = body;
      this.reader = new Thread(this::read, "events-tail-reader");
      reader.setDaemon(true);
    }

    static Connection open(ApiClient client, String path, Long cursor) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (cursor != null) {
        headers.put("Last-Event-ID", String.valueOf(cursor));
      }
      HttpResponse<InputStream> response = client.openStream(path, headers);
      Connection connection = new Connection(response.body());
      connection.reader.start();
      return connection;
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        Long id = null;
        String event = null;
        StringBuilder data = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.isEmpty()) {
            if (data != null || id != null) {
              frames.add(new Frame(id, event == null ? "message" : event, data == null ? "" : data.toString()));
            }
            id = null;
            event = null;
            data = null;
            continue;
          }
          if (line.startsWith(":")) {
            continue; // a comment: the server's heartbeat
          }
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "id":
              try {
                id = Long.parseLong(value.trim());
              } catch (NumberFormatException e) {
                id = null;
              }
              break;
            case "event":
              event = value;
              break;
            case "data":
              data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
              break;
            default:
              break;
          }
        }
      } catch (IOException e) {
        // a dropped connection ends the stream like its end does
      } finally {
        frames.add(Frame.END);
      }
    }

    @Override
    public void close() {
      reader.interrupt();
      try {
        body.close();
      } catch (IOException e) {
        // closing an ended stream
      }
    }
  }
}

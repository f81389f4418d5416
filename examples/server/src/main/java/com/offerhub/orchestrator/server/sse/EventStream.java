package com.offerhub.orchestrator.server.sse;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.server.http.Principal;
import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/v1/events} (spec/03 §5 with ARCHITECTURE rule 7): {@code id:} is the event's
 * sequence; {@code Last-Event-ID} (or {@code since}) replays exactly the events after it. An ISO
 * timestamp or epoch milliseconds from older clients resumes after the last event at or before that
 * instant. Without a cursor the stream is live only.
 */
public final class EventStream {
  private final OrchestratorEngine engine;
  private final EventHub hub;
  private final Router router;

  public EventStream(OrchestratorEngine engine, EventHub hub, Router router) {
    this.engine = engine;
    this.hub = hub;
    this.router = router;
  }

  public void register(RoutesConfig routes) {
    router.record("GET", "/events", Scope.ANY);
    router.onRevoked(hub::dropKey);
    routes.addHttpHandler(HandlerType.GET, Router.BASE + "/events", this::handle);
  }

  private void handle(Context ctx) {
    Principal principal;
    try {
      principal = router.admit(ctx, Scope.ANY);
    } catch (RuntimeException e) {
      router.error(ctx, e);
      return;
    }
    String cursorText = ctx.header("Last-Event-ID");
    if (cursorText == null || cursorText.isBlank()) {
      cursorText = ctx.queryParam("since");
    }
    long last = engine.events().lastSequence();
    long cursor = cursorText == null || cursorText.isBlank() ? last : resolve(cursorText.trim(), last);
    Long stale = null;
    long first = engine.events().firstRetainedSequence();
    if (cursor < first - 1) {
      stale = first;
    }
    Set<String> types = list(ctx, "types");
    Set<String> resources = list(ctx, "resources");
    resources.addAll(list(ctx, "resourceTypes"));
    String userId = ctx.queryParam("user_id");
    EventHub.Filter filter = new EventHub.Filter(Set.copyOf(types), Set.copyOf(resources),
        principal.marketplaceId(), userId == null || userId.isBlank() ? null : userId);
    ctx.status(200);
    ctx.res().setCharacterEncoding("UTF-8");
    ctx.res().setContentType("text/event-stream");
    ctx.header("Cache-Control", "no-cache");
    ctx.header("Connection", "keep-alive");
    ctx.header("X-Accel-Buffering", "no");
    try {
      ctx.res().flushBuffer();
      CompletableFuture<Void> done = hub.open(ctx.res().getOutputStream(), cursor, filter, stale,
          principal.id(), principal.tokenExpiresAt());
      ctx.future(() -> done);
    } catch (java.io.IOException e) {
      // the client left before the stream started
    }
  }

  /** A sequence, an ISO-8601 instant, or epoch milliseconds; anything else means live only. */
  private long resolve(String text, long last) {
    if (text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
      long value = Long.parseLong(text);
      if (value < 1_000_000_000_000L) {
        return Math.min(value, last);
      }
      return afterInstant(Instant.ofEpochMilli(value), last);
    }
    try {
      return afterInstant(Instant.parse(text), last);
    } catch (DateTimeParseException e) {
      return last;
    }
  }

  /** The last sequence whose event occurred at or before {@code at} (binary search; sequences are in commit order). */
  private long afterInstant(Instant at, long last) {
    long low = Math.max(0, engine.events().firstRetainedSequence() - 1);
    long high = last;
    while (low < high) {
      long mid = low + (high - low + 1) / 2;
      List<DomainEvent> found = engine.events().readAfter(mid - 1, 1);
      if (!found.isEmpty() && !found.get(0).occurredAt().truncatedTo(ChronoUnit.MILLIS).isAfter(at)) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private static Set<String> list(Context ctx, String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String value : ctx.queryParams(name)) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }
}

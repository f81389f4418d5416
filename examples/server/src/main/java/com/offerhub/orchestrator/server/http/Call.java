package com.offerhub.orchestrator.server.http;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.RequestContext;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** One request as a route sees it: path, query, body, caller, and the engine acting for the caller. */
public final class Call {
  private static final int MAX_ID = 128;
  private final Context ctx;
  private final Principal principal;
  private final String requestId;
  private final RequestContext requestContext;
  private final OrchestratorEngine engine;
  private final byte[] rawBody;

  Call(Context ctx, Principal principal, String requestId, String idempotencyKey, OrchestratorEngine engine,
      byte[] rawBody) {
    this.ctx = ctx;
    this.principal = principal;
    this.requestId = requestId;
    this.engine = engine;
    this.rawBody = rawBody;
    RequestContext base = principal == null ? RequestContext.system() : RequestContext.of(principal.id());
    if (idempotencyKey != null) {
      base = base.withIdempotencyKey(idempotencyKey);
    }
    this.requestContext = base.withCorrelationId(requestId);
  }

  public Context ctx() {
    return ctx;
  }

  public Principal principal() {
    return principal;
  }

  public String requestId() {
    return requestId;
  }

  public OrchestratorEngine engine() {
    return engine;
  }

  /** The engine acting for this caller, with the request's idempotency key. */
  public OrchestratorEngine.Operations ops() {
    return engine.as(requestContext);
  }

  public RequestContext requestContext() {
    return requestContext;
  }

  public Body body() {
    return Body.parse(rawBody);
  }

  public byte[] rawBody() {
    return rawBody;
  }

  /** A path segment: non-empty, at most 128 characters, no control characters. */
  public String path(String name) {
    String value = ctx.pathParam(name);
    if (value.isEmpty() || value.length() > MAX_ID || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ApiError.validation(name + " must be 1-" + MAX_ID + " printable characters");
    }
    return value;
  }

  public String query(String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > 256) {
      throw ApiError.validation(name + " must be at most 256 characters");
    }
    return value;
  }

  /** Every value of a repeatable, comma-separated parameter, trimmed, empty ones dropped. */
  public List<String> queryList(String name) {
    List<String> out = new ArrayList<>();
    for (String value : ctx.queryParams(name)) {
      for (String part : value.split(",")) {
        String trimmed = part.trim();
        if (!trimmed.isEmpty()) {
          out.add(trimmed);
        }
      }
    }
    return out;
  }

  /** {@code limit}: default 20, max 100; non-numeric or below 1 reads as 20 (spec/02 §8). */
  public int limit() {
    String value = ctx.queryParam("limit");
    if (value == null) {
      return 20;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      return parsed < 1 ? 20 : Math.min(parsed, 100);
    } catch (NumberFormatException e) {
      return 20;
    }
  }
}

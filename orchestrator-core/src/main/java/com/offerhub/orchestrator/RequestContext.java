package com.offerhub.orchestrator;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Who is calling and with which idempotency key. One context per request: after a command returns,
 * {@link #wasReplayed()} tells whether the stored result of an earlier call with the same key was
 * returned instead of running the command again. Scope of a key = the principal.
 */
public final class RequestContext {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
  private final String principal;
  private final String idempotencyKey;
  private final String correlationId;
  private final AtomicBoolean replayed = new AtomicBoolean();

  private RequestContext(String principal, String idempotencyKey, String correlationId) {
    this.principal = principal;
    this.idempotencyKey = idempotencyKey;
    this.correlationId = correlationId;
  }

  /** The engine itself or an embedding host acting without a key. */
  public static RequestContext system() {
    return new RequestContext("system", null, null);
  }

  public static RequestContext of(String principal) {
    requireText("principal", principal);
    return new RequestContext(principal, null, null);
  }

  /** Same principal, with an idempotency key (1-128 of {@code [A-Za-z0-9_.:-]}). */
  public RequestContext withIdempotencyKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw OrchestratorException.validation("Idempotency key must be 1-128 characters of [A-Za-z0-9_.:-]");
    }
    return new RequestContext(principal, key, correlationId);
  }

  public RequestContext withCorrelationId(String id) {
    return new RequestContext(principal, idempotencyKey, id);
  }

  public String principal() {
    return principal;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public String correlationId() {
    return correlationId;
  }

  public boolean wasReplayed() {
    return replayed.get();
  }

  /** Set by the engine when it answers from a stored result. */
  public void markReplayed() {
    replayed.set(true);
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank() || value.length() > 200) {
      throw OrchestratorException.validation(name + " must be 1-200 characters");
    }
  }
}

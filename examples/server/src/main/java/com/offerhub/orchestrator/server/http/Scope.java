package com.offerhub.orchestrator.server.http;

/** What a route requires (spec/02 §5.5). */
public enum Scope {
  /** No credential needed; an Authorization header is ignored. */
  PUBLIC,
  /** Any valid credential. */
  ANY,
  READ,
  WRITE,
  SUPPORT;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

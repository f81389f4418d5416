package com.offerhub.orchestrator.server.http;

import java.util.List;

/** What a route answers; {@link Router} wraps it in the envelope of spec/02 §2. */
public record Reply(int status, Shape shape, Object payload, boolean hasMore, String nextCursor, String location) {
  public enum Shape { STANDARD, FLAT, LIST, REDIRECT, BARE }

  /** {@code {"success": true, "data": payload, "meta": ...}}. */
  public static Reply standard(int status, Object payload) {
    return new Reply(status, Shape.STANDARD, payload, false, null, null);
  }

  /** The standard envelope plus every member of {@code payload} copied to the root. */
  public static Reply flat(int status, Object payload) {
    return new Reply(status, Shape.FLAT, payload, false, null, null);
  }

  public static Reply list(List<?> items, boolean hasMore, String nextCursor) {
    return new Reply(200, Shape.LIST, items, hasMore, hasMore ? nextCursor : null, null);
  }

  /** A JSON document sent as is, without the envelope (the OpenAPI document, which tools load directly). */
  public static Reply bare(int status, byte[] json) {
    return new Reply(status, Shape.BARE, json, false, null, null);
  }

  public static Reply redirect(String location) {
    return new Reply(302, Shape.REDIRECT, null, false, null, location);
  }
}

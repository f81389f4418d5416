package com.offerhub.orchestrator.spi.storage;

import java.time.Instant;

/**
 * Filter for audit queries; null fields do not filter. {@code limit} is 1..1000.
 */
public record AuditQuery(String resourceType, String resourceId, String userId, String action, Instant from,
    Instant to, int offset, int limit) {
  public AuditQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1..1000, was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }

  public static AuditQuery all(int limit) {
    return new AuditQuery(null, null, null, null, null, null, 0, limit);
  }

  public static AuditQuery forResource(String resourceId, int limit) {
    return new AuditQuery(null, resourceId, null, null, null, null, 0, limit);
  }
}

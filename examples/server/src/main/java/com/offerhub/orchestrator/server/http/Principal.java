package com.offerhub.orchestrator.server.http;

import java.time.Instant;
import java.util.Set;

/**
 * Who is calling: the master key, an API key, or a short-lived token minted for an API key
 * ({@code tokenExpiresAt} is set only for a token: its {@code exp}).
 */
public record Principal(String id, String name, Set<String> scopes, String marketplaceId, Instant tokenExpiresAt) {
  public static final Set<String> MASTER_SCOPES = Set.of("read", "write", "support");

  public boolean has(String scope) {
    return scopes.contains("*") || scopes.contains(scope);
  }

  /** Whether this caller authenticated with a short-lived token rather than a key. */
  public boolean isToken() {
    return tokenExpiresAt != null;
  }
}

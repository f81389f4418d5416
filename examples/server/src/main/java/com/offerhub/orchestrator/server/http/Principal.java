package com.offerhub.orchestrator.server.http;

import java.util.Set;

/** Who is calling: the master key, an API key, or a short-lived token minted for an API key. */
public record Principal(String id, String name, Set<String> scopes, String marketplaceId) {
  public static final Set<String> MASTER_SCOPES = Set.of("read", "write", "support");

  public boolean has(String scope) {
    return scopes.contains("*") || scopes.contains(scope);
  }
}

package com.offerhub.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Walks a list route's cursor pages (spec/02 §8: {@code data}, {@code hasMore}, {@code nextCursor}). */
final class Pages {
  private static final int PAGE = 100;

  private Pages() {}

  /**
   * Every item of {@code path} (which may carry a query already), at most {@code max} of them
   * (0: all).
   */
  static List<JsonNode> all(ApiClient client, String path, int max) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    String separator = path.contains("?") ? "&" : "?";
    while (true) {
      int limit = max == 0 ? PAGE : Math.min(PAGE, max - items.size());
      JsonNode page = client.get(path + separator + "limit=" + limit
          + (cursor == null ? "" : "&cursor=" + ApiClient.encode(cursor)));
      for (JsonNode item : page.path("data")) {
        items.add(item);
      }
      boolean more = page.path("hasMore").asBoolean(false) || page.path("pagination").path("hasMore").asBoolean(false);
      String next = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText()
          : page.path("pagination").path("nextCursor").isTextual() ? page.path("pagination").path("nextCursor").asText()
          : null;
      if (!more || next == null || (max > 0 && items.size() >= max) || next.equals(cursor)) {
        return items;
      }
      cursor = next;
    }
  }
}

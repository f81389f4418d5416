package com.offerhub.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns under a header; a missing value shows as {@code -}. */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  void row(String... values) {
    List<String> row = new ArrayList<>();
    for (String value : values) {
      row.add(value == null || value.isEmpty() ? "-" : value);
    }
    rows.add(row);
  }

  void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(out, headers, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    out.flush();
  }

  private static void line(PrintWriter out, List<String> values, int[] widths) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      text.append(values.get(i));
      if (i < values.size() - 1) {
        text.append(" ".repeat(widths[i] - values.get(i).length() + 2));
      }
    }
    out.println(text);
  }

  /** A member as text: null and JSON null give null, arrays are joined with commas. */
  static String text(JsonNode node, String member) {
    JsonNode value = node.path(member);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(part -> parts.add(part.asText()));
      return String.join(",", parts);
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }
}

package com.offerhub.orchestrator.airtm;

import java.nio.charset.StandardCharsets;

/** Path segments for AirTM's URLs: everything but RFC 3986's unreserved characters percent-encoded. */
final class AirtmPaths {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private AirtmPaths() {
  }

  /**
   * {@code value} as one encoded path segment: {@code a+b@x.com} becomes {@code a%2Bb%40x.com}, so no
   * server reads a {@code +} as a space or an {@code @} or {@code /} as syntax.
   */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}

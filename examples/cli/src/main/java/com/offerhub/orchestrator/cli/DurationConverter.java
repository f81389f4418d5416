package com.offerhub.orchestrator.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Durations as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt") || text.startsWith("p")) {
        return positive(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
      }
      if (text.endsWith("ms")) {
        return positive(Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2))), value);
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1));
      switch (text.charAt(text.length() - 1)) {
        case 's':
          return positive(Duration.ofSeconds(amount), value);
        case 'm':
          return positive(Duration.ofMinutes(amount), value);
        case 'h':
          return positive(Duration.ofHours(amount), value);
        default:
          break;
      }
    } catch (NumberFormatException | java.time.format.DateTimeParseException | IndexOutOfBoundsException e) {
      // fall through to the message below
    }
    throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (500ms, 30s, 2m, 1h or PT30S)");
  }

  private static Duration positive(Duration duration, String value) {
    if (duration.isNegative() || duration.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
    }
    return duration;
  }
}

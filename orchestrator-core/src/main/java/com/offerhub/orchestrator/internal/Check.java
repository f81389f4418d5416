package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.model.Money;

/** Input validation shared by the facades: every failure is an {@code OrchestratorException}. */
public final class Check {
  public static final int MAX_ID = 200;
  public static final int MAX_TEXT = 2000;
  public static final int MAX_METADATA = 16_384;

  private Check() {}

  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw OrchestratorException.validation(name + " is required");
    }
    return value;
  }

  /** A required, non-blank string of at most {@code max} characters. */
  public static String text(String name, String value, int max) {
    if (value == null || value.isBlank()) {
      throw OrchestratorException.validation(name + " is required");
    }
    if (value.length() > max) {
      throw OrchestratorException.validation(name + " must be at most " + max + " characters");
    }
    return value;
  }

  /** An optional string: null stays null, otherwise at most {@code max} characters. */
  public static String optionalText(String name, String value, int max) {
    if (value != null && value.length() > max) {
      throw OrchestratorException.validation(name + " must be at most " + max + " characters");
    }
    return value;
  }

  public static String id(String name, String value) {
    return text(name, value, MAX_ID);
  }

  public static Money amount(String name, String value, ErrorCode code) {
    if (value == null) {
      throw new OrchestratorException(code == ErrorCode.INVALID_AMOUNT_FORMAT ? code : ErrorCode.VALIDATION_ERROR,
          name + " is required");
    }
    return Money.parsePositive(value, code);
  }

  public static int limit(int limit) {
    if (limit < 1 || limit > 100) {
      throw OrchestratorException.validation("limit must be 1..100, was " + limit);
    }
    return limit;
  }

  public static int offset(int offset) {
    if (offset < 0) {
      throw OrchestratorException.validation("offset must be >= 0, was " + offset);
    }
    return offset;
  }

  public static String email(String value) {
    if (value == null) {
      return null;
    }
    optionalText("email", value, 254);
    int at = value.indexOf('@');
    if (at < 1 || at != value.lastIndexOf('@') || value.indexOf('.', at) < at + 2 || value.endsWith(".")
        || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw OrchestratorException.validation("email is not a valid e-mail address");
    }
    return value;
  }
}

package com.offerhub.orchestrator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception type the engine raises for a request it cannot carry out. It carries a stable
 * {@link ErrorCode}, a message naming the ids involved and optional structured details. Messages
 * and details never contain secrets.
 */
public class OrchestratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final Map<String, Object> details;

  public OrchestratorException(ErrorCode code, String message) {
    this(code, message, Map.of(), null);
  }

  public OrchestratorException(ErrorCode code, String message, Map<String, ?> details) {
    this(code, message, details, null);
  }

  public OrchestratorException(ErrorCode code, String message, Map<String, ?> details, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public ErrorCode code() {
    return code;
  }

  /** Structured details (e.g. {@code requested}, {@code available}); never null. */
  public Map<String, Object> details() {
    return details;
  }

  public static OrchestratorException validation(String message) {
    return new OrchestratorException(ErrorCode.VALIDATION_ERROR, message);
  }

  @Override
  public String toString() {
    return "OrchestratorException[" + code + "]: " + getMessage();
  }
}

package com.offerhub.orchestrator.server.http;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An error answer: HTTP status, stable code, message and optional details. */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, Object> details;

  public ApiError(int status, String code, String message, Map<String, ?> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details == null ? null : new LinkedHashMap<>(details);
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public static ApiError of(ErrorCode code, String message) {
    return new ApiError(code.httpStatus(), code.name(), message, null);
  }

  public static ApiError of(ErrorCode code, String message, Map<String, ?> details) {
    return new ApiError(code.httpStatus(), code.name(), message, details);
  }

  public static ApiError from(OrchestratorException e) {
    return new ApiError(e.code().httpStatus(), e.code().name(), e.getMessage(), e.details().isEmpty() ? null
        : e.details());
  }

  public static ApiError notFound(String message) {
    return of(ErrorCode.NOT_FOUND, message);
  }

  public static ApiError validation(String message) {
    return of(ErrorCode.VALIDATION_ERROR, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }
}

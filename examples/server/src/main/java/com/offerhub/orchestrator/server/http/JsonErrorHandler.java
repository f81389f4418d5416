package com.offerhub.orchestrator.server.http;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any route runs (a request line it refuses, such as an encoded
 * NUL in the path): the same JSON error envelope as every other error, never an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    String errorCode = code == 404 ? "NOT_FOUND" : code == 413 ? "VALIDATION_ERROR" : code < 500 ? "VALIDATION_ERROR"
        : "INTERNAL_ERROR";
    String text = code < 500 ? "Bad request" : "Internal server error";
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", errorCode);
    error.put("message", text);
    error.put("details", Map.of("requestId", UUID.randomUUID().toString()));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(Json.bytes(Map.of("error", error))), callback);
  }

  // Jetty 12 marks this hook for removal but still calls it for requests it cannot parse; without it
  // those answers would be HTML instead of the API's JSON error.
  @Override
  @SuppressWarnings("removal")
  public ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status < 500 ? "VALIDATION_ERROR" : "INTERNAL_ERROR");
    error.put("message", status < 500 ? "Bad request" : "Internal server error");
    return ByteBuffer.wrap(Json.bytes(Map.of("error", error)));
  }
}

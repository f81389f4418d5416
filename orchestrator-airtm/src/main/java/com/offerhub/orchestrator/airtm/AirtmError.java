package com.offerhub.orchestrator.airtm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * AirTM's error body {@code {"code": "<reason code>", "message": "<text>", "data": {...}}} (spec/06
 * §2); both parts empty when the body is not of that form.
 */
record AirtmError(String code, String message) {
  private static final AirtmError NONE = new AirtmError("", "");

  static AirtmError of(byte[] body) {
    return AirtmPaymentProvider.json(body).filter(JsonNode::isObject).map(node -> {
      String code = AirtmPaymentProvider.text(node, "code");
      String message = AirtmPaymentProvider.text(node, "message");
      return new AirtmError(code == null ? "" : code.trim(), message == null ? "" : message);
    }).orElse(NONE);
  }
}

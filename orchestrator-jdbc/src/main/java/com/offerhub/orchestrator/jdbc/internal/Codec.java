package com.offerhub.orchestrator.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.StepState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encodings of the few non-scalar fields: JSON for maps and saga steps, Java serialisation for stored responses. */
final class Codec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectInputFilter RESPONSES = ObjectInputFilter.Config.createFilter(
      "com.offerhub.orchestrator.**;java.lang.*;java.util.*;java.time.*;java.math.*;[B;!*");

  private Codec() {}

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  static Map<String, Object> objectMap(String json) {
    return read(json, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  static Map<String, String> stringMap(String json) {
    return read(json, new TypeReference<LinkedHashMap<String, String>>() {});
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  static String steps(List<SagaStep> steps) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (SagaStep step : steps) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", step.index());
      m.put("action", step.action());
      m.put("signer", step.signerUserId());
      m.put("state", step.state().name());
      m.put("unsigned", step.unsignedXdr());
      m.put("signed", step.signedEnvelope());
      m.put("hash", step.txHash());
      m.put("validUntil", step.validUntil() == null ? null : step.validUntil().toString());
      m.put("error", step.error());
      m.put("attempts", step.attempts());
      out.add(m);
    }
    return json(out);
  }

  static List<SagaStep> steps(String json) {
    List<Map<String, Object>> raw = read(json, new TypeReference<List<Map<String, Object>>>() {});
    List<SagaStep> steps = new ArrayList<>();
    for (Map<String, Object> m : raw) {
      Object until = m.get("validUntil");
      steps.add(new SagaStep(((Number) m.get("index")).intValue(), (String) m.get("action"), (String) m.get("signer"),
          StepState.valueOf((String) m.get("state")), (String) m.get("unsigned"), (String) m.get("signed"),
          (String) m.get("hash"), until == null ? null : Instant.parse((String) until), (String) m.get("error"),
          ((Number) m.get("attempts")).intValue()));
    }
    return steps;
  }

  static byte[] serialize(Serializable value) {
    if (value == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot store response " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  static Serializable deserialize(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(RESPONSES);
      return (Serializable) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("stored response is unreadable", e);
    }
  }
}

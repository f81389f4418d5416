package com.offerhub.orchestrator.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.StepState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

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

  /**
   * A stored response: Java serialisation, deflated (its class descriptors repeat names, so a
   * response of about 1 KB shrinks by about half, and every keyed command writes one).
   */
  static byte[] serialize(Serializable value) {
    if (value == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (ObjectOutputStream out = new ObjectOutputStream(new DeflaterOutputStream(bytes, deflater, 512))) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot store response " + value.getClass().getName(), e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  /** Reads a stored response; one stored before responses were deflated (Java serialisation's magic first) too. */
  static Serializable deserialize(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    boolean plain = bytes.length >= 2 && bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED;
    InputStream source = plain ? new ByteArrayInputStream(bytes)
        : new InflaterInputStream(new ByteArrayInputStream(bytes));
    try (ObjectInputStream in = new ObjectInputStream(source)) {
      in.setObjectInputFilter(RESPONSES);
      return (Serializable) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("stored response is unreadable", e);
    }
  }
}

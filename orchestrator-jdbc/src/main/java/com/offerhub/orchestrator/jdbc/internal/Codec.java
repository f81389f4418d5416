package com.offerhub.orchestrator.jdbc.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
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
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Encodings of the few non-scalar fields: JSON for maps and saga steps; for stored responses JSON
 * when the response is one of our plain records (see {@link #plainRecord}), else Java
 * serialisation, deflated.
 */
final class Codec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectInputFilter RESPONSES = ObjectInputFilter.Config.createFilter(
      "com.offerhub.orchestrator.**;java.lang.*;java.util.*;java.time.*;java.math.*;[B;!*");
  private static final String OURS = "com.offerhub.orchestrator.";
  /** First byte of a response stored as JSON: then its class name, a newline, and the JSON. */
  private static final byte JSON_MARK = 'J';
  /**
   * Records by their fields (never by other methods that look like getters), built through their
   * canonical constructors; instants as ISO-8601 text (exact to the nanosecond); a field a later
   * version dropped is ignored.
   */
  private static final ObjectMapper RESPONSE_JSON = JsonMapper.builder()
      .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new SimpleModule()
          .addSerializer(Instant.class, new ToStringSerializer(Instant.class))
          .addDeserializer(Instant.class, new FromStringDeserializer<Instant>(Instant.class) {
            @Override
            protected Instant _deserialize(String value, DeserializationContext context) {
              return Instant.parse(value);
            }
          }))
      .build();
  private static final ClassValue<Boolean> PLAIN_RECORDS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return plainRecord(type, new HashSet<>());
    }
  };

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
   * A stored response. One of our plain records (nearly every command's result) as JSON: several
   * times cheaper to write than Java serialisation and about as small as that deflated. Anything
   * else (a refusal, which is an exception) by Java serialisation, deflated (its class descriptors
   * repeat names, so a response of about 1 KB shrinks by about half).
   */
  static byte[] serialize(Serializable value) {
    if (value == null) {
      return null;
    }
    if (PLAIN_RECORDS.get(value.getClass())) {
      try {
        byte[] name = value.getClass().getName().getBytes(StandardCharsets.UTF_8);
        byte[] json = RESPONSE_JSON.writeValueAsBytes(value);
        byte[] out = new byte[2 + name.length + json.length];
        out[0] = JSON_MARK;
        System.arraycopy(name, 0, out, 1, name.length);
        out[1 + name.length] = '\n';
        System.arraycopy(json, 0, out, 2 + name.length, json.length);
        return out;
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot store response " + value.getClass().getName(), e);
      }
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

  /**
   * Reads a stored response: JSON (only into a class {@link #plainRecord} accepts), deflated Java
   * serialisation, or plain Java serialisation as stored by earlier versions (its magic first).
   */
  static Serializable deserialize(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length > 0 && bytes[0] == JSON_MARK) {
      return fromJson(bytes);
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

  private static Serializable fromJson(byte[] bytes) {
    int newline = 1;
    while (newline < bytes.length && bytes[newline] != '\n') {
      newline++;
    }
    String name = new String(bytes, 1, newline - 1, StandardCharsets.UTF_8);
    if (!name.startsWith(OURS)) {
      throw new IllegalStateException("stored response is unreadable: " + name + " is not one of ours");
    }
    try {
      Class<?> type = Class.forName(name, false, Codec.class.getClassLoader());
      if (newline == bytes.length || !PLAIN_RECORDS.get(type)) {
        throw new IllegalStateException("stored response is unreadable: " + name + " is not a plain record");
      }
      return (Serializable) RESPONSE_JSON.readValue(bytes, newline + 1, bytes.length - newline - 1, type);
    } catch (ClassNotFoundException | IOException e) {
      throw new IllegalStateException("stored response is unreadable", e);
    }
  }

  /**
   * Whether JSON carries {@code type} exactly: a serialisable record of ours whose components are
   * strings, primitives and their boxes, enums, instants, such records, or lists and sets of those.
   * A {@code Map<String, Object>} or any other open type could come back with other classes than
   * it went in with, so such records keep Java serialisation.
   */
  static boolean plainRecord(Class<?> type, Set<Class<?>> seen) {
    if (!type.isRecord() || !Serializable.class.isAssignableFrom(type)
        || !type.getName().startsWith(OURS)) {
      return false;
    }
    if (!seen.add(type)) {
      return true;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      if (!plainComponent(component.getGenericType(), seen)) {
        return false;
      }
    }
    return true;
  }

  private static boolean plainComponent(Type type, Set<Class<?>> seen) {
    if (type instanceof ParameterizedType p) {
      Type raw = p.getRawType();
      return (raw == List.class || raw == Set.class) && plainComponent(p.getActualTypeArguments()[0], seen);
    }
    if (!(type instanceof Class<?> c)) {
      return false;
    }
    return c.isPrimitive() || c == String.class || c == Integer.class || c == Long.class || c == Boolean.class
        || c == Instant.class || c.isEnum() || plainRecord(c, seen);
  }
}

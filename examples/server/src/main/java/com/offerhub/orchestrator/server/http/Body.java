package com.offerhub.orchestrator.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object body read field by field. Problems are collected and reported together by
 * {@link #check()} as one 400 VALIDATION_ERROR with {@code validationErrors} and {@code fields}.
 * Types are never coerced: a number where a string is expected is an error.
 */
public final class Body {
  private final ObjectNode node;
  private final List<String[]> errors = new ArrayList<>();

  private Body(ObjectNode node) {
    this.node = node;
  }

  /** An absent or empty body is {@code {}}; anything but a JSON object is refused. */
  public static Body parse(byte[] raw) {
    if (raw == null || isBlank(raw)) {
      return new Body(Json.mapper().createObjectNode());
    }
    JsonNode parsed = Json.parse(raw);
    if (!(parsed instanceof ObjectNode object)) {
      throw ApiError.validation("The request body must be a JSON object");
    }
    return new Body(object);
  }

  private static boolean isBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Strict endpoints: every member not in {@code allowed} is an error. */
  public Body strict(Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        error(name, "property " + printable(name) + " should not exist");
      }
    }
    return this;
  }

  public boolean has(String name) {
    return node.has(name) && !node.get(name).isNull();
  }

  private JsonNode pick(String name, String... aliases) {
    JsonNode value = node.get(name);
    String chosen = name;
    for (String alias : aliases) {
      JsonNode other = node.get(alias);
      if (other == null || other.isNull()) {
        continue;
      }
      if (value != null && !value.isNull() && !value.equals(other)) {
        error(name, name + " and its alias " + alias + " have different values");
        return null;
      }
      value = other;
      chosen = alias;
    }
    return value == null || value.isNull() ? null : value;
  }

  /** An optional string (null when absent); {@code maxLength} bounds it. */
  public String text(String name, int maxLength, String... aliases) {
    JsonNode value = pick(name, aliases);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      error(name, name + " must be a string");
      return null;
    }
    String text = value.textValue();
    if (text.length() > maxLength) {
      error(name, name + " must be at most " + maxLength + " characters");
      return null;
    }
    if (hasControl(text, maxLength <= SHORT)) {
      error(name, name + " must not contain control characters");
      return null;
    }
    return text;
  }

  /** Fields this short are ids and names: no control characters at all; longer text may hold line breaks. */
  private static final int SHORT = 256;

  /**
   * Control characters (C0, DEL, C1) and unpaired UTF-16 surrogates: refused everywhere, since a
   * database may store a lone surrogate as "?" and so merge distinct values; line breaks and tabs are
   * allowed only in longer text.
   */
  static boolean hasControl(String text, boolean strict) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      if ((c < 0x20 && (strict || !lineBreak)) || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }


  public String requiredText(String name, int maxLength, String... aliases) {
    boolean present = pick(name, aliases) != null;
    String text = text(name, maxLength, aliases);
    if (!present) {
      error(name, name + " should not be empty");
    } else if (text != null && text.isBlank()) {
      error(name, name + " should not be empty");
      return null;
    }
    return text;
  }

  /** An amount: must be a JSON string; its format is checked where it is used (exact decimal rules). */
  public String amount(String name, boolean required, String... aliases) {
    JsonNode value = pick(name, aliases);
    if (value == null) {
      if (required) {
        error(name, name + " should not be empty");
      }
      return null;
    }
    if (!value.isTextual()) {
      error(name, name + " must be a decimal string such as \"100.00\"");
      return null;
    }
    String text = value.textValue();
    if (text.length() > 40) {
      error(name, name + " is too long");
      return null;
    }
    return text;
  }

  /** An enum given by its exact (uppercase) constant name, e.g. {@code "BUYER"}. */
  public <E extends Enum<E>> E enumValue(String name, Class<E> type, boolean required, String... aliases) {
    return choose(name, type, required, Enum::name, aliases);
  }

  /** A lowercase wire value mapped onto an enum constant (e.g. {@code "crypto"} to CRYPTO). */
  public <E extends Enum<E>> E lowerEnum(String name, Class<E> type, boolean required) {
    return choose(name, type, required, option -> option.name().toLowerCase(Locale.ROOT));
  }

  private <E extends Enum<E>> E choose(String name, Class<E> type, boolean required,
      java.util.function.Function<E, String> wire, String... aliases) {
    JsonNode value = pick(name, aliases);
    if (value == null) {
      if (required) {
        error(name, name + " should not be empty");
      }
      return null;
    }
    List<String> names = new ArrayList<>();
    for (E option : type.getEnumConstants()) {
      String wireName = wire.apply(option);
      names.add(wireName);
      if (value.isTextual() && wireName.equals(value.textValue())) {
        return option;
      }
    }
    error(name, name + " must be one of the following values: " + String.join(", ", names));
    return null;
  }

  public List<String> textList(String name, int maxItems, int maxLength, boolean required) {
    JsonNode value = pick(name);
    if (value == null) {
      if (required) {
        error(name, name + " should not be empty");
      }
      return null;
    }
    if (!value.isArray() || value.size() > maxItems) {
      error(name, name + " must be an array of at most " + maxItems + " strings");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || item.textValue().length() > maxLength || hasControl(item.textValue(), false)) {
        error(name, "each value in " + name + " must be a string of at most " + maxLength + " characters");
        return null;
      }
      out.add(item.textValue());
    }
    return out;
  }

  public Boolean bool(String name) {
    JsonNode value = pick(name);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      error(name, name + " must be a boolean value");
      return null;
    }
    return value.booleanValue();
  }

  /** An optional JSON object, returned as compact JSON text. */
  public String objectJson(String name, int maxLength) {
    JsonNode value = pick(name);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      error(name, name + " must be an object");
      return null;
    }
    String text = Json.text(value);
    if (text.length() > maxLength) {
      error(name, name + " must be at most " + maxLength + " characters of JSON");
      return null;
    }
    return text;
  }

  /** Raw access for nested structures (e.g. milestone items). */
  public JsonNode raw(String name) {
    return pick(name);
  }

  public static Body of(JsonNode object) {
    return new Body((ObjectNode) object);
  }

  public void error(String field, String message) {
    errors.add(new String[] {field, message});
  }

  /** Merges a nested body's problems, prefixing their fields. */
  public void absorb(String prefix, Body nested) {
    for (String[] e : nested.errors) {
      errors.add(new String[] {prefix + "." + e[0], prefix + "." + e[1]});
    }
  }

  /** Throws the collected problems, if any. */
  public void check() {
    if (errors.isEmpty()) {
      return;
    }
    List<String> messages = new ArrayList<>();
    List<Map<String, String>> fields = new ArrayList<>();
    for (String[] e : errors) {
      messages.add(e[1]);
      Map<String, String> field = new LinkedHashMap<>();
      field.put("field", e[0]);
      field.put("message", e[1]);
      fields.add(field);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("validationErrors", messages);
    details.put("fields", fields);
    throw new ApiError(400, "VALIDATION_ERROR", "General validation error", details);
  }

  private static String printable(String name) {
    String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
    StringBuilder out = new StringBuilder();
    for (char c : cut.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}

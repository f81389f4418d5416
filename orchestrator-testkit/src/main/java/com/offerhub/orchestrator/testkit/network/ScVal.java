package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.nio.charset.StandardCharsets;

/**
 * A Soroban contract value as the network model sees it (an SDK-free mirror of XDR {@code SCVal}):
 * what contract invocations carry as arguments and return. Fronts decode real XDR into these; the
 * in-process fronts build them directly. Equality is structural, so an argument list can be
 * compared with what a contract expects.
 */
public sealed interface ScVal extends Serializable {

  /** An account ({@code G…}) or contract ({@code C…}) address. */
  record Address(String value) implements ScVal {
    public Address {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A UTF-8 string. */
  record Str(String value) implements ScVal {
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A symbol (map keys of contract types). */
  record Sym(String value) implements ScVal {
    public Sym {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Opaque bytes, kept as lowercase hex so that equality is by content. */
  record Bytes(String hex) implements ScVal {
    public Bytes {
      Objects.requireNonNull(hex, "hex");
      hex = hex.toLowerCase(java.util.Locale.ROOT);
    }

    public byte[] bytes() {
      return java.util.HexFormat.of().parseHex(hex);
    }
  }

  /** Integer kinds of Soroban. */
  enum IntKind { U32, I32, U64, I64, U128, I128, U256, I256 }

  /** An integer of one of Soroban's kinds. */
  record Int(IntKind kind, BigInteger value) implements ScVal {
    public Int {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A boolean. */
  record Bool(boolean value) implements ScVal {}

  /** The unit value (an absent {@code Option}). */
  record Void() implements ScVal {}

  /** A vector. */
  record Vec(List<ScVal> items) implements ScVal {
    public Vec {
      items = List.copyOf(items);
    }
  }

  /** A map entry. */
  record Entry(ScVal key, ScVal value) implements Serializable {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A map; entries keep their order (Soroban maps are sorted by key, builders here sort symbol keys). */
  record Map(List<Entry> entries) implements ScVal {
    public Map {
      entries = List.copyOf(entries);
    }

    /** The value under symbol key {@code name}, or null. */
    public ScVal get(String name) {
      for (Entry entry : entries) {
        if (entry.key() instanceof Sym sym && sym.value().equals(name)) {
          return entry.value();
        }
      }
      return null;
    }
  }

  /** A value of a type the model does not interpret (kept so that comparisons fail safely). */
  record Other(String type) implements ScVal {}

  static ScVal address(String value) {
    return new Address(value);
  }

  static ScVal str(String value) {
    return new Str(value);
  }

  static ScVal i128(long value) {
    return new Int(IntKind.I128, BigInteger.valueOf(value));
  }

  static ScVal u32(long value) {
    return new Int(IntKind.U32, BigInteger.valueOf(value));
  }

  /** A map with symbol keys, sorted by key as Soroban requires. */
  static Map symbolMap(java.util.Map<String, ScVal> values) {
    List<Entry> entries = new ArrayList<>();
    values.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .forEach(e -> entries.add(new Entry(new Sym(e.getKey()), e.getValue())));
    return new Map(entries);
  }

  /** A compact, deterministic text form (used by the in-process envelope format). */
  static String encode(ScVal value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** Parses {@link #encode}'s form; throws IllegalArgumentException on anything else. */
  static ScVal decode(String text) {
    int[] pos = {0};
    ScVal value = read(text, pos);
    if (pos[0] != text.length()) {
      throw new IllegalArgumentException("trailing characters in value");
    }
    return value;
  }

  private static void write(ScVal value, StringBuilder out) {
    if (value instanceof Address a) {
      out.append("a:").append(a.value()).append(';');
    } else if (value instanceof Str s) {
      out.append("s:").append(b64(s.value())).append(';');
    } else if (value instanceof Sym s) {
      out.append("y:").append(b64(s.value())).append(';');
    } else if (value instanceof Bytes b) {
      out.append("x:").append(b.hex()).append(';');
    } else if (value instanceof Int i) {
      out.append("n:").append(i.kind().name()).append(':').append(i.value()).append(';');
    } else if (value instanceof Bool b) {
      out.append(b.value() ? "t;" : "f;");
    } else if (value instanceof Void) {
      out.append("v;");
    } else if (value instanceof Other o) {
      out.append("o:").append(b64(o.type())).append(';');
    } else if (value instanceof Vec v) {
      out.append('[');
      v.items().forEach(item -> write(item, out));
      out.append(']');
    } else if (value instanceof Map m) {
      out.append('{');
      m.entries().forEach(e -> {
        write(e.key(), out);
        write(e.value(), out);
      });
      out.append('}');
    } else {
      throw new IllegalArgumentException("unknown value kind");
    }
  }

  private static ScVal read(String text, int[] pos) {
    if (pos[0] >= text.length()) {
      throw new IllegalArgumentException("value expected");
    }
    char c = text.charAt(pos[0]);
    if (c == '[') {
      pos[0]++;
      List<ScVal> items = new ArrayList<>();
      while (pos[0] < text.length() && text.charAt(pos[0]) != ']') {
        items.add(read(text, pos));
      }
      expect(text, pos, ']');
      return new Vec(items);
    }
    if (c == '{') {
      pos[0]++;
      List<Entry> entries = new ArrayList<>();
      while (pos[0] < text.length() && text.charAt(pos[0]) != '}') {
        ScVal key = read(text, pos);
        entries.add(new Entry(key, read(text, pos)));
      }
      expect(text, pos, '}');
      return new Map(entries);
    }
    int end = text.indexOf(';', pos[0]);
    if (end < 0) {
      throw new IllegalArgumentException("unterminated value");
    }
    String token = text.substring(pos[0], end);
    pos[0] = end + 1;
    switch (token) {
      case "t":
        return new Bool(true);
      case "f":
        return new Bool(false);
      case "v":
        return new Void();
      default:
        break;
    }
    if (token.length() < 2 || token.charAt(1) != ':') {
      throw new IllegalArgumentException("unknown value");
    }
    String body = token.substring(2);
    return switch (token.charAt(0)) {
      case 'a' -> new Address(body);
      case 's' -> new Str(unb64(body));
      case 'y' -> new Sym(unb64(body));
      case 'x' -> new Bytes(body);
      case 'o' -> new Other(unb64(body));
      case 'n' -> {
        int colon = body.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("bad integer");
        }
        yield new Int(IntKind.valueOf(body.substring(0, colon)), new BigInteger(body.substring(colon + 1)));
      }
      default -> throw new IllegalArgumentException("unknown value");
    };
  }

  private static void expect(String text, int[] pos, char c) {
    if (pos[0] >= text.length() || text.charAt(pos[0]) != c) {
      throw new IllegalArgumentException("'" + c + "' expected");
    }
    pos[0]++;
  }

  private static String b64(String value) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String value) {
    return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
  }
}

package com.offerhub.orchestrator.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored responses: deflated when written, and still readable when stored plain by an earlier version. */
class CodecTest {
  private static Map<String, Object> response() {
    Map<String, Object> response = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add("ord_" + i);
    }
    response.put("orders", ids);
    response.put("status", "FUNDS_RESERVED");
    return response;
  }

  @Test
  void aResponseIsStoredDeflatedAndReadBack() throws Exception {
    LinkedHashMap<String, Object> response = new LinkedHashMap<>(response());
    byte[] stored = Codec.serialize(response);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(plain)) {
      out.writeObject(response);
    }
    assertNotEquals((byte) 0xAC, stored[0], "not plain Java serialisation");
    assertTrue(stored.length < plain.size(), stored.length + " bytes stored for " + plain.size() + " plain");
    assertEquals(response, Codec.deserialize(stored));
  }

  @Test
  void aResponseStoredPlainIsStillRead() throws Exception {
    LinkedHashMap<String, Object> response = new LinkedHashMap<>(response());
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(plain)) {
      out.writeObject(response);
    }
    assertEquals(response, Codec.deserialize(plain.toByteArray()));
  }

  @Test
  void classesOutsideTheFilterAreRefusedDeflatedToo() {
    byte[] stored = Codec.serialize(new java.net.InetSocketAddress(80));
    assertThrows(IllegalStateException.class, () -> Codec.deserialize(stored));
  }
}

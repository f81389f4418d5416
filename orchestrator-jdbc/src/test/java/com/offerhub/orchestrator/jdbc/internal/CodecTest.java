package com.offerhub.orchestrator.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.ApiKeyOperations;
import com.offerhub.orchestrator.BalanceOperationResult;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.model.ApiKey;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.EscrowStatus;
import com.offerhub.orchestrator.model.Milestone;
import com.offerhub.orchestrator.model.MilestoneStatus;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.TopUp;
import com.offerhub.orchestrator.model.TopUpStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserStatus;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stored responses: our plain records as JSON and read back equal; anything else deflated Java
 * serialisation, still readable when stored plain by an earlier version.
 */
class CodecTest {
  private static final Instant AT = Instant.parse("2026-12-02T10:15:30.123456789Z");

  private static Order order() {
    return new Order("ord_1", "ref-1", "usr_b", "usr_s", Money.of(12), "USD", OrderStatus.FUNDS_RESERVED, "Logo",
        null, "{\"k\":\"v\"}", List.of(new Milestone("m1", "Draft", Money.ofStroops(50_000_001),
            MilestoneStatus.OPEN, null), new Milestone("m2", "Final", Money.ofStroops(69_999_999),
            MilestoneStatus.OPEN, AT)), AT, AT.plusSeconds(1));
  }

  private static List<Serializable> plainRecords() {
    Balance before = new Balance("usr_b", Money.of(20), Money.ZERO, "USD", AT);
    Balance after = new Balance("usr_b", Money.of(8), Money.of(12), "USD", AT.plusMillis(5));
    Escrow escrow = new Escrow("esc_1", "ord_1", "CCONTRACT", EscrowStatus.CREATING, Money.of(12), 250, 100, true,
        null, null, null, null, AT, AT);
    Dispute dispute = new Dispute("dsp_1", "ord_1", DisputeParty.BUYER, DisputeReason.NOT_DELIVERED,
        List.of("https://e/1", "https://e/2"), DisputeStatus.OPEN, null, null, null, null, null, AT, AT);
    return List.of(order(), before, new BalanceOperationResult("reserve", Money.of(12), before, after),
        new OrderSnapshot(order(), escrow, dispute), new OrderSnapshot(order(), null, null),
        new Withdrawal("wd_1", "usr_b", Money.of(3), "USD", WithdrawalStatus.WITHDRAWAL_CREATED,
            DestinationType.CRYPTO, "GDEST", null, null, null, "payout", AT, AT),
        new TopUp("top_1", "usr_b", Money.of(4), "USD", TopUpStatus.TOPUP_CREATED, "https://pay", null, null, null,
            AT, AT),
        new User("usr_b", "ext-b", "b@example.com", UserType.BUYER, UserStatus.ACTIVE, null, null, null, AT, AT),
        new ApiKeyOperations.CreatedApiKey(new ApiKey("key_1", "ops", "hash", "salt",
            new java.util.TreeSet<>(Set.of("read", "write")), "mkt", AT, null, null), "ohk_secret"));
  }

  @Test
  void plainRecordsAreStoredAsJsonAndReadBackEqual() {
    for (Serializable value : plainRecords()) {
      byte[] stored = Codec.serialize(value);
      assertEquals('J', stored[0], value.getClass().getSimpleName() + " stored as JSON");
      assertEquals(value, Codec.deserialize(stored), value.getClass().getSimpleName());
    }
  }

  @Test
  void aRefusalKeepsJavaSerialisationWithItsCodeAndDetails() {
    OrchestratorException refusal = new OrchestratorException(ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds",
        Map.of("available", "8.00"));
    byte[] stored = Codec.serialize(refusal);
    assertNotEquals('J', stored[0]);
    OrchestratorException read = (OrchestratorException) Codec.deserialize(stored);
    assertEquals(ErrorCode.INSUFFICIENT_FUNDS, read.code());
    assertEquals("Insufficient funds", read.getMessage());
    assertEquals(refusal.details(), read.details());
  }

  @Test
  void onlyPlainRecordsOfOursAreReadFromJson() {
    assertFalse(Codec.plainRecord(LinkedHashMap.class, new java.util.HashSet<>()));
    // a record with an open component (Map<String, Object>) keeps Java serialisation
    assertFalse(Codec.plainRecord(com.offerhub.orchestrator.model.DomainEvent.class, new java.util.HashSet<>()));
    byte[] forged = "Jjava.net.InetSocketAddress\n{}".getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalStateException.class, () -> Codec.deserialize(forged));
    byte[] unknown = "Jcom.offerhub.orchestrator.model.NoSuchThing\n{}".getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalStateException.class, () -> Codec.deserialize(unknown));
  }

  @Test
  void aFieldAddedByALaterVersionIsIgnored() {
    byte[] stored = ("Jcom.offerhub.orchestrator.model.Balance\n{\"userId\":\"usr_b\",\"available\":{\"stroops\":5},"
        + "\"reserved\":{\"stroops\":0},\"currency\":\"USD\",\"updatedAt\":\"2026-12-02T10:15:30Z\","
        + "\"addedLater\":true}").getBytes(StandardCharsets.UTF_8);
    assertEquals(new Balance("usr_b", Money.ofStroops(5), Money.ZERO, "USD", Instant.parse("2026-12-02T10:15:30Z")),
        Codec.deserialize(stored));
  }

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

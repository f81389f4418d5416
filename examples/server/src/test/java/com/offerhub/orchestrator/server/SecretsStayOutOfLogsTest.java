package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.simulator.Faults;
import com.offerhub.orchestrator.simulator.StellarSimulator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.StrKey;

/**
 * Issue 9: no secret in any log line or exception. The server runs in testnet mode against the
 * simulator through deposits, escrow, a release and a withdrawal, with lost answers and refusals on
 * the way (so the warning and error paths log and store their reasons), while everything the process
 * prints is captured. Neither the output, nor any answer, nor the audit log may hold a Stellar secret
 * seed (any valid {@code S...} key, wallet, funding or channel), the wallet encryption key, the JWT
 * secret, the master key or the Trustless Work API key.
 */
class SecretsStayOutOfLogsTest {
  private static final String FUNDING = "SA3L2DOX3KGZBEDCXJGVGQFCBEEID63YASBZLCRPRZZNFHY476FRSE3L";
  private static final String ENCRYPTION_KEY = "5c".repeat(32);
  private static final String JWT_SECRET = "jwt-secret-that-must-not-leak-0123456789";
  private static final String TW_KEY = "tw-api-key-that-must-not-leak";
  private static final Pattern SEED = Pattern.compile("S[A-Z2-7]{55}");

  @Test
  void aFlowWithFaultsLeavesNoSecretInOutputAnswersOrAudit() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    PrintStream out = System.out;
    System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
    List<String> answers = new ArrayList<>();
    try (StellarSimulator simulator = StellarSimulator.builder().port(0).ledgerInterval(Duration.ofMillis(100))
        .twApiKey(TW_KEY).start()) {
      ServerHarness harness = ServerHarness.start(ServerHarness.Db.POSTGRES, env(simulator));
      try {
        runFlow(harness, simulator, answers);
      } finally {
        harness.close();
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("will retry"), "the capture saw the warnings of the faults:\n" + printed);
    assertEquals(List.of(), leaks(printed), "printed output");
    assertEquals(List.of(), leaks(String.join("\n", answers)), "HTTP answers and audit log");
  }

  @Test
  void theScannerFindsWhatItLooksFor() {
    assertEquals(List.of("a secret seed"), leaks("boom: " + FUNDING + " at x"));
    assertEquals(List.of("a secret seed"), leaks("seed=" + new String(org.stellar.sdk.KeyPair.random()
        .getSecretSeed())));
    assertEquals(List.of("the Trustless Work API key"), leaks("x-api-key: " + TW_KEY));
    assertEquals(List.of(), leaks("SAME OLD STORY, NOT A KEY: S" + "A".repeat(55)), "checksums are verified");
  }

  private static Map<String, String> env(StellarSimulator simulator) {
    String base = simulator.baseUrl();
    Map<String, String> env = new HashMap<>();
    env.put("OFFERHUB_MODE", "testnet");
    env.put("WALLET_ENCRYPTION_KEY", ENCRYPTION_KEY);
    env.put("OFFERHUB_JWT_SECRET", JWT_SECRET);
    env.put("STELLAR_HORIZON_URL", base);
    env.put("STELLAR_RPC_URL", base + "/rpc");
    env.put("STELLAR_FRIENDBOT_URL", base + "/friendbot");
    env.put("TRUSTLESS_API_URL", base + "/tw");
    env.put("TRUSTLESS_API_KEY", TW_KEY);
    env.put("STELLAR_FUNDING_SECRET", FUNDING);
    env.put("STELLAR_CHANNEL_ACCOUNTS", "2");
    env.put("SYNC_WAIT_MS", "3000");
    return env;
  }

  private static void runFlow(ServerHarness harness, StellarSimulator simulator, List<String> answers)
      throws Exception {
    Http api = harness.client("read", "write", "support");
    String buyer = ServerHarness.user(api, "leak-buyer");
    String seller = ServerHarness.user(api, "leak-seller");
    TestnetModeTest.waitFor(() -> ready(harness, buyer) && ready(harness, seller), "wallets activated");
    simulator.network().depositFromOutside(harness.server().engine().wallets().depositAddress(buyer),
        com.offerhub.orchestrator.model.Money.of(150));
    TestnetModeTest.waitFor(() -> available(api, buyer).compareTo(new BigDecimal("150")) == 0, "deposit credited");

    // A submit applied whose answer is lost, then a Trustless Work 500 on the release's first build.
    simulator.faults().nextSubmits(Faults.Submit.TIMEOUT_AFTER_APPLY, 1);
    String order = ServerHarness.fundedOrder(api, buyer, seller, "40.00", "leak order");
    simulator.faults().twStatus("*", 500, 2);
    answers.add(api.post("/orders/" + order + "/resolution/release").text());
    TestnetModeTest.waitFor(() -> "CLOSED".equals(api.get("/orders/" + order).data().get("status").asText()), "order closed");

    // A withdrawal whose first submit is dropped, and one refused for a bad destination.
    simulator.faults().nextSubmits(Faults.Submit.RESET, 1);
    String destination = harness.server().engine().wallets().depositAddress(seller);
    answers.add(api.post("/withdrawals", Map.of("userId", buyer, "amount", "10.00", "destinationType", "crypto",
        "destinationRef", destination)).text());
    answers.add(api.invalidRequest().post("/withdrawals", Map.of("userId", buyer, "amount", "10.00",
        "destinationType", "crypto", "destinationRef", "GNOTANACCOUNT")).text());
    TestnetModeTest.waitFor(() -> available(api, buyer).compareTo(new BigDecimal("100")) == 0, "withdrawal paid out");

    for (String path : new String[] {"/users/" + buyer + "/wallet", "/users/" + buyer + "/wallet/transactions",
        "/orders/" + order, "/config", "/health"}) {
      answers.add(api.get(path).text());
    }
    JsonNode audit = api.get("/audit/logs?limit=100").json();
    answers.add(audit.toString());
    assertTrue(audit.toString().contains("WITHDRAWAL"), "the audit log was read: " + audit);
  }

  /** What {@code text} gives away: each kind of secret found, once. */
  private static List<String> leaks(String text) {
    List<String> found = new ArrayList<>();
    Matcher seeds = SEED.matcher(text);
    while (seeds.find()) {
      try {
        StrKey.decodeEd25519SecretSeed(seeds.group().toCharArray());
        found.add("a secret seed");
        break;
      } catch (RuntimeException notASeed) {
        // the right shape, a wrong checksum: not a key
      }
    }
    Map<String, String> named = Map.of(ENCRYPTION_KEY, "the wallet encryption key", JWT_SECRET, "the JWT secret",
        ServerHarness.MASTER, "the master key", TW_KEY, "the Trustless Work API key");
    named.forEach((secret, name) -> {
      if (text.contains(secret)) {
        found.add(name);
      }
    });
    return found;
  }

  private static boolean ready(ServerHarness harness, String userId) {
    return harness.server().engine().wallets().get(userId).status() == WalletStatus.ACTIVE;
  }

  private static BigDecimal available(Http api, String userId) {
    return new BigDecimal(api.get("/users/" + userId + "/balance").json().get("available").asText());
  }

  /** Writes to the original stream and to the capture. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
    }
  }
}

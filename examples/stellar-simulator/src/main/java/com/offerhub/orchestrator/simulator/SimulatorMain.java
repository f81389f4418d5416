package com.offerhub.orchestrator.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator from the environment: {@code PORT} (8000), {@code SIMULATOR_DATA_DIR} (state
 * kept across restarts; unset: in memory), {@code SIMULATOR_LEDGER_INTERVAL_MS} (1000; 0 closes a
 * ledger on every submit), {@code TW_API_KEY} ({@code simulator-key}), {@code STELLAR_NETWORK_PASSPHRASE}
 * (testnet's), {@code STELLAR_USDC_ISSUER} (Circle's testnet issuer), {@code TW_CONTRACT_VARIANT}
 * ({@code B}), {@code AIRTM_API_KEY} ({@code sim-airtm-key}), {@code AIRTM_API_SECRET}
 * ({@code sim-airtm-secret}), {@code AIRTM_WEBHOOK_URL} (unset: none until registered) and
 * {@code AIRTM_WEBHOOK_SECRET} (unset: a fresh one, readable at {@code POST /airtm/_sim/webhooks}).
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    StellarSimulator.Builder builder = StellarSimulator.builder();
    try {
      builder.port(Integer.parseInt(env.getOrDefault("PORT", "8000")));
      builder.ledgerInterval(Duration.ofMillis(Long.parseLong(env.getOrDefault("SIMULATOR_LEDGER_INTERVAL_MS", "1000"))));
    } catch (IllegalArgumentException e) {
      System.err.println("PORT and SIMULATOR_LEDGER_INTERVAL_MS must be non-negative integers");
      System.exit(2);
      return;
    }
    String dataDir = env.get("SIMULATOR_DATA_DIR");
    if (dataDir != null && !dataDir.isBlank()) {
      builder.dataDir(Path.of(dataDir));
    }
    builder.twApiKey(env.getOrDefault("TW_API_KEY", "simulator-key"));
    builder.passphrase(env.getOrDefault("STELLAR_NETWORK_PASSPHRASE", StellarSimulator.TESTNET_PASSPHRASE));
    builder.usdcIssuer(env.getOrDefault("STELLAR_USDC_ISSUER", StellarSimulator.TESTNET_USDC_ISSUER));
    builder.variant(com.offerhub.orchestrator.testkit.network.SimulatedNetwork.Variant.valueOf(
        env.getOrDefault("TW_CONTRACT_VARIANT", "B")));
    builder.airtmApiKey(env.getOrDefault("AIRTM_API_KEY", "sim-airtm-key"));
    builder.airtmApiSecret(env.getOrDefault("AIRTM_API_SECRET", "sim-airtm-secret"));
    builder.airtmWebhookUrl(blankToNull(env.get("AIRTM_WEBHOOK_URL")));
    builder.airtmWebhookSecret(blankToNull(env.get("AIRTM_WEBHOOK_SECRET")));
    StellarSimulator simulator = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stopped.countDown();
    }, "stellar-simulator-stop"));
    System.out.println("stellar-simulator listening on " + simulator.baseUrl() + " (Horizon /, RPC /rpc, friendbot "
        + "/friendbot, Trustless Work /tw, admin /admin, AirTM /airtm: API /airtm/v2, checkout /airtm/payin/{id}, "
        + "controls /airtm/_sim), ledger " + simulator.network().ledger());
    stopped.await();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

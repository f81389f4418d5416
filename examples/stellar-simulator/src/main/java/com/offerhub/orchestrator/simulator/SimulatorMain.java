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
 * ({@code B}).
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
    StellarSimulator simulator = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stopped.countDown();
    }, "stellar-simulator-stop"));
    System.out.println("stellar-simulator listening on " + simulator.baseUrl() + " (Horizon /, RPC /rpc, friendbot "
        + "/friendbot, Trustless Work /tw, admin /admin), ledger " + simulator.network().ledger());
    stopped.await();
  }
}

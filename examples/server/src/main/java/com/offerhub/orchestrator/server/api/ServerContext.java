package com.offerhub.orchestrator.server.api;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.server.ServerConfig;
import com.offerhub.orchestrator.server.http.Tokens;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What the routes need: the engine, the configuration, the sandbox network (null outside sandbox)
 * and the sandbox's in-process AirTM (null unless sandbox mode with {@code PAYMENT_PROVIDER=airtm}).
 */
public record ServerContext(OrchestratorEngine engine, ServerConfig config, Map<String, String> env,
    SimulatedNetwork network, Tokens tokens, ExecutorService background, java.time.Clock clock, String version,
    com.offerhub.orchestrator.testkit.SimulatedPaymentProvider airtmSimulator) {

  public boolean sandbox() {
    return network != null;
  }

  /** The issuer of the USDC that counts: the sandbox network's, or the configured one (testnet, mainnet). */
  public String usdcIssuer() {
    return sandbox() ? network.usdcIssuer() : config.stellar().usdcIssuer();
  }

  public boolean airtm() {
    return config.paymentProvider() == ServerConfig.Provider.AIRTM;
  }

  public String setting(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

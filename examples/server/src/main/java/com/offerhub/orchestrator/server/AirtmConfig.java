package com.offerhub.orchestrator.server;

import com.offerhub.orchestrator.airtm.AirtmSettings;
import com.offerhub.orchestrator.airtm.SvixSignature;
import com.offerhub.orchestrator.model.Money;
import java.net.URI;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings of {@code PAYMENT_PROVIDER=airtm} (spec/06 §2, §3) and of the treasury that funds
 * escrows for fiat balances (ARCHITECTURE rule 11). In sandbox mode AirTM is simulated in process
 * and only the treasury settings apply; in testnet and mainnet mode the key, the secret and the
 * webhook secret are required, and start-up names every missing or malformed one (the reference
 * silently fell back to crypto). Secrets never appear in {@link #toString()}.
 *
 * @param environment {@code sandbox} or {@code production}
 * @param apiUrl AirTM's API base (AIRTM_API_URL overrides the environment's, e.g. for the simulator)
 * @param checkoutUrlTemplate where the payer confirms a pay-in; {@code {id}} is the pay-in id
 * @param publicBaseUrl this server's public address, for the pay-in return links
 * @param treasuryLowBalance an advance that leaves the treasury below it raises {@code treasury.balance_low}
 * @param sandboxTreasuryUsdc the USDC the sandbox puts in the treasury wallet at first start
 */
public record AirtmConfig(String environment, URI apiUrl, String apiKey, String apiSecret, String webhookSecret,
    String checkoutUrlTemplate, URI publicBaseUrl, Money treasuryLowBalance, Money sandboxTreasuryUsdc) {

  static final String SANDBOX_API = "https://api.stg.enterprise.airtm.com/v2";
  static final String PRODUCTION_API = "https://api.enterprise.airtm.com/v2";

  @Override
  public String toString() {
    return "AirtmConfig[" + environment + ", api=" + apiUrl + ", checkout=" + checkoutUrlTemplate + ", public="
        + publicBaseUrl + ", treasuryLowBalance=" + treasuryLowBalance + ", apiKey=" + (apiKey == null ? "unset"
        : "***") + ", apiSecret=" + (apiSecret == null ? "unset" : "***") + ", webhookSecret="
        + (webhookSecret == null ? "unset" : "***") + "]";
  }

  /** Whether AirTM is simulated in process (sandbox mode) rather than called over HTTP. */
  public boolean simulated() {
    return apiKey == null;
  }

  /** Reads the AirTM and treasury variables; every problem goes to {@code problems}. */
  static AirtmConfig read(boolean live, Function<String, String> env, Consumer<String> problems) {
    Money low = money(env, "TREASURY_LOW_BALANCE", "0", problems);
    Money sandboxUsdc = money(env, "SANDBOX_TREASURY_USDC", "1000000", problems);
    String webhookSecret = env.apply("AIRTM_WEBHOOK_SECRET");
    if (webhookSecret != null) {
      try {
        SvixSignature.of(webhookSecret);
      } catch (IllegalArgumentException e) {
        problems.accept("AIRTM_WEBHOOK_SECRET must be the whsec_… secret of the AirTM webhook endpoint (Settings → "
            + "Webhooks in the AirTM enterprise portal)");
      }
    }
    if (!live) {
      return new AirtmConfig("sandbox", null, null, null, webhookSecret, null, null,
          low, sandboxUsdc);
    }
    String environment = "sandbox";
    try {
      // the adapter's own reading of the names (sandbox, production, prod)
      environment = AirtmSettings.Environment.parse(env.apply("AIRTM_ENV") == null ? "sandbox"
          : env.apply("AIRTM_ENV")).name().toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      problems.accept("AIRTM_ENV must be sandbox, production or prod, was " + env.apply("AIRTM_ENV"));
    }
    String apiKey = required(env, "AIRTM_API_KEY", problems);
    String apiSecret = required(env, "AIRTM_API_SECRET", problems);
    if (webhookSecret == null) {
      problems.accept("AIRTM_WEBHOOK_SECRET is required with PAYMENT_PROVIDER=airtm: webhooks are never accepted "
          + "unverified");
    }
    URI apiUrl = uri(env, "AIRTM_API_URL", environment.equals("production") ? PRODUCTION_API : SANDBOX_API,
        problems);
    String checkout = env.apply("AIRTM_CHECKOUT_URL_TEMPLATE") == null ? "https://app.airtm.com/payin/{id}"
        : env.apply("AIRTM_CHECKOUT_URL_TEMPLATE");
    if (!checkout.contains("{id}")) {
      problems.accept("AIRTM_CHECKOUT_URL_TEMPLATE must contain {id}, the pay-in id");
    }
    URI publicBase = uri(env, "PUBLIC_BASE_URL", null, problems);
    if (publicBase == null && env.apply("PUBLIC_BASE_URL") == null) {
      problems.accept("PUBLIC_BASE_URL is required with PAYMENT_PROVIDER=airtm: AirTM sends payers back to "
          + "{PUBLIC_BASE_URL}/api/v1/topups/{id}/callback");
    }
    return new AirtmConfig(environment, apiUrl, apiKey, apiSecret, webhookSecret, checkout, publicBase, low,
        sandboxUsdc);
  }

  private static String required(Function<String, String> env, String name, Consumer<String> problems) {
    String value = env.apply(name);
    if (value == null || value.isBlank()) {
      problems.accept(name + " is required with PAYMENT_PROVIDER=airtm");
      return null;
    }
    return value;
  }

  private static URI uri(Function<String, String> env, String name, String fallback, Consumer<String> problems) {
    String value = env.apply(name) == null ? fallback : env.apply(name);
    if (value == null) {
      return null;
    }
    try {
      URI uri = URI.create(value);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        problems.accept(name + " must be an http(s) URL, was " + value);
        return null;
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.accept(name + " must be an http(s) URL, was " + value);
      return null;
    }
  }

  private static Money money(Function<String, String> env, String name, String fallback, Consumer<String> problems) {
    String value = env.apply(name) == null ? fallback : env.apply(name);
    try {
      return new java.math.BigDecimal(value).signum() == 0 ? Money.ZERO : Money.parsePositive(value);
    } catch (RuntimeException e) {
      problems.accept(name + " must be an amount of USDC such as 500.00, was " + value);
      return Money.ZERO;
    }
  }
}

package com.offerhub.orchestrator.airtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.airtm.AirtmSettings.Environment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings: environments, defaults, return addresses, every problem named, no secret printed. */
class AirtmSettingsTest {
  private static final String KEY = "key-abc";
  private static final String SECRET = "very-secret-value";

  @Test
  void sandboxProductionAndProdAreTheOnlyEnvironments() {
    assertEquals(Environment.SANDBOX, Environment.parse("sandbox"));
    assertEquals(Environment.PRODUCTION, Environment.parse("production"));
    assertEquals(Environment.PRODUCTION, Environment.parse(" PROD "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Environment.parse("live"));
    assertEquals("AirTM environment must be sandbox, production or prod, was 'live'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Environment.parse(null));
  }

  @Test
  void eachEnvironmentHasAirtmsPublishedHost() {
    assertEquals("https://api.stg.enterprise.airtm.com/v2",
        AirtmSettings.sandbox(KEY, SECRET, "https://o.example").apiUrl());
    assertEquals("https://api.enterprise.airtm.com/v2",
        AirtmSettings.production(KEY, SECRET, "https://o.example").apiUrl());
    assertEquals("http://localhost:4010/airtm/v2", AirtmSettings.sandbox(KEY, SECRET, "https://o.example")
        .withBaseUrl("http://localhost:4010/airtm/v2").apiUrl());
  }

  @Test
  void defaultsAndReturnAddresses() {
    AirtmSettings settings = AirtmSettings.sandbox(KEY, SECRET, "https://orchestrator.example/");
    assertEquals(AirtmSettings.DEFAULT_CHECKOUT_URL_TEMPLATE, settings.checkoutUrlTemplate());
    assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
    assertEquals(Duration.ofSeconds(30), settings.timeout());
    assertEquals(10, settings.requestsPerSecond());
    assertEquals("https://app.airtm.com/payin/0b6f-11", settings.checkoutUrl("0b6f-11"));
    assertEquals("https://orchestrator.example/api/v1/topups/topup_1/callback?status=confirmed",
        settings.confirmationUri("topup_1"));
    assertEquals("https://orchestrator.example/api/v1/topups/topup_1/callback?status=cancelled",
        settings.cancelUri("topup_1"));
    assertEquals("https://pay.example/c/x?y=1", settings.withCheckoutUrlTemplate("https://pay.example/c/{id}?y=1")
        .checkoutUrl("x"));
    assertEquals("https://o.example/offerhub/api/v1/topups/topup_1/callback?status=confirmed",
        AirtmSettings.sandbox(KEY, SECRET, "https://o.example/offerhub").confirmationUri("topup_1"));
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AirtmSettings(
        Environment.PRODUCTION, "", "two words", "http://airtm.example/v2", "https://pay.example/checkout",
        "https://o.example/topups", Duration.ZERO, Duration.ofMinutes(5), 5000));
    String m = e.getMessage();
    for (String problem : new String[] {"API key is required", "API secret must not contain spaces",
        "API base URL must use https in production", "checkout URL template must contain {id}",
        "/api/v1/topups/{topupId}/callback is added to it", "connect timeout must be more than 0",
        "timeout must be more than 0 and at most 120 s", "requests per second must be between 1 and 1000"}) {
      assertTrue(m.contains(problem), problem + " in: " + m);
    }
    assertFalse(m.contains("two words"), "the secret is not repeated: " + m);
    assertThrows(IllegalArgumentException.class, () -> AirtmSettings.sandbox("a:b", SECRET, "https://o.example"));
    assertThrows(IllegalArgumentException.class, () -> AirtmSettings.sandbox(KEY, SECRET, null));
    assertThrows(IllegalArgumentException.class, () -> AirtmSettings.production(KEY, SECRET, "http://o.example"));
  }

  @Test
  void toStringShowsNeitherKeyNorSecret() {
    String text = AirtmSettings.sandbox(KEY, SECRET, "https://o.example").toString();
    assertFalse(text.contains(KEY) || text.contains(SECRET), text);
    assertTrue(text.contains("apiKey=***") && text.contains("apiSecret=***"), text);
    AirtmPaymentProvider provider = new AirtmPaymentProvider(AirtmSettings.sandbox(KEY, SECRET, "https://o.example"));
    assertFalse(provider.toString().contains(KEY) || provider.toString().contains(SECRET), provider.toString());
  }

  @Test
  void fromEnvReadsTheVariablesAndReportsEveryProblem() {
    Map<String, String> env = new HashMap<>();
    env.put("AIRTM_ENV", "prod");
    env.put("AIRTM_API_KEY", KEY);
    env.put("AIRTM_API_SECRET", SECRET);
    env.put("PUBLIC_BASE_URL", "https://orchestrator.example");
    env.put("AIRTM_TIMEOUT_MS", "5000");
    env.put("AIRTM_REQUESTS_PER_SECOND", "5");
    AirtmSettings settings = AirtmSettings.fromEnv(env);
    assertEquals(Environment.PRODUCTION, settings.environment());
    assertEquals(Duration.ofSeconds(5), settings.timeout());
    assertEquals(5, settings.requestsPerSecond());
    assertEquals("https://orchestrator.example", settings.callbackBaseUrl());
    env.put("AIRTM_CALLBACK_BASE_URL", "https://callbacks.example");
    assertEquals("https://callbacks.example", AirtmSettings.fromEnv(env).callbackBaseUrl());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AirtmSettings.fromEnv(Map.of(
        "AIRTM_ENV", "staging", "AIRTM_TIMEOUT_MS", "soon", "AIRTM_API_SECRET", SECRET)));
    String m = e.getMessage();
    assertTrue(m.contains("AIRTM_ENV must be sandbox, production or prod, was 'staging'"), m);
    assertTrue(m.contains("AIRTM_TIMEOUT_MS must be a number of milliseconds"), m);
    assertTrue(m.contains("API key is required"), m);
    assertTrue(m.contains("callback base URL (the orchestrator's public base URL) is required"), m);
    assertFalse(m.contains(SECRET), m);
  }
}

package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.airtm.AirtmPaymentProvider;
import com.offerhub.orchestrator.airtm.AirtmSettings;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.testkit.contract.PaymentProviderContract;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * Issue 10 item 4: the real AirTM adapter passes the payment-provider contract over HTTP against
 * the standalone simulator's AirTM, the same suite the testkit's in-memory provider passes. Lost
 * answers are the simulator's "apply, then 500" knob; a refused new create is an enterprise
 * balance that cannot cover a payout ({@code 415016}).
 */
class AirtmPaymentProviderContractTest extends PaymentProviderContract {
  private StellarSimulator simulator;

  @Override
  protected PaymentProvider newProvider() {
    simulator = StellarSimulator.builder().port(0).ledgerInterval(Duration.ofSeconds(5)).start();
    simulator.airtm().putUser("payee@example.com", "active", true, null);
    simulator.airtm().setBalance(new BigDecimal("1000000"), BigDecimal.ZERO);
    simulator.airtm().payoutCompletionDelay(Duration.ofHours(1)); // completed by the test, not at once
    AirtmSettings settings = AirtmSettings.sandbox("sim-airtm-key", "sim-airtm-secret", "http://127.0.0.1:4000")
        .withBaseUrl(simulator.airtmApiUrl()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    return new AirtmPaymentProvider(settings, RateLimiter.unlimited());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Override
  protected void settlePayin(String providerRef) {
    simulator.airtm().confirmPayin(providerRef, "payer@example.com");
  }

  @Override
  protected void loseNextResponse() {
    simulator.airtmFaults().next("*", AirtmFaults.Mode.FAIL_AFTER_APPLY, 1);
  }

  @Override
  protected void refuseNextNewCreate(String reason) {
    simulator.airtm().setBalance(BigDecimal.ZERO, BigDecimal.ZERO);
  }

  @Override
  protected void registerAccount(String email, boolean active, boolean verified) {
    simulator.airtm().putUser(email, active ? "active" : "inactive", verified, null);
  }

  @Override
  protected void completePayout(String providerRef) {
    simulator.airtm().completePayout(providerRef);
  }
}

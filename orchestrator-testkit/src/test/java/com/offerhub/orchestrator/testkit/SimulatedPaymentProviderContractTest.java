package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.testkit.contract.PaymentProviderContract;
import org.junit.jupiter.api.Test;

class SimulatedPaymentProviderContractTest extends PaymentProviderContract {
  private SimulatedPaymentProvider simulated;

  @Override
  protected PaymentProvider newProvider() {
    simulated = new SimulatedPaymentProvider();
    return simulated;
  }

  @Override
  protected void settlePayin(String providerRef) {
    simulated.confirm(providerRef);
    simulated.succeed(providerRef);
  }

  @Override
  protected void loseNextResponse() {
    simulated.loseResponseNext(1);
  }

  @Override
  protected void refuseNextNewCreate(String reason) {
    simulated.refuseNext(reason);
  }

  @Override
  protected void registerAccount(String email, boolean active, boolean verified) {
    simulated.account(email, active, verified);
  }

  @Override
  protected void completePayout(String providerRef) {
    simulated.succeed(providerRef);
  }

  @Test
  void refuseNextAnswersFailedAndCreatesNothing() {
    SimulatedPaymentProvider provider = new SimulatedPaymentProvider();
    provider.refuseNext("invalid destination");
    var request = new com.offerhub.orchestrator.spi.payment.PayoutRequest("wd_x", "u@example.com", Money.of(1),
        "USD", true, null);
    var answer = provider.createPayout(request);
    assertEquals(com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus.FAILED, answer.status());
    assertEquals("invalid destination", answer.failureReason());
    assertEquals(java.util.Optional.empty(), provider.findPayout("wd_x"));
    assertEquals(0, provider.payoutCount());
  }

  @Test
  void crashKnobsStopTheCallerBeforeOrAfterTheEffect() {
    SimulatedPaymentProvider provider = new SimulatedPaymentProvider();
    PayinRequest request = new PayinRequest("topup_y", "u", Money.of(1), "USD", null);
    provider.crashBeforeNext();
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class, () -> provider.createPayin(request));
    assertEquals(0, provider.payinCount());
    provider.crashAfterNext();
    assertThrows(SimulatedPaymentProvider.SimulatedCrash.class, () -> provider.createPayin(request));
    assertEquals(1, provider.payinCount());
  }

  @Test
  void failNextThrowsWithoutEffect() {
    SimulatedPaymentProvider provider = new SimulatedPaymentProvider();
    provider.failNext(1);
    PayinRequest request = new PayinRequest("topup_x", "u", Money.of(1), "USD", null);
    assertThrows(ProviderException.class, () -> provider.createPayin(request));
    assertEquals("payin_1", provider.createPayin(request).providerRef());
  }
}

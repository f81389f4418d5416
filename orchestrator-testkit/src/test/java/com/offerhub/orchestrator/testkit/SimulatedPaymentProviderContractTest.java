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

  @Test
  void failNextThrowsWithoutEffect() {
    SimulatedPaymentProvider provider = new SimulatedPaymentProvider();
    provider.failNext(1);
    PayinRequest request = new PayinRequest("topup_x", "u", Money.of(1), "USD", null);
    assertThrows(ProviderException.class, () -> provider.createPayin(request));
    assertEquals("payin_1", provider.createPayin(request).providerRef());
  }
}

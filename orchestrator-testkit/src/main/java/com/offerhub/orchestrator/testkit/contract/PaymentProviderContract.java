package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks every {@link PaymentProvider} must pass: one payment per reference, status agrees with the
 * create result, settlement is visible through status, unknown references are errors.
 */
public abstract class PaymentProviderContract {
  private PaymentProvider provider;

  /** A provider against a fresh environment. */
  protected abstract PaymentProvider newProvider();

  /** Makes the provider settle the pay-in successfully (the user confirms, funds arrive). */
  protected abstract void settlePayin(String providerRef);

  @BeforeEach
  void setUp() {
    provider = newProvider();
  }

  private static PayinRequest payin(String reference) {
    return new PayinRequest(reference, "airtm-user-1", Money.of(25), "USD", "top-up");
  }

  @Test
  void sameReferenceTwiceIsOnePayin() {
    ProviderPayment first = provider.createPayin(payin("topup_a"));
    ProviderPayment second = provider.createPayin(payin("topup_a"));
    assertEquals(first.providerRef(), second.providerRef());
    assertNotEquals(first.providerRef(), provider.createPayin(payin("topup_b")).providerRef());
  }

  @Test
  void statusAgreesWithCreateAndShowsSettlement() {
    ProviderPayment created = provider.createPayin(payin("topup_c"));
    assertEquals(ProviderPaymentStatus.AWAITING_USER_CONFIRMATION, created.status());
    assertEquals(created.status(), provider.payinStatus(created.providerRef()).status());
    settlePayin(created.providerRef());
    assertEquals(ProviderPaymentStatus.SUCCEEDED, provider.payinStatus(created.providerRef()).status());
  }

  @Test
  void cancelBeforeConfirmationCancels() {
    ProviderPayment created = provider.createPayin(payin("topup_d"));
    provider.cancelPayin(created.providerRef());
    assertEquals(ProviderPaymentStatus.CANCELED, provider.payinStatus(created.providerRef()).status());
  }

  @Test
  void payoutIsIdempotentByReference() {
    PayoutRequest request = new PayoutRequest("wd_a", "airtm-user-1", Money.of(5), "USD", "bank", "acct-1", null);
    ProviderPayment first = provider.createPayout(request);
    assertEquals(first.providerRef(), provider.createPayout(request).providerRef());
    assertEquals(first.providerRef(), provider.payoutStatus(first.providerRef()).providerRef());
  }

  @Test
  void unknownReferenceIsAnError() {
    assertThrows(ProviderException.class, () -> provider.payinStatus("payin_unknown"));
  }
}

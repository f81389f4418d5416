package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory fiat provider in the style of AirTM: pay-ins wait for the user's confirmation, then
 * process, then succeed or fail as a test decides; payouts process and complete. Creating twice with
 * the same reference returns the same payment. Knobs: {@link #failNext(int)} makes the next calls
 * throw without effect. Thread-safe.
 */
public final class SimulatedPaymentProvider implements PaymentProvider {
  private final Map<String, ProviderPayment> payments = new ConcurrentHashMap<>();
  private final Map<String, String> byReference = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger sequence = new AtomicInteger();

  @Override
  public String id() {
    return "simulated";
  }

  /** The next {@code count} calls throw {@link ProviderException} and change nothing. */
  public void failNext(int count) {
    failures.set(count);
  }

  @Override
  public ProviderPayment createPayin(PayinRequest request) {
    maybeFail();
    String ref = byReference.computeIfAbsent(request.reference(), r -> {
      String id = "payin_" + sequence.incrementAndGet();
      payments.put(id, new ProviderPayment(id, ProviderPaymentStatus.AWAITING_USER_CONFIRMATION,
          "https://pay.example.test/confirm/" + id, null));
      return id;
    });
    return payments.get(ref);
  }

  @Override
  public ProviderPayment payinStatus(String providerRef) {
    maybeFail();
    return require(providerRef);
  }

  @Override
  public ProviderPayment cancelPayin(String providerRef) {
    maybeFail();
    return payments.computeIfPresent(providerRef, (id, p) -> p.status() == ProviderPaymentStatus.AWAITING_USER_CONFIRMATION
        ? new ProviderPayment(id, ProviderPaymentStatus.CANCELED, p.confirmationUri(), null) : p);
  }

  @Override
  public ProviderPayment createPayout(PayoutRequest request) {
    maybeFail();
    String ref = byReference.computeIfAbsent(request.reference(), r -> {
      String id = "payout_" + sequence.incrementAndGet();
      payments.put(id, new ProviderPayment(id, ProviderPaymentStatus.PROCESSING, null, null));
      return id;
    });
    return payments.get(ref);
  }

  @Override
  public ProviderPayment payoutStatus(String providerRef) {
    maybeFail();
    return require(providerRef);
  }

  /** The end user confirms a pay-in: it starts processing. */
  public void confirm(String providerRef) {
    move(providerRef, ProviderPaymentStatus.PROCESSING, null);
  }

  /** The provider settles a payment successfully. */
  public void succeed(String providerRef) {
    move(providerRef, ProviderPaymentStatus.SUCCEEDED, null);
  }

  /** The provider fails a payment with a reason. */
  public void fail(String providerRef, String reason) {
    move(providerRef, ProviderPaymentStatus.FAILED, reason);
  }

  private void move(String providerRef, ProviderPaymentStatus status, String reason) {
    ProviderPayment current = require(providerRef);
    payments.put(providerRef, new ProviderPayment(providerRef, status, current.confirmationUri(), reason));
  }

  private ProviderPayment require(String providerRef) {
    ProviderPayment payment = payments.get(providerRef);
    if (payment == null) {
      throw new ProviderException("unknown payment " + providerRef);
    }
    return payment;
  }

  private void maybeFail() {
    if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      throw new ProviderException("simulated provider failure");
    }
  }
}

package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * An in-memory fiat provider in the style of AirTM: pay-ins wait for the user's confirmation, then
 * process, then succeed or fail as a test decides; payouts process and complete. Creating twice with
 * the same reference returns the same payment, and {@link #findPayin} / {@link #findPayout} look
 * payments up by reference.
 *
 * <p>Fault knobs, each for the next calls of any kind: {@link #failNext(int)} throws without effect
 * (the request never arrived); {@link #loseResponseNext(int)} acts, then throws (the answer was
 * lost); {@link #refuseNext(String)} refuses the next create as a result; {@link #crashBeforeNext()}
 * and {@link #crashAfterNext()} make the next create or cancel throw a {@link SimulatedCrash}, which
 * the engine does not catch, to stop the caller as if its process died before or after the provider
 * acted. Thread-safe.
 */
public final class SimulatedPaymentProvider implements PaymentProvider {
  private final Map<String, ProviderPayment> payments = new ConcurrentHashMap<>();
  private final Map<String, String> payinsByReference = new ConcurrentHashMap<>();
  private final Map<String, String> payoutsByReference = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger lostResponses = new AtomicInteger();
  private final AtomicReference<String> refusal = new AtomicReference<>();
  private final AtomicReference<Boolean> crash = new AtomicReference<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  /** Thrown by the crash knobs: the caller stops here, as a process that died would. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String message) {
      super(message);
    }
  }

  @Override
  public String id() {
    return "simulated";
  }

  /** The next {@code count} calls throw {@link ProviderException} and change nothing. */
  public void failNext(int count) {
    failures.set(count);
  }

  /** The next {@code count} calls take effect, then throw {@link ProviderException}: the answer is lost. */
  public void loseResponseNext(int count) {
    lostResponses.set(count);
  }

  /** The next create (pay-in or payout) is refused with {@code reason}: a FAILED answer, nothing created. */
  public void refuseNext(String reason) {
    refusal.set(reason);
  }

  /** The next create or cancel throws {@link SimulatedCrash} before it takes effect. */
  public void crashBeforeNext() {
    crash.set(Boolean.FALSE);
  }

  /** The next create or cancel takes effect, then throws {@link SimulatedCrash}. */
  public void crashAfterNext() {
    crash.set(Boolean.TRUE);
  }

  /** How many calls reached this provider, failed ones included. */
  public int calls() {
    return calls.get();
  }

  /** How many payouts exist. */
  public int payoutCount() {
    return payoutsByReference.size();
  }

  /** How many pay-ins exist. */
  public int payinCount() {
    return payinsByReference.size();
  }

  @Override
  public ProviderPayment createPayin(PayinRequest request) {
    return call(true, () -> {
      String reason = payinsByReference.containsKey(request.reference()) ? null : refusal.getAndSet(null);
      if (reason != null) {
        return ProviderPayment.refused(reason);
      }
      String ref = payinsByReference.computeIfAbsent(request.reference(), r -> {
        String id = "payin_" + sequence.incrementAndGet();
        payments.put(id, new ProviderPayment(id, ProviderPaymentStatus.AWAITING_USER_CONFIRMATION,
            "https://pay.example.test/confirm/" + id, null));
        return id;
      });
      return payments.get(ref);
    });
  }

  @Override
  public Optional<ProviderPayment> findPayin(String reference) {
    return call(false, () -> Optional.ofNullable(payinsByReference.get(reference)).map(payments::get));
  }

  @Override
  public ProviderPayment payinStatus(String providerRef) {
    return call(false, () -> require(providerRef));
  }

  @Override
  public ProviderPayment cancelPayin(String providerRef) {
    return call(true, () -> {
      require(providerRef);
      return payments.computeIfPresent(providerRef, (id, p) ->
          p.status() == ProviderPaymentStatus.AWAITING_USER_CONFIRMATION
              ? new ProviderPayment(id, ProviderPaymentStatus.CANCELED, p.confirmationUri(), null) : p);
    });
  }

  @Override
  public ProviderPayment createPayout(PayoutRequest request) {
    return call(true, () -> {
      String reason = payoutsByReference.containsKey(request.reference()) ? null : refusal.getAndSet(null);
      if (reason != null) {
        return ProviderPayment.refused(reason);
      }
      String ref = payoutsByReference.computeIfAbsent(request.reference(), r -> {
        String id = "payout_" + sequence.incrementAndGet();
        payments.put(id, new ProviderPayment(id, ProviderPaymentStatus.PROCESSING, null, null));
        return id;
      });
      return payments.get(ref);
    });
  }

  @Override
  public Optional<ProviderPayment> findPayout(String reference) {
    return call(false, () -> Optional.ofNullable(payoutsByReference.get(reference)).map(payments::get));
  }

  @Override
  public ProviderPayment payoutStatus(String providerRef) {
    return call(false, () -> require(providerRef));
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

  /** The provider reference of the payout created for {@code reference} (a withdrawal id), if any. */
  public Optional<String> payoutFor(String reference) {
    return Optional.ofNullable(payoutsByReference.get(reference));
  }

  /** The provider reference of the pay-in created for {@code reference} (a top-up id), if any. */
  public Optional<String> payinFor(String reference) {
    return Optional.ofNullable(payinsByReference.get(reference));
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

  /** Runs one call through the fault knobs; the crash knobs wait for a call that {@code acts}. */
  private <T> T call(boolean acts, Supplier<T> action) {
    calls.incrementAndGet();
    Boolean crashAfter = acts ? crash.getAndSet(null) : null;
    if (Boolean.FALSE.equals(crashAfter)) {
      throw new SimulatedCrash("simulated crash before the provider acted");
    }
    if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      throw new ProviderException("simulated provider failure");
    }
    T result = action.get();
    if (Boolean.TRUE.equals(crashAfter)) {
      throw new SimulatedCrash("simulated crash after the provider acted");
    }
    if (lostResponses.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      throw new ProviderException("simulated lost response (the provider acted)");
    }
    return result;
  }
}

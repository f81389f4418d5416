package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.ProviderAccount;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * An in-memory fiat provider in the style of AirTM: pay-ins wait for the user's confirmation, then
 * process, then succeed or fail as a test decides; payouts are created, committed (at once when the
 * request says so), process and complete. Every e-mail has an active, verified account unless
 * {@link #account} says otherwise. Creating twice with
 * the same reference returns the same payment, and {@link #findPayin} / {@link #findPayout} look
 * payments up by reference.
 *
 * <p>Fault knobs, each for the next calls of any kind: {@link #failNext(int)} throws without effect
 * (the request never arrived); {@link #loseResponseNext(int)} acts, then throws (the answer was
 * lost); {@link #refuseNext(String)} refuses the next create as a result; {@link #crashBeforeNext()}
 * and {@link #crashAfterNext()} make the next create or cancel throw a {@link SimulatedCrash}, which
 * the engine does not catch, to stop the caller as if its process died before or after the provider
 * acted; {@link #blockNextCreate()} holds the next create inside the call, before it acts, until the
 * test releases it (a slow provider, or a runner caught mid-call); {@link #lagNextLookup()} makes
 * the provider's lookup lag behind its creates. {@link #createPayoutCalls} and
 * {@link #createPayinCalls} count the creates the engine sent per reference (the provider itself
 * keeps one payment per reference whatever the engine does). Account lookups are outside the fault
 * knobs. Thread-safe.
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
  private final Map<String, AtomicInteger> createCalls = new ConcurrentHashMap<>();
  private final AtomicReference<Block> block = new AtomicReference<>();
  private final AtomicBoolean lagging = new AtomicBoolean();
  private final AtomicBoolean lookupLagged = new AtomicBoolean();
  private final Map<String, Optional<ProviderAccount>> accounts = new ConcurrentHashMap<>();
  private final AtomicInteger commits = new AtomicInteger();

  /** A create held inside the provider by {@link #blockNextCreate()}. */
  public static final class Block {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Waits until a create is held here; false if none arrived within {@code timeout}. */
    public boolean awaitEntered(java.time.Duration timeout) throws InterruptedException {
      return entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held create go on (it then acts and answers normally). */
    public void release() {
      released.countDown();
    }

    private void hold() {
      entered.countDown();
      try {
        if (!released.await(60, TimeUnit.SECONDS)) {
          throw new ProviderException("simulated provider held a create for 60 s and gave up");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException("interrupted while held");
      }
    }
  }

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

  /**
   * The next create (pay-in or payout) waits inside the provider, before it acts, until the returned
   * handle is released.
   */
  public Block blockNextCreate() {
    Block next = new Block();
    block.set(next);
    return next;
  }

  /**
   * The provider's lookup lags behind its creates, as some real providers' indexes do: the next
   * find answers empty although the payment exists, and a create for a reference it already has
   * answers refused ("reference already used") until a lookup has found it. The second half breaks
   * the SPI's promise; the engine must not trust such a refusal when it resumes a create.
   */
  public void lagNextLookup() {
    lagging.set(true);
  }

  /** How many payout creates the engine sent for {@code reference}, failed and refused ones included. */
  public int createPayoutCalls(String reference) {
    return createCalls.getOrDefault("payout:" + reference, new AtomicInteger()).get();
  }

  /** How many pay-in creates the engine sent for {@code reference}, failed and refused ones included. */
  public int createPayinCalls(String reference) {
    return createCalls.getOrDefault("payin:" + reference, new AtomicInteger()).get();
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
    countCreate("payin:" + request.reference());
    return call(true, () -> {
      if (lagging.get() && payinsByReference.containsKey(request.reference())) {
        return ProviderPayment.refused("reference already used");
      }
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
    return call(false, () -> lookup(payinsByReference, reference));
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
    countCreate("payout:" + request.reference());
    return call(true, () -> {
      if (lagging.get() && payoutsByReference.containsKey(request.reference())) {
        return ProviderPayment.refused("reference already used");
      }
      String reason = payoutsByReference.containsKey(request.reference()) ? null : refusal.getAndSet(null);
      if (reason != null) {
        return ProviderPayment.refused(reason);
      }
      String ref = payoutsByReference.computeIfAbsent(request.reference(), r -> {
        String id = "payout_" + sequence.incrementAndGet();
        payments.put(id, new ProviderPayment(id, request.commit() ? ProviderPaymentStatus.PROCESSING
            : ProviderPaymentStatus.CREATED, null, null));
        return id;
      });
      return payments.get(ref);
    });
  }

  @Override
  public Optional<ProviderPayment> findPayout(String reference) {
    return call(false, () -> lookup(payoutsByReference, reference));
  }

  @Override
  public ProviderPayment payoutStatus(String providerRef) {
    return call(false, () -> require(providerRef));
  }

  @Override
  public ProviderPayment commitPayout(String providerRef) {
    commits.incrementAndGet();
    return call(true, () -> {
      require(providerRef);
      return payments.computeIfPresent(providerRef, (id, p) -> p.status() == ProviderPaymentStatus.CREATED
          ? new ProviderPayment(id, ProviderPaymentStatus.PROCESSING, null, null) : p);
    });
  }

  @Override
  public Optional<ProviderAccount> findAccount(String email) {
    String key = email.toLowerCase(java.util.Locale.ROOT);
    return accounts.getOrDefault(key, Optional.of(new ProviderAccount("airtm_" + Integer.toHexString(key.hashCode()),
        email, true, true)));
  }

  /** The account under {@code email} is as given (by default every e-mail has an active, verified one). */
  public void account(String email, boolean active, boolean verified) {
    String key = email.toLowerCase(java.util.Locale.ROOT);
    accounts.put(key, Optional.of(new ProviderAccount("airtm_" + Integer.toHexString(key.hashCode()), email, active,
        verified)));
  }

  /** No account is registered under {@code email}. */
  public void noAccount(String email) {
    accounts.put(email.toLowerCase(java.util.Locale.ROOT), Optional.empty());
  }

  /** How many payout commits the engine sent, failed ones included. */
  public int commitCalls() {
    return commits.get();
  }

  /** The end user confirms a pay-in: it starts processing. */
  public void confirm(String providerRef) {
    move(providerRef, ProviderPaymentStatus.PROCESSING, null);
  }

  /** The provider settles a payment successfully. */
  public void succeed(String providerRef) {
    move(providerRef, ProviderPaymentStatus.SUCCEEDED, null);
  }

  /** The provider cancels a payment on its own (a pay-in the user never confirmed expires). */
  public void expire(String providerRef) {
    move(providerRef, ProviderPaymentStatus.CANCELED, "expired");
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

  /** Counts a create and holds it here if {@link #blockNextCreate()} asked for it. */
  private void countCreate(String key) {
    createCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    Block held = block.getAndSet(null);
    if (held != null) {
      held.hold();
    }
  }

  /** A lookup by reference; while lagging, the first one answers empty and ends the lag for the next. */
  private Optional<ProviderPayment> lookup(Map<String, String> byReference, String reference) {
    if (lagging.get()) {
      if (lookupLagged.compareAndSet(false, true)) {
        return Optional.empty();
      }
      lagging.set(false);
      lookupLagged.set(false);
    }
    return Optional.ofNullable(byReference.get(reference)).map(payments::get);
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

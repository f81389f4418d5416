package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.payment.PayinRequest;
import com.offerhub.orchestrator.spi.payment.ProviderAccount;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.payment.PayoutRequest;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.payment.ProviderPayment;
import com.offerhub.orchestrator.spi.payment.ProviderPaymentStatus;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks every {@link PaymentProvider} must pass: one payment per reference, status and lookup by
 * reference agree with the create result, settlement is visible through status, a create whose answer
 * was lost is found by reference and not repeated by a second create, a confirmed pay-in is not
 * canceled, unknown references are errors (status) or empty (lookup), a create for a reference the
 * provider already knows is never refused (it answers the existing payment).
 */
public abstract class PaymentProviderContract {
  private PaymentProvider provider;

  /** A provider against a fresh environment. */
  protected abstract PaymentProvider newProvider();

  /** Makes the provider settle the pay-in successfully (the user confirms, funds arrive). */
  protected abstract void settlePayin(String providerRef);

  /**
   * Makes the provider act on the next call but lose its answer: the caller gets a
   * {@link ProviderException} (for an HTTP adapter: the server applies the request, then the
   * connection drops or a 5xx comes back).
   */
  protected abstract void loseNextResponse();

  /** Makes the provider refuse the next create of a reference it does not know yet. */
  protected abstract void refuseNextNewCreate(String reason);

  /** Registers an account under {@code email} at the provider, active and verified as given. */
  protected abstract void registerAccount(String email, boolean active, boolean verified);

  /** Makes the provider complete the payout (the recipient received it). */
  protected abstract void completePayout(String providerRef);

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
    PayoutRequest request = new PayoutRequest("wd_a", "payee@example.com", Money.of(5), "USD", true, null);
    ProviderPayment first = provider.createPayout(request);
    assertEquals(first.providerRef(), provider.createPayout(request).providerRef());
    assertEquals(first.providerRef(), provider.payoutStatus(first.providerRef()).providerRef());
  }

  @Test
  void unknownReferenceIsAnError() {
    assertThrows(ProviderException.class, () -> provider.payinStatus("payin_unknown"));
  }

  @Test
  void lookupByReferenceAgreesWithCreate() {
    ProviderPayment payin = provider.createPayin(payin("topup_e"));
    assertEquals(Optional.of(payin), provider.findPayin("topup_e"));
    ProviderPayment payout = provider.createPayout(payout("wd_e"));
    assertEquals(Optional.of(payout), provider.findPayout("wd_e"));
    assertEquals(Optional.empty(), provider.findPayin("topup_never"));
    assertEquals(Optional.empty(), provider.findPayout("wd_never"));
    assertEquals(Optional.empty(), provider.findPayout("topup_e"), "pay-ins and payouts are looked up apart");
  }

  @Test
  void aLostPayoutAnswerIsFoundByReferenceAndNotPaidTwice() {
    loseNextResponse();
    assertThrows(ProviderException.class, () -> provider.createPayout(payout("wd_f")));
    ProviderPayment found = provider.findPayout("wd_f").orElseThrow();
    assertEquals(found.providerRef(), provider.createPayout(payout("wd_f")).providerRef());
    assertEquals(found.providerRef(), provider.payoutStatus(found.providerRef()).providerRef());
  }

  @Test
  void aLostPayinAnswerIsFoundByReferenceAndNotCreatedTwice() {
    loseNextResponse();
    assertThrows(ProviderException.class, () -> provider.createPayin(payin("topup_f")));
    ProviderPayment found = provider.findPayin("topup_f").orElseThrow();
    assertEquals(ProviderPaymentStatus.AWAITING_USER_CONFIRMATION, found.status());
    assertEquals(found.providerRef(), provider.createPayin(payin("topup_f")).providerRef());
  }

  @Test
  void cancelAfterTheUserConfirmedAnswersTheStatusThatPreventedIt() {
    ProviderPayment created = provider.createPayin(payin("topup_g"));
    settlePayin(created.providerRef());
    ProviderPayment answer = provider.cancelPayin(created.providerRef());
    assertEquals(ProviderPaymentStatus.SUCCEEDED, answer.status());
    assertEquals(ProviderPaymentStatus.SUCCEEDED, provider.payinStatus(created.providerRef()).status());
  }

  private static PayoutRequest payout(String reference) {
    return new PayoutRequest(reference, "payee@example.com", Money.of(5), "USD", true, null);
  }

  @Test
  void aCreateForAKnownReferenceIsNeverRefused() {
    ProviderPayment payout = provider.createPayout(payout("wd_h"));
    refuseNextNewCreate("reference already used");
    ProviderPayment again = provider.createPayout(payout("wd_h"));
    assertEquals(payout.providerRef(), again.providerRef(), "the existing payout, not a refusal");
    ProviderPayment payin = provider.createPayin(payin("topup_h"));
    refuseNextNewCreate("reference already used");
    assertEquals(payin.providerRef(), provider.createPayin(payin("topup_h")).providerRef());
  }

  @Test
  void anUncommittedPayoutWaitsForItsCommit() {
    PayoutRequest request = new PayoutRequest("wd_i", "payee@example.com", Money.of(5), "USD", false, null);
    ProviderPayment created = provider.createPayout(request);
    assertEquals(ProviderPaymentStatus.CREATED, created.status());
    assertEquals(ProviderPaymentStatus.CREATED, provider.payoutStatus(created.providerRef()).status());
    ProviderPayment committed = provider.commitPayout(created.providerRef());
    assertNotEquals(ProviderPaymentStatus.CREATED, committed.status());
    assertEquals(false, committed.status().isFinal() && committed.status() != ProviderPaymentStatus.SUCCEEDED,
        "a commit does not fail or cancel the payout: " + committed.status());
    ProviderPayment again = provider.commitPayout(created.providerRef());
    assertEquals(created.providerRef(), again.providerRef(), "a second commit answers the same payout");
    completePayout(created.providerRef());
    assertEquals(ProviderPaymentStatus.SUCCEEDED, provider.payoutStatus(created.providerRef()).status());
    assertEquals(ProviderPaymentStatus.SUCCEEDED, provider.commitPayout(created.providerRef()).status(),
        "committing a completed payout changes nothing");
  }

  @Test
  void accountsAreFoundByEmailWithTheirEligibility() {
    registerAccount("ready@example.com", true, true);
    registerAccount("asleep@example.com", false, true);
    registerAccount("unverified@example.com", true, false);
    ProviderAccount ready = provider.findAccount("ready@example.com").orElseThrow();
    assertEquals("ready@example.com", ready.email());
    assertEquals(Optional.empty(), ready.ineligibility());
    assertEquals(Optional.of("USER_INACTIVE"), provider.findAccount("asleep@example.com").orElseThrow()
        .ineligibility());
    assertEquals(Optional.of("USER_NOT_VERIFIED"), provider.findAccount("unverified@example.com").orElseThrow()
        .ineligibility());
    assertNotEquals(ready.id(), provider.findAccount("asleep@example.com").orElseThrow().id());
  }
}

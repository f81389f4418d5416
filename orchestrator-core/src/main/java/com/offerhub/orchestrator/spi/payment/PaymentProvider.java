package com.offerhub.orchestrator.spi.payment;

import java.util.Optional;

/**
 * A fiat payment provider (AirTM) for top-ups (pay-ins) and fiat withdrawals (payouts).
 *
 * <p>Every call may talk to the network; the engine never makes one inside a storage transaction.
 * Each create carries the engine's id of the top-up or withdrawal as its {@code reference} (AirTM's
 * {@code code}), and the provider must keep it so that {@link #findPayin} / {@link #findPayout} can
 * look the payment up by it.
 *
 * <p><b>Outcomes are data.</b> An answer is a {@link ProviderPayment} carrying the provider's status.
 * A refusal (invalid destination, recipient unknown, amount out of range) is an answer: a create
 * that the provider refuses returns {@link ProviderPayment#refused} (status {@code FAILED}), which
 * is definitive, and only such a definitive answer lets the engine return held money. A
 * {@link ProviderException} means <em>unknown</em>: the request may never have arrived, or the
 * provider may have acted and its answer been lost (timeout, 5xx after sending, broken
 * connection). After an exception the engine keeps the money held, records nothing as failed, and
 * settles later, from its background runner, by looking the payment up by reference or by calling
 * the same create again with the same reference.
 *
 * <p><b>Repeated calls.</b> The engine may call any method more than once, also concurrently from
 * several engine instances. A create with a reference the provider already knows must not create a
 * second payment and is never refused: it returns the existing one (one payment per reference,
 * whatever the other fields say; an adapter maps a provider's "reference already used" to a lookup,
 * not to {@link ProviderPayment#refused}). Status, find and cancel have no effect beyond the first call's.
 *
 * <p>Implementations are thread-safe.
 */
public interface PaymentProvider {
  /** Stable id, e.g. {@code airtm}. */
  String id();

  /**
   * Creates the pay-in for {@code request.reference()}, or returns the one that reference already
   * has. Usually answers {@code AWAITING_USER_CONFIRMATION} with a confirmation page.
   *
   * @throws ProviderException the outcome is unknown (see the class comment)
   */
  ProviderPayment createPayin(PayinRequest request);

  /**
   * The pay-in created for the engine's {@code reference}, or empty when the provider has
   * definitively none (for AirTM: {@code GET /payins/by-code/{reference}}). An empty answer does not
   * prove that a create still in flight will not land; the engine answers it by creating with the
   * same reference, never by giving up.
   *
   * @throws ProviderException the provider could not be asked
   */
  Optional<ProviderPayment> findPayin(String reference);

  /** The pay-in's current status. @throws ProviderException the provider could not be asked */
  ProviderPayment payinStatus(String providerRef);

  /**
   * Asks the provider to cancel a pay-in and answers the pay-in's status afterwards: {@code CANCELED},
   * or the status that prevented it (the user already confirmed: {@code PROCESSING} or
   * {@code SUCCEEDED}). The engine cancels the top-up only on a {@code CANCELED} answer.
   *
   * @throws ProviderException the outcome is unknown: the pay-in may or may not be canceled
   */
  ProviderPayment cancelPayin(String providerRef);

  /**
   * Creates the payout for {@code request.reference()}, or returns the one that reference already
   * has; a refusal is answered with {@link ProviderPayment#refused}.
   *
   * @throws ProviderException the outcome is unknown: the payout may exist (see the class comment)
   */
  ProviderPayment createPayout(PayoutRequest request);

  /**
   * The payout created for the engine's {@code reference}, or empty when the provider has none
   * (for AirTM: {@code GET /payouts/by-code/{reference}}). As for {@link #findPayin}, empty is
   * answered by creating with the same reference.
   *
   * @throws ProviderException the provider could not be asked
   */
  Optional<ProviderPayment> findPayout(String reference);

  /** The payout's current status. @throws ProviderException the provider could not be asked */
  ProviderPayment payoutStatus(String providerRef);

  /**
   * Commits a payout created without {@code commit} and answers its status afterwards. Committing a
   * payout that is already committed, processing or final changes nothing and answers its status.
   *
   * @throws ProviderException the outcome is unknown: the payout may or may not be committed
   */
  ProviderPayment commitPayout(String providerRef);

  /**
   * The provider's account registered under {@code email}, or empty when the provider has none.
   *
   * @throws ProviderException the provider could not be asked
   */
  Optional<ProviderAccount> findAccount(String email);
}

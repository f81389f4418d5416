package com.offerhub.orchestrator.spi.chain;

import com.offerhub.orchestrator.model.Money;

/**
 * The Stellar network as the engine sees it: keys, account activation, USDC payments, signing,
 * submission, lookup by hash and a scan of incoming payments. Every method except {@link #newKeyPair}
 * may talk to the network ({@link #sign} only where the adapter rebuilds a transaction, see there);
 * the engine never calls them inside a storage transaction. Implementations are thread-safe.
 *
 * <p>Failures to talk to the network raise {@link ChainException}; a transaction the network
 * refused is a {@link SubmitResult} with {@link SubmitOutcome#REJECTED}, not an exception.
 */
public interface ChainAdapter {
  /** Generates a fresh key pair locally (no network). */
  KeyPair newKeyPair();

  /**
   * Makes sure the account exists with the XLM it needs and a USDC trustline, creating what is
   * missing (funded by the adapter's funding source; the trustline signed with {@code secret}).
   * Idempotent: calling it for an active account does nothing.
   *
   * @return true when the account is active with its trustline
   */
  boolean activate(String publicKey, SecretSeed secret);

  /** The account's USDC balance on chain (zero if the account or trustline does not exist). */
  Money usdcBalance(String publicKey);

  /**
   * The account's native XLM balance on chain, in stroops like USDC (zero if the account does not
   * exist). Read-only; the engine calls it outside any storage transaction.
   */
  Money xlmBalance(String publicKey);

  /**
   * Builds an unsigned USDC payment from {@code source} (current sequence number, time bounds).
   * {@code reference} (e.g. the withdrawal id) is bound into the transaction, as a memo hash on
   * Stellar, so two payments built concurrently with the same sequence number, amount and
   * destination never share a hash: a hash lookup must identify exactly one business operation.
   */
  UnsignedTransaction buildPayment(String source, String destination, Money amount, String reference);

  /** Whether {@code address} is a valid account id that can receive USDC (exists with a trustline). */
  boolean canReceiveUsdc(String address);

  /**
   * Signs with the secret; returns the envelope, its hash and the time after which it can no longer
   * be included. Usually local, but an adapter may rebuild the transaction before signing (the
   * Stellar adapter moves the platform's contract calls onto a channel account, which reads a
   * sequence number and re-simulates the call): a failure to do so raises {@link ChainException}
   * before anything is sent, and signing again later is safe. Nothing is submitted here.
   */
  SignedTransaction sign(UnsignedTransaction transaction, SecretSeed secret);

  /**
   * Submits a signed envelope. Submitting an envelope that was already applied returns CONFIRMED
   * (or its recorded failure) again, never a second effect.
   */
  SubmitResult submit(SignedTransaction transaction);

  /** Looks a transaction up by hash; {@link TransactionStatus#NOT_FOUND} if the network has no record. */
  TransactionLookup lookup(String transactionHash);

  /**
   * Incoming USDC payments on the network after {@code cursor} (null = from the beginning),
   * ascending, at most {@code limit}. The page carries the cursor to continue from.
   */
  PaymentPage scanPayments(String cursor, int limit);

  /** USDC payments to or from {@code account}, newest first, at most {@code limit}. */
  java.util.List<IncomingPayment> recentPayments(String account, int limit);
}

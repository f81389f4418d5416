package com.offerhub.orchestrator.spi.observe;

import java.time.Duration;

/**
 * Hears what the engine does, for metrics: registered with
 * {@code OrchestratorEngine.Builder#listener}. Every method has a no-op default, so a listener
 * implements only what it records.
 *
 * <p>Called synchronously on the thread doing the work, after the work's transaction has ended:
 * keep it fast and non-blocking (increment a counter, record a timer). Must be thread-safe. What a
 * listener throws is caught and logged by the engine and never changes a command's outcome.
 */
public interface EngineListener {
  /** The outcome of a command that succeeded. */
  String OK = "ok";

  /**
   * A state-changing command finished.
   *
   * @param command the command's stable name, such as {@code orders.reserve} or
   *     {@code balances.CREDIT_AVAILABLE}
   * @param outcome {@link #OK}, or the name of the {@code ErrorCode} it was refused with
   *     ({@code INSUFFICIENT_FUNDS}); {@code INTERNAL_ERROR} for an unexpected exception
   * @param latency from the start of its transaction to its answer; for a command that starts an
   *     on-chain saga, including the wait for that saga
   */
  default void commandCompleted(String command, String outcome, Duration latency) {}

  /**
   * A command with an idempotency key already used for the same request was answered from the
   * stored result (or refused with the stored refusal) without running again. Reported in addition
   * to its {@link #commandCompleted}.
   */
  default void idempotentReplay(String command) {}

  /** An on-chain step of a saga was confirmed by the network. */
  default void chainStepConfirmed(StepConfirmation confirmation) {}

  /**
   * A call to a remote provider failed.
   *
   * @param provider {@code chain}, {@code escrow} or {@code payment}
   * @param kind what went wrong, one of {@code timeout} (no answer in time: the outcome may be
   *     unknown), {@code unavailable} (could not talk to it), {@code unknown_outcome} (the payment
   *     provider's answer says nothing about the outcome), {@code refused} (the request as it stands
   *     cannot succeed), {@code rate_limited}, {@code server_error} (a 5xx answer),
   *     {@code not_ready} (an answer to ask again later, such as an indexer not yet aware of a
   *     contract) or {@code unexpected} (an exception the SPI does not define)
   */
  default void providerError(String provider, String kind) {}
}

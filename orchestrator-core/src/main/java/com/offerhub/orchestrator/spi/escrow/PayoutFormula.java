package com.offerhub.orchestrator.spi.escrow;

/**
 * How a contract shares its fees among the payees of a dispute resolution, on integer base units
 * rounding down ({@code T} the distributed total, {@code a} one payee's gross share, {@code tw} =
 * floor(T x serviceFeeBps / 10000), {@code pf} = floor(T x platformFeeBps / 10000)). A release, and
 * a resolution with a single payee, pay {@code T - tw - pf} under both.
 */
public enum PayoutFormula {
  /**
   * Trustless Work's contract [A]: each payee gets {@code a - floor(a x (tw + pf) / T)}, the service
   * and the platform get {@code tw} and {@code pf} whole. Unless every share divides exactly, that
   * pays out more than the contract holds and the whole resolution reverts.
   */
  WHOLE_FEES,
  /**
   * Trustless Work's contract [B] (the fee fix): each payee gets {@code a - floor(a x tw / T) -
   * floor(a x pf / T)}, the service and the platform the sums of what the payees gave up; always
   * exactly {@code T}.
   */
  SHARED_FEES
}

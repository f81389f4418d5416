package com.offerhub.orchestrator.spi.chain;

import java.util.List;

/**
 * A page of the payment scan and the cursor to continue from (unchanged when the page is empty).
 * {@code more} says the scan stopped at its limit rather than at the newest payment, so the caller
 * may read on at once; false when the adapter reached the head or cannot tell.
 */
public record PaymentPage(List<IncomingPayment> payments, String nextCursor, boolean more) {
  public PaymentPage {
    payments = List.copyOf(payments);
  }

  /** A page that reached the newest payment (or whose adapter cannot tell whether more wait). */
  public PaymentPage(List<IncomingPayment> payments, String nextCursor) {
    this(payments, nextCursor, false);
  }
}

package com.offerhub.orchestrator.spi.chain;

import java.util.List;

/** A page of the payment scan and the cursor to continue from (unchanged when the page is empty). */
public record PaymentPage(List<IncomingPayment> payments, String nextCursor) {
  public PaymentPage {
    payments = List.copyOf(payments);
  }
}

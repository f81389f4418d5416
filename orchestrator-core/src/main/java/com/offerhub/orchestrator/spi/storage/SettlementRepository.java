package com.offerhub.orchestrator.spi.storage;

import java.time.Instant;
import java.util.List;

/**
 * The background settlement schedule of fiat payments (ARCHITECTURE rule 12): one entry per fiat
 * withdrawal or top-up the provider may not have finished with, holding the time a runner may next
 * ask the provider about it and how many asks in a row brought nothing new. A runner claims an entry
 * with {@link #claim}, a conditional update that exactly one caller wins, which moves the due time
 * to the end of its lease; it then {@link #reschedule}s or {@link #remove}s it.
 */
public interface SettlementRepository {
  /** Which operation a payment belongs to. */
  enum Kind { PAYOUT, PAYIN }

  /** A scheduled payment. */
  record Entry(String paymentId, Kind kind, Instant dueAt, int attempts) {}

  /** Schedules a new payment (a withdrawal or top-up id), due at {@code dueAt}, no attempts yet. */
  void add(String paymentId, Kind kind, Instant dueAt);

  /** Entries due at or before {@code now}, earliest first, at most {@code limit}. */
  List<Entry> listDue(Instant now, int limit);

  /**
   * Moves the entry's due time to {@code leaseUntil} if it is still due at {@code now}; true for the
   * one caller that did, false for every other (already claimed, rescheduled or removed).
   */
  boolean claim(String paymentId, Instant now, Instant leaseUntil);

  /**
   * Sets the next due time and attempt count if the entry still holds the lease {@code leaseUntil}
   * its claim gave it (a runner whose lease ran out and was taken over changes nothing); returns
   * whether it did.
   */
  boolean reschedule(String paymentId, Instant leaseUntil, Instant dueAt, int attempts);

  /** Removes the entry (the payment is final); no effect if there is none. */
  void remove(String paymentId);
}

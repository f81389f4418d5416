package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Posting;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The append-only double-entry journal. */
public interface LedgerRepository {
  void append(Posting posting);

  /**
   * Sum of all entries on one account in stroops, computed exactly: an account that aggregates many
   * users' money (an external account) may pass the 64-bit range, and its sum is still exact.
   */
  BigInteger balanceOf(String account);

  /** Exact sum of entries per account in stroops, for every account ever posted to. */
  Map<String, BigInteger> balances();

  /** Postings in append order, for verification and audit; {@code offset} counts postings. */
  List<Posting> list(int offset, int limit);

  /**
   * Postings in append order after the posting {@code afterPostingId} (null: from the first; an
   * unknown id: none), at most {@code limit}: a walk through the whole ledger reads each posting once.
   */
  List<Posting> listAfter(String afterPostingId, int limit);
}

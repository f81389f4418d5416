package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Posting;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The append-only double-entry journal. */
public interface LedgerRepository {
  void append(Posting posting);

  /** Sum of all entries on one account. */
  Money balanceOf(String account);

  /** Sum of entries per account, for every account ever posted to. */
  Map<String, Money> balances();

  /**
   * Sum of entries per account in stroops, computed exactly (a sum beyond the 64-bit range is
   * still exact), for every account ever posted to; for verification.
   */
  Map<String, BigInteger> exactBalances();

  /** Postings in append order, for verification and audit; {@code offset} counts postings. */
  List<Posting> list(int offset, int limit);
}

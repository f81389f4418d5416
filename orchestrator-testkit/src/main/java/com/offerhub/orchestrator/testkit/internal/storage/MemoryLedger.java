package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Posting;
import com.offerhub.orchestrator.spi.storage.LedgerRepository;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger of one {@link MemoryTransaction}: its postings and their per-account sums stay
 * private until {@link #publish} appends them to the journal at commit.
 */
final class MemoryLedger implements LedgerRepository {
  private final MemoryTransaction tx;
  private final MemoryDatabase db;
  private final List<Posting> pending = new ArrayList<>();
  private final Map<String, BigInteger> deltas = new HashMap<>();

  MemoryLedger(MemoryTransaction tx) {
    this.tx = tx;
    this.db = tx.db;
  }

  @Override
  public void append(Posting posting) {
    tx.writable();
    pending.add(posting);
    for (LedgerEntry entry : posting.entries()) {
      deltas.merge(entry.account(), BigInteger.valueOf(entry.amount().stroops()), BigInteger::add);
    }
  }

  @Override
  public BigInteger balanceOf(String account) {
    tx.check();
    return db.accountSums.getOrDefault(account, BigInteger.ZERO).add(deltas.getOrDefault(account, BigInteger.ZERO));
  }

  @Override
  public Map<String, BigInteger> balances() {
    tx.check();
    Map<String, BigInteger> sums = new TreeMap<>(db.accountSums);
    deltas.forEach((account, delta) -> sums.merge(account, delta, BigInteger::add));
    return sums;
  }

  @Override
  public List<Posting> list(int offset, int limit) {
    tx.check();
    return journal().stream().skip(offset).limit(limit).toList();
  }

  @Override
  public List<Posting> listAfter(String afterPostingId, int limit) {
    tx.check();
    return Pages.after(journal(), Posting::id, afterPostingId).limit(limit).toList();
  }

  /** Appends this transaction's postings and sums to the database; called under the commit lock. */
  void publish() {
    db.postings.addAll(pending);
    deltas.forEach((account, delta) -> db.accountSums.merge(account, delta, BigInteger::add));
  }

  /** The committed journal followed by this transaction's postings. */
  private List<Posting> journal() {
    List<Posting> all = db.copy(db.postings);
    all.addAll(pending);
    return all;
  }
}

package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Posting;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The double-entry ledger: account balances and a full verification. Thread-safe. */
public final class LedgerOperations {
  private final EngineContext engine;

  LedgerOperations(EngineContext engine) {
    this.engine = engine;
  }

  /**
   * The balance of one ledger account. An external account aggregates every user's flows and is
   * held exactly whatever its size; when it has grown past what {@link Money} holds (about 922
   * billion USDC), this refuses with {@code INVALID_STATE}: read it with {@link #exactBalances()}.
   */
  public Money balanceOf(String account) {
    return money(account, engine.tx.read(scope -> scope.session.ledger().balanceOf(account)));
  }

  /** The balance of every account ever posted to, as {@link #balanceOf} gives them. */
  public Map<String, Money> balances() {
    Map<String, Money> out = new java.util.LinkedHashMap<>();
    exactStroops().forEach((account, sum) -> out.put(account, money(account, sum)));
    return out;
  }

  /** The exact balance of every account ever posted to, in USDC (7 decimals), whatever its size. */
  public Map<String, BigDecimal> exactBalances() {
    Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
    exactStroops().forEach((account, sum) -> out.put(account, new BigDecimal(sum, Money.SCALE)));
    return out;
  }

  private Map<String, BigInteger> exactStroops() {
    return engine.tx.read(scope -> scope.session.ledger().balances());
  }

  private static Money money(String account, BigInteger stroops) {
    if (stroops.bitLength() > 63) {
      throw new OrchestratorException(ErrorCode.INVALID_STATE, "Ledger account " + account + " holds "
          + stroops(stroops) + ", beyond what Money holds; read it with ledger().exactBalances()");
    }
    return Money.ofStroops(stroops.longValue());
  }

  /**
   * Proves conservation in one consistent snapshot: every posting sums to zero, all accounts
   * together sum to zero, no internal account is negative, and every user balance projection equals
   * its ledger accounts, and the treasury's float covers every open escrow it funded. Sums are exact, so no size of the books can make verification fail.
   */
  public LedgerReport verify() {
    return engine.tx.snapshot(scope -> {
      List<String> problems = new ArrayList<>();
      long count = 0;
      int page = 1000;
      String after = null;
      while (true) {
        List<Posting> postings = scope.session.ledger().listAfter(after, page);
        for (Posting posting : postings) {
          BigInteger sum = BigInteger.ZERO;
          for (LedgerEntry entry : posting.entries()) {
            sum = sum.add(BigInteger.valueOf(entry.amount().stroops()));
          }
          if (sum.signum() != 0) {
            problems.add("posting " + posting.id() + " sums to " + stroops(sum));
          }
        }
        count += postings.size();
        if (postings.size() < page) {
          break;
        }
        after = postings.get(postings.size() - 1).id();
      }
      Map<String, BigInteger> balances = scope.session.ledger().balances();
      BigInteger total = BigInteger.ZERO;
      for (Map.Entry<String, BigInteger> account : balances.entrySet()) {
        total = total.add(account.getValue());
        if (!LedgerAccounts.isExternal(account.getKey()) && account.getValue().signum() < 0) {
          problems.add("account " + account.getKey() + " is negative: " + stroops(account.getValue()));
        }
        LedgerAccounts.userOf(account.getKey()).ifPresent(userId -> {
          Balance balance = scope.session.balances().find(userId).orElse(null);
          Money projected = balance == null ? Money.ZERO : LedgerAccounts.isReserved(account.getKey())
              ? balance.reserved() : balance.available();
          if (!BigInteger.valueOf(projected.stroops()).equals(account.getValue())) {
            problems.add("balance of " + account.getKey() + " is " + projected + " but the ledger says "
                + stroops(account.getValue()));
          }
        });
      }
      if (total.signum() != 0) {
        problems.add("all accounts sum to " + stroops(total) + ", not zero");
      }
      // Every open escrow the treasury funded is covered by its float (rule 11): an advance that was
      // not booked, or a return booked twice, shows here.
      BigInteger advancedAndOpen = BigInteger.ZERO;
      for (Map.Entry<String, BigInteger> account : balances.entrySet()) {
        if (account.getKey().startsWith("escrow:") && account.getValue().signum() > 0) {
          String orderId = account.getKey().substring("escrow:".length());
          boolean byTreasury = scope.session.escrows().findByOrder(orderId).map(e -> e.treasuryUserId() != null)
              .orElse(false);
          advancedAndOpen = byTreasury ? advancedAndOpen.add(account.getValue()) : advancedAndOpen;
        }
      }
      BigInteger outstanding = balances.getOrDefault(LedgerAccounts.TREASURY_FLOAT, BigInteger.ZERO);
      if (outstanding.compareTo(advancedAndOpen) < 0) {
        problems.add("the treasury float is " + stroops(outstanding) + ", less than the " + stroops(advancedAndOpen)
            + " its open escrows hold");
      }
      return new LedgerReport(count, balances.size(), problems);
    });
  }

  /** An exact sum of stroops as a USDC decimal, whatever its size. */
  private static String stroops(BigInteger sum) {
    return new BigDecimal(sum, Money.SCALE).toPlainString();
  }
}

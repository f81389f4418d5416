package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.escrow.PayoutFormula;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What an escrow contract pays when it distributes {@code T} among payees, computed with the
 * contract's own integer arithmetic (spec/05 §5), so the books record what the chain pays to the
 * stroop and the engine never sends a resolution that would revert.
 */
public final class Payouts {

  private Payouts() {}

  /**
   * One distribution's outcome: each payee's net in the order given, the two fees, and whether the
   * contract would pay out more than {@code total} (a reverted transaction).
   */
  public record Split(Money total, List<Money> nets, Money serviceFee, Money platformFee) {
    public Split {
      nets = List.copyOf(nets);
    }

    /** Whether the payouts exceed what is distributed: the contract's transfers fail and nothing moves. */
    public boolean reverts() {
      Money paid = serviceFee.plus(platformFee);
      for (Money net : nets) {
        paid = paid.plus(net);
      }
      return paid.compareTo(total) > 0;
    }
  }

  /** The outcome of distributing {@code grosses} (each positive) under {@code formula}. */
  public static Split of(PayoutFormula formula, List<Money> grosses, int serviceFeeBps, int platformFeeBps) {
    long total = 0;
    for (Money gross : grosses) {
      total = Math.addExact(total, gross.stroops());
    }
    long tw = share(total, serviceFeeBps, 10_000);
    long pf = share(total, platformFeeBps, 10_000);
    List<Money> nets = new ArrayList<>();
    if (formula == PayoutFormula.WHOLE_FEES) {
      for (Money gross : grosses) {
        nets.add(Money.ofStroops(gross.stroops() - share(gross.stroops(), tw + pf, total)));
      }
      return new Split(Money.ofStroops(total), nets, Money.ofStroops(tw), Money.ofStroops(pf));
    }
    long serviceTotal = 0;
    long platformTotal = 0;
    for (Money gross : grosses) {
      long service = share(gross.stroops(), tw, total);
      long platform = share(gross.stroops(), pf, total);
      serviceTotal += service;
      platformTotal += platform;
      nets.add(Money.ofStroops(gross.stroops() - service - platform));
    }
    return new Split(Money.ofStroops(total), nets, Money.ofStroops(serviceTotal), Money.ofStroops(platformTotal));
  }

  /**
   * For a two-way split of {@code total} that reverts under {@link PayoutFormula#WHOLE_FEES}: the
   * nearest amounts for the first payee, below and above {@code first}, for which it does not
   * (each share times the fees divides by the total). Empty when no two-way split of this total
   * pays out exactly.
   */
  public static List<Money> nearestExactSplits(Money total, Money first, int serviceFeeBps, int platformFeeBps) {
    long t = total.stroops();
    long fees = share(t, serviceFeeBps, 10_000) + share(t, platformFeeBps, 10_000);
    if (fees == 0) {
      return List.of(first);
    }
    long step = t / BigInteger.valueOf(fees).gcd(BigInteger.valueOf(t)).longValueExact();
    List<Money> out = new ArrayList<>();
    long below = first.stroops() / step * step;
    if (below > 0 && below < t) {
      out.add(Money.ofStroops(below));
    }
    long above = below == first.stroops() ? below : below + step;
    if (above != below && above > 0 && above < t) {
      out.add(Money.ofStroops(above));
    }
    return out;
  }

  /** {@code floor(amount x numerator / denominator)} on exact integers, as the contract's i128 arithmetic. */
  static long share(long amount, long numerator, long denominator) {
    return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(numerator))
        .divide(BigInteger.valueOf(denominator)).longValueExact();
  }
}

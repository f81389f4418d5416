package com.offerhub.orchestrator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.escrow.PayoutFormula;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayoutsTest {

  @Test
  void aSinglePayeeGetsTheTotalLessBothFeesUnderEitherFormula() {
    for (PayoutFormula formula : PayoutFormula.values()) {
      Payouts.Split split = Payouts.of(formula, List.of(Money.parsePositive("100.00")), 30, 500);
      assertEquals(List.of(Money.parsePositive("94.70")), split.nets(), formula.name());
      assertEquals(Money.parsePositive("0.30"), split.serviceFee());
      assertEquals(Money.parsePositive("5.00"), split.platformFee());
      assertFalse(split.reverts());
    }
  }

  @Test
  void theSpecsExampleRevertsUnderWholeFeesAndNotUnderSharedFees() {
    List<Money> shares = List.of(Money.parsePositive("33.3333333"), Money.parsePositive("66.6666667"));
    assertTrue(Payouts.of(PayoutFormula.WHOLE_FEES, shares, 30, 470).reverts());
    Payouts.Split shared = Payouts.of(PayoutFormula.SHARED_FEES, shares, 30, 470);
    assertFalse(shared.reverts());
    assertEquals(Money.of(100), shared.nets().get(0).plus(shared.nets().get(1)).plus(shared.serviceFee())
        .plus(shared.platformFee()), "shared fees pay out the total exactly");
  }

  @Test
  void everySuggestedSplitPaysOutExactlyAndLiesEitherSideOfTheRequest() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      long total = 2 + random.nextInt(2_000_000_000);
      long first = 1 + (long) (random.nextDouble() * (total - 1));
      int service = random.nextInt(100);
      int platform = random.nextInt(1_000);
      Money t = Money.ofStroops(total);
      for (Money suggested : Payouts.nearestExactSplits(t, Money.ofStroops(first), service, platform)) {
        assertTrue(suggested.isPositive() && suggested.compareTo(t) < 0, suggested + " within " + t);
        assertTrue(Math.abs(suggested.stroops() - first) < total, "near the request");
        assertFalse(Payouts.of(PayoutFormula.WHOLE_FEES, List.of(suggested, t.minus(suggested)), service, platform)
            .reverts(), () -> suggested + " of " + t + " at " + service + "+" + platform + " bps");
      }
    }
  }
}

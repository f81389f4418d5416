package com.offerhub.orchestrator.stellar.trustless;

import com.offerhub.orchestrator.model.Money;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Exact conversions between {@link Money} (stroops) and the token units Trustless Work writes as
 * JSON numbers ({@code 100}, {@code 10.5}). Nothing here rounds: a value with more than 7 decimals,
 * or one outside Money's range, is refused.
 */
final class TokenUnits {
  private TokenUnits() {
  }

  /** {@code 1000000000} stroops is {@code 100}, {@code 105000000} is {@code 10.5}; plain, no exponent. */
  static BigDecimal toUnits(Money money) {
    BigDecimal units = BigDecimal.valueOf(money.stroops(), Money.SCALE).stripTrailingZeros();
    return units.scale() < 0 ? units.setScale(0) : units;
  }

  /** Token units to stroops, exactly; throws {@link ArithmeticException} naming the value otherwise. */
  static Money fromUnits(BigDecimal units) {
    BigDecimal stroops = units.movePointRight(Money.SCALE);
    try {
      return Money.ofStroops(stroops.toBigIntegerExact().longValueExact());
    } catch (ArithmeticException e) {
      throw new ArithmeticException("amount " + units.toPlainString()
          + " is not a whole number of stroops within range (at most 7 decimals)");
    }
  }

  /** Percent (as Trustless Work's {@code platformFee} is written) from basis points: 250 is 2.5. */
  static BigDecimal percentFromBps(int bps) {
    BigDecimal percent = BigDecimal.valueOf(bps, 2).stripTrailingZeros();
    return percent.scale() < 0 ? percent.setScale(0) : percent;
  }

  /** Basis points from a percent, exactly (2.5 is 250); throws if it is not a whole number of basis points. */
  static int bpsFromPercent(BigDecimal percent) {
    try {
      return percent.movePointRight(2).toBigIntegerExact().intValueExact();
    } catch (ArithmeticException e) {
      throw new ArithmeticException("platform fee " + percent.toPlainString() + "% is not a whole number of basis points");
    }
  }

  static BigInteger stroops(Money money) {
    return BigInteger.valueOf(money.stroops());
  }
}

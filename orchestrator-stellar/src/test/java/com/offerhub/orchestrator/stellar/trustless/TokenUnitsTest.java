package com.offerhub.orchestrator.stellar.trustless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TokenUnitsTest {
  @Test
  void stroopsBecomePlainTokenUnitsWithoutTrailingZeros() {
    assertEquals("100", TokenUnits.toUnits(Money.of(100)).toPlainString());
    assertEquals("10.5", TokenUnits.toUnits(Money.parsePositive("10.50")).toPlainString());
    assertEquals("0.0000001", TokenUnits.toUnits(Money.ofStroops(1)).toPlainString());
    assertEquals("0", TokenUnits.toUnits(Money.ZERO).toPlainString());
    assertEquals("100000000000", TokenUnits.toUnits(Money.MAX_AMOUNT).toPlainString());
    assertEquals("1234567.8901234", TokenUnits.toUnits(Money.ofStroops(12_345_678_901_234L)).toPlainString());
  }

  @Test
  void tokenUnitsBecomeExactStroops() {
    assertEquals(Money.of(100), TokenUnits.fromUnits(new BigDecimal("100")));
    assertEquals(Money.of(100), TokenUnits.fromUnits(new BigDecimal("100.000")));
    assertEquals(Money.of(100), TokenUnits.fromUnits(new BigDecimal("1E+2")));
    assertEquals(Money.ofStroops(105_000_000), TokenUnits.fromUnits(new BigDecimal("10.5")));
    assertEquals(Money.ofStroops(1), TokenUnits.fromUnits(new BigDecimal("0.0000001")));
    assertEquals(Money.ofStroops(9_999_999), TokenUnits.fromUnits(new BigDecimal("0.99999990")));
  }

  @Test
  void moreThanSevenDecimalsOrOutOfRangeIsRefusedNotRounded() {
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> TokenUnits.fromUnits(new BigDecimal("0.00000001")));
    assertTrue(e.getMessage().contains("0.00000001"), e.getMessage());
    assertThrows(ArithmeticException.class, () -> TokenUnits.fromUnits(new BigDecimal("1E+13")));
  }

  @Test
  void roundTripsEveryScale() {
    for (long stroops : new long[] {1, 9, 10, 99, 1_000_000, 10_000_000, 123_456_789, Long.MAX_VALUE / 10}) {
      assertEquals(Money.ofStroops(stroops), TokenUnits.fromUnits(TokenUnits.toUnits(Money.ofStroops(stroops))));
    }
  }

  @Test
  void platformFeePercentAndBasisPointsConvertExactly() {
    assertEquals("2.5", TokenUnits.percentFromBps(250).toPlainString());
    assertEquals("5", TokenUnits.percentFromBps(500).toPlainString());
    assertEquals("0", TokenUnits.percentFromBps(0).toPlainString());
    assertEquals("0.01", TokenUnits.percentFromBps(1).toPlainString());
    assertEquals(250, TokenUnits.bpsFromPercent(new BigDecimal("2.5")));
    assertEquals(500, TokenUnits.bpsFromPercent(new BigDecimal("5")));
    assertThrows(ArithmeticException.class, () -> TokenUnits.bpsFromPercent(new BigDecimal("2.555")));
  }
}

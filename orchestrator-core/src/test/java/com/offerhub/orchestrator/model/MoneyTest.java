package com.offerhub.orchestrator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MoneyTest {
  @ParameterizedTest
  @CsvSource({
      "100.00, 1000000000, 100.00",
      "100, 1000000000, 100.00",
      "0.1234567, 1234567, 0.1234567",
      "0001.50, 15000000, 1.50",
      "0.5, 5000000, 0.50",
      "12.3400000, 123400000, 12.34",
      "100000000000, 1000000000000000000, 100000000000.00",
      "099999999999.9999999, 999999999999999999, 99999999999.9999999"})
  void parsesAndFormatsExactly(String input, String stroops, String formatted) {
    Money money = Money.parsePositive(input);
    assertEquals(new BigDecimal(stroops).longValueExact(), money.stroops());
    assertEquals(formatted, money.format());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1.00", "+1.00", "1e3", "1.", ".5", "1.00000001", "1,00", "$1.00", " 1.00",
      "1.00 ", "0", "0.00", "0.0000000", "١٢٣", "１２", "1..0", "NaN", "Infinity", "1000000000000.00", "999999999999.9999999", "922337203685.4775808",
      "922337203685.4775807", "100000000000.0000001", "100000000001"})
  void rejectsAnythingElseWithAStableCode(String input) {
    OrchestratorException e = assertThrows(OrchestratorException.class, () -> Money.parsePositive(input));
    assertEquals(ErrorCode.INVALID_AMOUNT_FORMAT, e.code());
  }

  /** Item 10: no single amount exceeds 10^11 USDC, and fees of the largest amount are exact. */
  @Test
  void item10_theLargestAmountIsTenToTheEleventhAndItsFeesAreExact() {
    assertEquals(Money.parsePositive("100000000000.0000000"), Money.MAX_AMOUNT);
    OrchestratorException e = assertThrows(OrchestratorException.class,
        () -> Money.parsePositive("100000000000.0000001", ErrorCode.INVALID_AMOUNT));
    assertEquals(ErrorCode.INVALID_AMOUNT, e.code());
    assertEquals(Money.of(10_000_000_000L), Money.MAX_AMOUNT.percentOf(1000));
    assertEquals(Money.MAX_AMOUNT, Money.MAX_AMOUNT.percentOf(10_000));
  }

  @Test
  void nullIsRejectedWithTheGivenCode() {
    assertEquals(ErrorCode.VALIDATION_ERROR,
        assertThrows(OrchestratorException.class, () -> Money.parsePositive(null, ErrorCode.VALIDATION_ERROR)).code());
  }

  @Test
  void arithmeticIsExactAndFeesRoundDownToTheStroop() {
    Money a = Money.parsePositive("0.1");
    Money b = Money.parsePositive("0.2");
    assertEquals(Money.parsePositive("0.3"), a.plus(b));
    assertEquals(Money.ofStroops(3), Money.ofStroops(1000).percentOf(30));
    assertEquals(Money.ofStroops(2), Money.ofStroops(999).percentOf(30));
    assertEquals("150.0000000", Money.of(150).formatChain());
    assertEquals(new BigDecimal("1.2500000"), Money.parsePositive("1.25").toBigDecimal());
    assertEquals(Money.parsePositive("1.25"), Money.fromBigDecimal(new BigDecimal("1.25")));
  }

  @Test
  void overflowIsAnErrorNotAWrapAround() {
    assertThrows(ArithmeticException.class, () -> Money.ofStroops(Long.MAX_VALUE).plus(Money.ofStroops(1)));
  }
}

package com.offerhub.orchestrator.model;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact USDC amount held as whole stroops (1 USDC = 10^7 stroops), the unit of the Stellar
 * ledger, so the books mirror the chain without rounding. Immutable; may be zero or negative as an
 * intermediate value, but every API input is parsed with {@link #parsePositive}.
 */
public record Money(long stroops) implements Comparable<Money>, Serializable {
  public static final int SCALE = 7;
  public static final long STROOPS_PER_UNIT = 10_000_000L;
  public static final Money ZERO = new Money(0);
  /**
   * The largest amount any single money input may carry: 100,000,000,000 USDC (10^18 stroops). It
   * leaves room below the 64-bit limit for sums of a few amounts; balances are bounded separately.
   */
  public static final Money MAX_AMOUNT = new Money(100_000_000_000L * STROOPS_PER_UNIT);
  private static final int MAX_INPUT_LENGTH = 40;

  public static Money ofStroops(long stroops) {
    return new Money(stroops);
  }

  /** Whole units, e.g. {@code Money.of(100)} is 100 USDC. */
  public static Money of(long units) {
    return new Money(Math.multiplyExact(units, STROOPS_PER_UNIT));
  }

  /**
   * Parses an API amount: ASCII digits, optionally a dot and 1 to 7 fraction digits, strictly
   * positive, at most {@link #MAX_AMOUNT}. Rejects signs, exponents, separators, non-ASCII digits,
   * more than 7 decimals and larger values with {@code INVALID_AMOUNT_FORMAT} (or the given code),
   * naming the input.
   */
  public static Money parsePositive(String text, ErrorCode code) {
    Money value = parse(text, code);
    if (value.stroops <= 0) {
      throw invalid(text, code, "must be greater than zero");
    }
    return value;
  }

  public static Money parsePositive(String text) {
    return parsePositive(text, ErrorCode.INVALID_AMOUNT_FORMAT);
  }

  /** Parses a non-negative amount with the rules of {@link #parsePositive}, zero allowed. */
  public static Money parse(String text, ErrorCode code) {
    if (text == null) {
      throw new OrchestratorException(code, "amount is required");
    }
    if (text.isEmpty() || text.length() > MAX_INPUT_LENGTH) {
      throw invalid(text, code, "must be a decimal string");
    }
    int dot = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (dot >= 0) {
          throw invalid(text, code, "has more than one decimal point");
        }
        dot = i;
      } else if (c < '0' || c > '9') {
        throw invalid(text, code, "may contain only ASCII digits and one decimal point");
      }
    }
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (whole.isEmpty() || (dot >= 0 && fraction.isEmpty())) {
      throw invalid(text, code, "must have digits on both sides of the decimal point");
    }
    if (fraction.length() > SCALE) {
      throw invalid(text, code, "has more than 7 decimal places");
    }
    String stripped = whole.replaceFirst("^0+(?=.)", "");
    if (stripped.length() > 12) {
      throw invalid(text, code, "is larger than the largest accepted amount " + MAX_AMOUNT.formatChain());
    }
    long units = Long.parseLong(stripped);
    long frac = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "0000000").substring(0, SCALE));
    if (units > MAX_AMOUNT.stroops / STROOPS_PER_UNIT || (units == MAX_AMOUNT.stroops / STROOPS_PER_UNIT && frac > 0)) {
      throw invalid(text, code, "is larger than the largest accepted amount " + MAX_AMOUNT.formatChain());
    }
    return new Money(units * STROOPS_PER_UNIT + frac);
  }

  private static OrchestratorException invalid(String text, ErrorCode code, String why) {
    String shown = text.length() > MAX_INPUT_LENGTH ? text.substring(0, MAX_INPUT_LENGTH) + "..." : text;
    return new OrchestratorException(code, "Invalid amount \"" + shown + "\": " + why,
        java.util.Map.of("provided", shown, "expectedFormat", "decimal string with up to 7 decimals, e.g. \"100.00\""));
  }

  public static Money fromBigDecimal(BigDecimal value) {
    return new Money(value.movePointRight(SCALE).longValueExact());
  }

  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(stroops, SCALE);
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(stroops, other.stroops));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(stroops, other.stroops));
  }

  public Money negate() {
    return new Money(Math.negateExact(stroops));
  }

  public boolean isZero() {
    return stroops == 0;
  }

  public boolean isPositive() {
    return stroops > 0;
  }

  public boolean isNegative() {
    return stroops < 0;
  }

  public boolean isLessThan(Money other) {
    return stroops < other.stroops;
  }

  /**
   * {@code this * basisPoints / 10000}, rounded toward zero to the stroop (what a contract pays
   * out), computed exactly: the product may exceed 64 bits, the result does not for basis points up to 10000.
   */
  public Money percentOf(int basisPoints) {
    return new Money(BigInteger.valueOf(stroops).multiply(BigInteger.valueOf(basisPoints))
        .divide(BigInteger.valueOf(10_000L)).longValueExact());
  }

  /** Canonical API form: at least two decimals, at most seven, trailing zeros beyond two removed. */
  public String format() {
    String plain = toBigDecimal().toPlainString();
    int dot = plain.indexOf('.');
    int end = plain.length();
    while (end > dot + 3 && plain.charAt(end - 1) == '0') {
      end--;
    }
    return plain.substring(0, end);
  }

  /** Chain form with all seven decimals, e.g. {@code 150.0000000}. */
  public String formatChain() {
    return toBigDecimal().toPlainString();
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(stroops, other.stroops);
  }

  @Override
  public String toString() {
    return format();
  }
}

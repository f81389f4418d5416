package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.LedgerEntry;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Posting;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The double-entry ledger inside one transaction (ARCHITECTURE rule 3). A posting's entries on
 * user accounts update the balance projection with conditional statements, users in id order; the
 * posting is appended in the same transaction. Nothing else changes balances.
 */
public final class Books {
  private final TxScope scope;

  Books(TxScope scope) {
    this.scope = scope;
  }

  /** A user's balance before and after a posting. */
  public record Change(Balance before, Balance after) {}

  /**
   * Posts balanced entries. Returns each touched user's balance before and after, by user id.
   *
   * @throws OrchestratorException INSUFFICIENT_FUNDS / RESERVE_NOT_FOUND when a user balance would
   *     go negative, INVALID_AMOUNT when it would exceed the 64-bit range; nothing is written then
   */
  public Map<String, Change> post(String kind, String reference, List<LedgerEntry> entries) {
    Posting posting = new Posting(scope.engine.ids.next("pst_"), kind, reference, entries, scope.now);
    Map<String, Money[]> userDeltas = new TreeMap<>();
    for (LedgerEntry entry : entries) {
      String account = entry.account();
      var user = LedgerAccounts.userOf(account);
      if (user.isPresent()) {
        Money[] delta = userDeltas.computeIfAbsent(user.get(), u -> new Money[] {Money.ZERO, Money.ZERO});
        int slot = LedgerAccounts.isReserved(account) ? 1 : 0;
        delta[slot] = delta[slot].plus(entry.amount());
      } else if (!LedgerAccounts.isExternal(account) && entry.amount().isNegative()) {
        java.math.BigInteger held = scope.session.ledger().balanceOf(account);
        if (held.add(java.math.BigInteger.valueOf(entry.amount().stroops())).signum() < 0) {
          throw new OrchestratorException(ErrorCode.INTERNAL_ERROR,
              "Ledger account " + account + " holds " + new java.math.BigDecimal(held, Money.SCALE) + ", cannot take "
                  + entry.amount().negate());
        }
      }
    }
    // every user's balance in one call (one statement where the storage can), in user id order
    List<BalanceRepository.Adjustment> adjustments = new ArrayList<>();
    userDeltas.forEach((userId, delta) -> adjustments.add(new BalanceRepository.Adjustment(userId, delta[0],
        delta[1])));
    Map<String, Balance> balances = adjustments.size() == 1
        ? scope.session.balances().adjust(adjustments.get(0).userId(), adjustments.get(0).availableDelta(),
            adjustments.get(0).reservedDelta(), scope.now).map(b -> Map.of(b.userId(), b)).orElse(Map.of())
        : scope.session.balances().adjustAll(adjustments, scope.now);
    Map<String, Change> changes = new LinkedHashMap<>();
    for (BalanceRepository.Adjustment a : adjustments) {
      Balance after = balances.get(a.userId());
      if (after == null) {
        throw refused(a.userId(), a.availableDelta(), a.reservedDelta());
      }
      Balance before = new Balance(a.userId(), after.available().minus(a.availableDelta()),
          after.reserved().minus(a.reservedDelta()), after.currency(), after.updatedAt());
      changes.put(a.userId(), new Change(before, after));
    }
    scope.session.ledger().append(posting);
    return changes;
  }

  private OrchestratorException refused(String userId, Money availableDelta, Money reservedDelta) {
    Balance current = scope.session.balances().find(userId).orElse(null);
    if (current == null) {
      // every user has a balance row from its creation: none means no such user
      return new OrchestratorException(ErrorCode.USER_NOT_FOUND, "User " + userId + " not found");
    }
    if (reservedDelta.isNegative() && current.reserved().plus(reservedDelta).isNegative()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("requested", reservedDelta.negate().format());
      details.put("reserved", current.reserved().format());
      details.put("currency", current.currency());
      return new OrchestratorException(ErrorCode.RESERVE_NOT_FOUND,
          "Insufficient reserved balance for this operation", details);
    }
    // Decided from the deltas, not from the re-read balance: under READ COMMITTED a credit may have committed
    // since the update was refused. A change that adds money is refused only past the 64-bit bound; one that
    // takes money (or moves it between available and reserved) only for lack of funds.
    if (availableDelta.stroops() + reservedDelta.stroops() > 0) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("userId", userId);
      details.put("largestBalance", Money.ofStroops(Long.MAX_VALUE).format());
      return new OrchestratorException(ErrorCode.INVALID_AMOUNT,
          "The balance of user " + userId + " would exceed the largest balance the ledger holds", details);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("requested", availableDelta.negate().format());
    details.put("available", current.available().format());
    details.put("currency", current.currency());
    return new OrchestratorException(ErrorCode.INSUFFICIENT_FUNDS,
        "Insufficient available balance: requested " + availableDelta.negate() + ", available "
            + current.available(), details);
  }

  /** A two-leg posting: {@code amount} from one account to another. */
  public Map<String, Change> transfer(String kind, String reference, String from, String to, Money amount) {
    return post(kind, reference, List.of(new LedgerEntry(from, amount.negate()), new LedgerEntry(to, amount)));
  }

  /**
   * Entries paying {@code split} out of {@code source}: its total leaves the source, each payee
   * account (in the split's order) gets its net, the fees go to their accounts.
   */
  public static List<LedgerEntry> payout(String source, List<String> payeeAccounts, Payouts.Split split) {
    if (payeeAccounts.size() != split.nets().size()) {
      throw new IllegalArgumentException(payeeAccounts.size() + " payees for " + split.nets().size() + " payouts");
    }
    if (split.reverts()) {
      throw new IllegalArgumentException("a distribution that pays out more than " + split.total() + " is not booked");
    }
    List<LedgerEntry> entries = new ArrayList<>();
    entries.add(new LedgerEntry(source, split.total().negate()));
    for (int i = 0; i < payeeAccounts.size(); i++) {
      entries.add(new LedgerEntry(payeeAccounts.get(i), split.nets().get(i)));
    }
    if (split.serviceFee().isPositive()) {
      entries.add(new LedgerEntry(LedgerAccounts.SERVICE_FEES, split.serviceFee()));
    }
    if (split.platformFee().isPositive()) {
      entries.add(new LedgerEntry(LedgerAccounts.PLATFORM_FEES, split.platformFee()));
    }
    return entries;
  }
}

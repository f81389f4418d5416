package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Books;
import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.internal.TxScope;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import java.util.Map;

/**
 * Manual balance operations (spec/02 ops 12-20, spec/01 §5.2). Each is one ledger posting in one
 * transaction; the reference of reserve-style operations is free text and not checked against
 * orders. {@link #credit} and {@link #debit} create or destroy money the chain never saw: they are
 * operator actions and need a reason, kept in the audit entry. Thread-safe.
 */
public final class BalanceOperations {
  private final EngineContext engine;
  private final RequestContext ctx;

  BalanceOperations(EngineContext engine, RequestContext ctx) {
    this.engine = engine;
    this.ctx = ctx;
  }

  public Balance get(String userId) {
    Check.id("userId", userId);
    return engine.tx.read(scope -> scope.session.balances().find(userId))
        .orElseGet(() -> Balance.zero(userId, engine.now()));
  }

  /**
   * CREDIT_AVAILABLE from the outside world (source {@code other}): money the chain never saw, so an
   * operator action. {@code reason} is required (1 to {@value #MAX_REASON} characters, no control
   * characters) and recorded in the audit entry.
   */
  public BalanceOperationResult credit(String userId, BalanceRequest request, String reason) {
    return run("CREDIT_AVAILABLE", userId, request, reason(reason), false, (scope, amount) -> {
      Books.Change change = scope.books().transfer("CREDIT_AVAILABLE", request.reference(), LedgerAccounts.MANUAL,
          LedgerAccounts.available(userId), amount).get(userId);
      scope.event("balance.credited", "Balance", userId, userId,
          Payloads.credited(change, amount, "other", request.reference()));
      return change;
    });
  }

  /**
   * DEBIT_AVAILABLE to the outside world; INSUFFICIENT_FUNDS when available is short. An operator
   * action like {@link #credit}: {@code reason} is required and audited.
   */
  public BalanceOperationResult debit(String userId, BalanceRequest request, String reason) {
    return run("DEBIT_AVAILABLE", userId, request, reason(reason), false, (scope, amount) -> {
      Books.Change change = scope.books().transfer("DEBIT_AVAILABLE", request.reference(),
          LedgerAccounts.available(userId), LedgerAccounts.MANUAL, amount).get(userId);
      scope.event("balance.debited", "Balance", userId, userId,
          Payloads.debited(change, amount, "other", request.reference()));
      return change;
    });
  }

  /** RESERVE: available to reserved; INSUFFICIENT_FUNDS when available is short. */
  public BalanceOperationResult reserve(String userId, BalanceRequest request) {
    return run("RESERVE", userId, request, null, true, (scope, amount) -> {
      Books.Change change = scope.books().transfer("RESERVE", request.reference(), LedgerAccounts.available(userId),
          LedgerAccounts.reserved(userId), amount).get(userId);
      scope.event("balance.reserved", "Balance", userId, userId,
          Payloads.reservedOrReleased(change, amount, request.reference(), null));
      return change;
    });
  }

  /** CANCEL_RESERVATION: reserved back to available; RESERVE_NOT_FOUND when reserved is short. */
  public BalanceOperationResult cancelReservation(String userId, BalanceRequest request) {
    return run("CANCEL_RESERVATION", userId, request, null, true, (scope, amount) -> {
      Books.Change change = scope.books().transfer("CANCEL_RESERVATION", request.reference(),
          LedgerAccounts.reserved(userId), LedgerAccounts.available(userId), amount).get(userId);
      scope.event("balance.released", "Balance", userId, userId,
          Payloads.reservedOrReleased(change, amount, request.reference(), "cancel"));
      return change;
    });
  }

  /** DEDUCT_RESERVED: reserved leaves the books; RESERVE_NOT_FOUND when reserved is short. */
  public BalanceOperationResult deductReserved(String userId, BalanceRequest request) {
    return run("DEDUCT_RESERVED", userId, request, null, true, (scope, amount) -> {
      Books.Change change = scope.books().transfer("DEDUCT_RESERVED", request.reference(),
          LedgerAccounts.reserved(userId), LedgerAccounts.MANUAL, amount).get(userId);
      scope.event("balance.released", "Balance", userId, userId,
          Payloads.reservedOrReleased(change, amount, request.reference(), "escrow_funded"));
      return change;
    });
  }

  /**
   * RELEASE transfer: the buyer's ({@code userId}) reserved to the seller's
   * ({@code request.counterpartyId()}) available. The result describes the seller.
   */
  public BalanceOperationResult release(String userId, BalanceRequest request) {
    Check.notNull("request", request);
    String sellerId = Check.id("sellerId", request.counterpartyId());
    return run("RELEASE", userId, request, null, true, (scope, amount) -> {
      if (sellerId.equals(userId)) {
        throw new OrchestratorException(ErrorCode.INVALID_REQUEST, "Buyer and seller cannot be the same user");
      }
      Map<String, Books.Change> changes;
      try {
        changes = scope.books().transfer("RELEASE", request.reference(), LedgerAccounts.reserved(userId),
            LedgerAccounts.available(sellerId), amount);
      } catch (OrchestratorException refused) {
        // an unknown seller is the answer even when the buyer's reserve is short too: read only now
        if (refused.code() != ErrorCode.USER_NOT_FOUND && scope.session.users().find(sellerId).isEmpty()) {
          throw UserOperations.notFound(sellerId);
        }
        throw refused;
      }
      Books.Change buyer = changes.get(userId);
      Books.Change seller = changes.get(sellerId);
      scope.audit("RELEASE_DEDUCT_RESERVED", "balance", userId, userId, Payloads.balance(buyer.before()),
          Payloads.balance(buyer.after()));
      scope.event("balance.released", "Balance", userId, userId,
          Payloads.reservedOrReleased(buyer, amount, request.reference(), "other"));
      scope.event("balance.credited", "Balance", sellerId, sellerId,
          Payloads.credited(seller, amount, "release", request.reference()));
      return seller;
    });
  }

  /**
   * Compares the books with the wallet's on-chain USDC and records the result in the audit log
   * (BALANCE_SYNC, SUCCESS or DISCREPANCY_FOUND). Never changes a balance.
   */
  public BalanceSync sync(String userId) {
    Check.id("userId", userId);
    var wallet = engine.tx.read(scope -> {
      if (scope.session.users().find(userId).isEmpty()) {
        throw UserOperations.notFound(userId);
      }
      return scope.session.wallets().findPrimary(userId);
    });
    if (wallet.isEmpty()) {
      return new BalanceSync(userId, false, Money.ZERO, Money.ZERO, Money.ZERO, "none");
    }
    Money onChain;
    try {
      onChain = engine.chain.usdcBalance(wallet.get().publicKey());
    } catch (RuntimeException e) {
      return new BalanceSync(userId, false, get(userId).available(), null, null, "none");
    }
    Money chain = onChain;
    return engine.tx.write(ctx, scope -> {
      Balance balance = scope.session.balances().find(userId).orElse(Balance.zero(userId, scope.now));
      Money local = balance.total();
      for (int offset = 0; ; offset += 100) {
        var page = scope.session.withdrawals().listByUser(userId, offset, 100);
        for (var withdrawal : page) {
          local = local.plus(internal(scope, LedgerAccounts.withdrawalInFlight(withdrawal.id())));
        }
        if (page.size() < 100) {
          break;
        }
      }
      boolean platform = scope.session.users().find(userId).map(u -> u.externalUserId()
          .equals(engine.config.platformExternalUserId())).orElse(false);
      if (platform) {
        local = local.plus(internal(scope, LedgerAccounts.PLATFORM_FEES));
      }
      Money discrepancy = chain.minus(local);
      String action = discrepancy.isZero() ? "none" : "flagged";
      scope.audit("BALANCE_SYNC", "balance", userId, userId, Payloads.audit("localBalance", local),
          Payloads.audit("providerBalance", chain, "discrepancy", discrepancy), discrepancy.isZero() ? "SUCCESS"
              : "DISCREPANCY_FOUND", null);
      return new BalanceSync(userId, true, local, chain, discrepancy, action);
    });
  }

  /**
   * Runs {@link #sync}; a difference of more than 1.00 raises BALANCE_DISCREPANCY with both
   * figures. Returns the sync result otherwise.
   */
  public BalanceSync verify(String userId) {
    BalanceSync sync = sync(userId);
    if (sync.discrepancy() != null && (sync.discrepancy().compareTo(Money.of(1)) > 0
        || sync.discrepancy().negate().compareTo(Money.of(1)) > 0)) {
      throw new OrchestratorException(ErrorCode.BALANCE_DISCREPANCY,
          "Balance discrepancy detected between local and provider", Map.of("userId", userId, "localBalance",
              sync.localBalance().format(), "providerBalance", sync.providerBalance().format(), "currency", "USD",
              "difference", sync.discrepancy().format()));
    }
    return sync;
  }

  /** The longest reason a manual credit or debit accepts. */
  public static final int MAX_REASON = 500;

  /** A manual credit's or debit's reason: required, bounded, printable (line breaks allowed). */
  /** An internal account's balance (in flight, platform fees): bounded by what users hold, so it fits Money. */
  private static Money internal(TxScope scope, String account) {
    return Money.ofStroops(scope.session.ledger().balanceOf(account).longValueExact());
  }

  private static String reason(String reason) {
    Check.text("reason", reason, MAX_REASON);
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < reason.length()
          && Character.isLowSurrogate(reason.charAt(i + 1));
      if ((c < 0x20 && !lineBreak) || (c >= 0x7f && c <= 0x9f) || (Character.isSurrogate(c) && !pairedSurrogate)) {
        throw OrchestratorException.validation("reason must not contain control characters");
      }
      if (pairedSurrogate) {
        i++;
      }
    }
    return reason;
  }

  private interface Op {
    Books.Change apply(TxScope scope, Money amount);
  }

  /** {@code reason}: null for the reserve-style operations, required (checked) for credit and debit. */
  private BalanceOperationResult run(String operation, String userId, BalanceRequest request, String reason,
      boolean referenceRequired, Op op) {
    Check.id("userId", userId);
    Check.notNull("request", request);
    Money amount = Check.amount("amount", request.amount(), ErrorCode.INVALID_AMOUNT_FORMAT);
    if (referenceRequired) {
      Check.id("orderId", request.reference());
    } else {
      Check.optionalText("reference", request.reference(), Check.MAX_ID);
    }
    Check.optionalText("description", request.description(), Check.MAX_TEXT);
    Check.optionalText("currency", request.currency(), 10);
    Object fingerprinted = reason == null ? request : java.util.List.of(request, reason);
    return engine.tx.command(ctx, "balances." + operation + "|" + userId, fingerprinted, scope -> {
      // no read of the user first: its balance row's update refuses an unknown user (USER_NOT_FOUND)
      Books.Change change = op.apply(scope, amount);
      scope.audit(operation.equals("RELEASE") ? "RELEASE_CREDIT_AVAILABLE" : operation, "balance",
          change.after().userId(), change.after().userId(), Payloads.balance(change.before()),
          Payloads.audit("available", change.after().available(), "reserved", change.after().reserved(),
              "reference", request.reference(), "description", request.description(), "reason", reason));
      return new BalanceOperationResult(operation, amount, change.before(), change.after());
    }).result();
  }
}

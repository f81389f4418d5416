package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.SagaRunner;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import java.util.Optional;

/**
 * The platform treasury (ARCHITECTURE rule 11). With a fiat provider, buyers' balances are USD held
 * at the provider, but escrow contracts need USDC on chain: the treasury wallet funds such escrows
 * and receives their payouts, while the parties' shares are credited to their fiat balances. The
 * ledger tracks the treasury's USDC like any wallet's ({@code user:<treasury>:available}, credited
 * when USDC arrives at its address) and its float ({@link LedgerAccounts#TREASURY_FLOAT}): USDC
 * advanced into escrows and not yet back, which the fiat side owes the treasury. Thread-safe.
 */
public final class TreasuryOperations {
  private final EngineContext engine;

  TreasuryOperations(EngineContext engine) {
    this.engine = engine;
  }

  /**
   * Where the treasury stands, from the ledger in one snapshot.
   *
   * @param userId the treasury user
   * @param address its wallet's Stellar address, where the operator sends USDC to refill it
   * @param available USDC it holds and may advance
   * @param outstanding USDC advanced into escrows and not received back (the float)
   * @param lowBalance the threshold below which an advance raises {@code treasury.balance_low}
   */
  public record Status(String userId, String address, Money available, Money outstanding, Money lowBalance) {}

  /** The treasury's status, or empty when the engine has no treasury or it is not initialised yet. */
  public Optional<Status> status() {
    if (engine.config.treasury() == null) {
      return Optional.empty();
    }
    return engine.tx.snapshot(scope -> SagaRunner.treasury(scope).map(user -> status(scope, user)));
  }

  private Status status(com.offerhub.orchestrator.internal.TxScope scope, User user) {
    String address = scope.session.wallets().findPrimary(user.id()).map(w -> w.publicKey()).orElse(null);
    Money available = scope.session.balances().find(user.id()).map(Balance::available).orElse(Money.ZERO);
    Money outstanding = Money.ofStroops(scope.session.ledger().balanceOf(LedgerAccounts.TREASURY_FLOAT)
        .longValueExact());
    return new Status(user.id(), address, available, outstanding, engine.config.treasury().lowBalance());
  }
}

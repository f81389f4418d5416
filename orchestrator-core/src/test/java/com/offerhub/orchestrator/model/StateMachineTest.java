package com.offerhub.orchestrator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every (state, target) pair of every machine against the tables written out here independently. */
class StateMachineTest {
  private static <S extends Enum<S> & LifecycleState<S>> void checkAllPairs(Class<S> type,
      Map<S, Set<S>> expected) {
    for (S from : type.getEnumConstants()) {
      Set<S> allowed = expected.getOrDefault(from, Set.of());
      assertEquals(allowed, from.successors(), "successors of " + from);
      assertEquals(allowed.isEmpty(), from.isTerminal(), "terminal " + from);
      for (S to : type.getEnumConstants()) {
        if (allowed.contains(to)) {
          assertSame(to, Transitions.require("x", "id1", from, to));
        } else {
          OrchestratorException e = assertThrows(OrchestratorException.class,
              () -> Transitions.require("x", "id1", from, to));
          assertEquals(ErrorCode.INVALID_STATE, e.code());
          assertTrue(e.getMessage().contains(from.name()) && e.getMessage().contains(to.name()), e.getMessage());
          assertEquals(from.name(), e.details().get("currentState"));
          assertEquals(to.name(), e.details().get("targetState"));
        }
      }
    }
  }

  @Test
  void order() {
    checkAllPairs(OrderStatus.class, Map.ofEntries(
        Map.entry(OrderStatus.ORDER_CREATED, Set.of(OrderStatus.FUNDS_RESERVED, OrderStatus.CLOSED)),
        Map.entry(OrderStatus.FUNDS_RESERVED, Set.of(OrderStatus.ESCROW_CREATING, OrderStatus.CLOSED)),
        Map.entry(OrderStatus.ESCROW_CREATING, Set.of(OrderStatus.ESCROW_FUNDING, OrderStatus.FUNDS_RESERVED)),
        Map.entry(OrderStatus.ESCROW_FUNDING, Set.of(OrderStatus.ESCROW_FUNDED, OrderStatus.IN_PROGRESS)),
        Map.entry(OrderStatus.ESCROW_FUNDED, Set.of(OrderStatus.IN_PROGRESS)),
        Map.entry(OrderStatus.IN_PROGRESS, Set.of(OrderStatus.RELEASE_REQUESTED, OrderStatus.REFUND_REQUESTED,
            OrderStatus.DISPUTED)),
        Map.entry(OrderStatus.RELEASE_REQUESTED, Set.of(OrderStatus.RELEASED, OrderStatus.IN_PROGRESS,
            OrderStatus.DISPUTED)),
        Map.entry(OrderStatus.REFUND_REQUESTED, Set.of(OrderStatus.REFUNDED, OrderStatus.IN_PROGRESS,
            OrderStatus.DISPUTED)),
        Map.entry(OrderStatus.DISPUTED, Set.of(OrderStatus.RELEASE_REQUESTED, OrderStatus.REFUND_REQUESTED,
            OrderStatus.RELEASED, OrderStatus.REFUNDED)),
        Map.entry(OrderStatus.RELEASED, Set.of(OrderStatus.CLOSED)),
        Map.entry(OrderStatus.REFUNDED, Set.of(OrderStatus.CLOSED))));
  }

  @Test
  void escrow() {
    checkAllPairs(EscrowStatus.class, Map.of(
        EscrowStatus.CREATING, Set.of(EscrowStatus.CREATED),
        EscrowStatus.CREATED, Set.of(EscrowStatus.FUNDING, EscrowStatus.FUNDED),
        EscrowStatus.FUNDING, Set.of(EscrowStatus.FUNDED, EscrowStatus.CREATED),
        EscrowStatus.FUNDED, Set.of(EscrowStatus.RELEASING, EscrowStatus.REFUNDING, EscrowStatus.DISPUTED),
        EscrowStatus.RELEASING, Set.of(EscrowStatus.RELEASED, EscrowStatus.FUNDED),
        EscrowStatus.REFUNDING, Set.of(EscrowStatus.REFUNDED, EscrowStatus.FUNDED, EscrowStatus.DISPUTED),
        EscrowStatus.DISPUTED, Set.of(EscrowStatus.RELEASED, EscrowStatus.REFUNDED)));
  }

  @Test
  void disputeMilestoneTopUpWithdrawal() {
    checkAllPairs(DisputeStatus.class, Map.of(DisputeStatus.OPEN, Set.of(DisputeStatus.UNDER_REVIEW),
        DisputeStatus.UNDER_REVIEW, Set.of(DisputeStatus.RESOLVED)));
    checkAllPairs(MilestoneStatus.class, Map.of(MilestoneStatus.OPEN, Set.of(MilestoneStatus.COMPLETED)));
    checkAllPairs(TopUpStatus.class, Map.of(
        TopUpStatus.TOPUP_CREATED, Set.of(TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, TopUpStatus.TOPUP_PROCESSING,
            TopUpStatus.TOPUP_FAILED, TopUpStatus.TOPUP_CANCELED),
        TopUpStatus.TOPUP_AWAITING_USER_CONFIRMATION, Set.of(TopUpStatus.TOPUP_PROCESSING,
            TopUpStatus.TOPUP_CANCELED, TopUpStatus.TOPUP_FAILED),
        TopUpStatus.TOPUP_PROCESSING, Set.of(TopUpStatus.TOPUP_SUCCEEDED, TopUpStatus.TOPUP_FAILED)));
    checkAllPairs(WithdrawalStatus.class, Map.of(
        WithdrawalStatus.WITHDRAWAL_CREATED, Set.of(WithdrawalStatus.WITHDRAWAL_COMMITTED,
            WithdrawalStatus.WITHDRAWAL_PENDING, WithdrawalStatus.WITHDRAWAL_FAILED,
            WithdrawalStatus.WITHDRAWAL_CANCELED),
        WithdrawalStatus.WITHDRAWAL_COMMITTED, Set.of(WithdrawalStatus.WITHDRAWAL_PENDING,
            WithdrawalStatus.WITHDRAWAL_PENDING_USER_ACTION, WithdrawalStatus.WITHDRAWAL_COMPLETED,
            WithdrawalStatus.WITHDRAWAL_FAILED, WithdrawalStatus.WITHDRAWAL_CANCELED),
        WithdrawalStatus.WITHDRAWAL_PENDING, Set.of(WithdrawalStatus.WITHDRAWAL_PENDING_USER_ACTION,
            WithdrawalStatus.WITHDRAWAL_COMPLETED, WithdrawalStatus.WITHDRAWAL_FAILED,
            WithdrawalStatus.WITHDRAWAL_CANCELED),
        WithdrawalStatus.WITHDRAWAL_PENDING_USER_ACTION, Set.of(WithdrawalStatus.WITHDRAWAL_PENDING,
            WithdrawalStatus.WITHDRAWAL_COMPLETED, WithdrawalStatus.WITHDRAWAL_FAILED,
            WithdrawalStatus.WITHDRAWAL_CANCELED)));
  }

  @Test
  void postingsMustBalance() {
    assertThrows(IllegalArgumentException.class, () -> new Posting("p", "X", null, List.of(
        new LedgerEntry("a", Money.of(1)), new LedgerEntry("b", Money.of(-2))), java.time.Instant.EPOCH));
    assertThrows(IllegalArgumentException.class, () -> new Posting("p", "X", null, List.of(
        new LedgerEntry("a", Money.ZERO)), java.time.Instant.EPOCH));
    assertFalse(new Posting("p", "X", null, List.of(new LedgerEntry("a", Money.of(1)),
        new LedgerEntry("b", Money.of(-1))), java.time.Instant.EPOCH).entries().isEmpty());
  }
}

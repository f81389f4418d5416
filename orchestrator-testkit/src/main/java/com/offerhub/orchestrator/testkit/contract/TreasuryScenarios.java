package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OpenDisputeRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.ResolveDisputeRequest;
import com.offerhub.orchestrator.TreasuryOperations;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.EscrowStatus;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The treasury of AirTM mode (issue 10 item 3, ARCHITECTURE rule 11), for any {@link Storage}:
 * buyers' balances are USD topped up at the provider, the treasury wallet's USDC funds their
 * escrows on chain and receives the payouts back, and the ledger's float says at every step what
 * the treasury has advanced. After every test the ledger verifies clean and the treasury wallet and
 * every contract hold on chain exactly what the books say.
 */
public abstract class TreasuryScenarios {
  private TestEngine test;

  /** A fresh, empty storage for each test. */
  protected abstract Storage newStorage();

  private TestEngine start(TestEngine.Builder builder) {
    test = builder.storage(newStorage()).build();
    return test;
  }

  private TestEngine start(String treasuryUsdc, String lowBalance) {
    return start(TestEngine.builder().treasury(treasuryUsdc, lowBalance));
  }

  @AfterEach
  void booksEqualChain() {
    if (test != null) {
      assertTrue(test.engine().ledger().verify().isClean(), () -> test.engine().ledger().verify().problems()
          .toString());
      assertEquals(List.of(), test.treasuryVersusChain());
    }
  }

  private TreasuryOperations.Status treasury() {
    return test.engine().treasury().status().orElseThrow();
  }

  private Money chainUsdc(User user) {
    return test.network().usdcBalance(test.engine().wallets().depositAddress(user.id()));
  }

  @Test
  void aToppedUpBuyersOrderRunsOnTreasuryUsdcAndTheFloatReturnsToZeroOnRelease() {
    start("1000.00", "0");
    OrchestratorEngine engine = test.engine();
    User buyer = test.toppedUpUser("buyer", "100.00");
    User seller = test.user("seller");
    engine.users().linkAirtm(seller.id(), "seller@airtm.example");
    String orderId = test.fundedOrder(buyer, seller, "60.00").order().id();

    assertEquals(OrderStatus.IN_PROGRESS, engine.orders().get(orderId).order().status());
    assertEquals(Money.of(40), test.balance(buyer).available(), "the buyer's claim moved into the escrow");
    assertEquals(Money.ZERO, chainUsdc(buyer), "the buyer's wallet never held USDC");
    assertEquals(Money.of(940), treasury().available());
    assertEquals(Money.of(60), treasury().outstanding(), "the float: advanced against the buyer's USD");
    assertEquals(Money.of(60), engine.ledger().balanceOf(LedgerAccounts.TREASURY_FLOAT));

    engine.orders().release(orderId);
    assertEquals(OrderStatus.CLOSED, engine.orders().get(orderId).order().status());
    assertEquals(Money.of(60), test.balance(seller).available(), "the seller's share is a fiat balance");
    assertEquals(Money.ZERO, chainUsdc(seller), "the contract paid the treasury, not the seller's wallet");
    assertEquals(Money.of(1000), treasury().available());
    assertEquals(Money.ZERO, treasury().outstanding());

    Withdrawal payout = engine.withdrawals().create(new CreateWithdrawalRequest(seller.id(), "60.00",
        DestinationType.AIRTM_BALANCE, "seller@airtm.example", null));
    test.provider().succeed(payout.providerRef());
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMPLETED, engine.withdrawals().refresh(payout.id()).status());
    assertEquals(Money.ZERO, test.balance(seller).total());
    assertEquals(Money.ZERO, treasury().outstanding());
  }

  @Test
  void aRefundAndASplitPayTheTreasuryAndCreditThePartiesFiatBalances() {
    start("500.00", "0");
    OrchestratorEngine engine = test.engine();
    User buyer = test.toppedUpUser("buyer", "100.00");
    User seller = test.user("seller");
    String refunded = test.fundedOrder(buyer, seller, "30.00").order().id();
    String split = test.fundedOrder(buyer, seller, "50.00").order().id();
    assertEquals(Money.of(80), treasury().outstanding());

    engine.orders().refund(refunded, "not delivered");
    assertEquals(OrderStatus.CLOSED, engine.orders().get(refunded).order().status());
    assertEquals(EscrowStatus.REFUNDED, engine.orders().get(refunded).escrow().status());
    assertEquals(Money.of(50), treasury().outstanding());

    String disputeId = engine.orders().openDispute(split, new OpenDisputeRequest(DisputeParty.BUYER,
        DisputeReason.QUALITY_ISSUE, null)).dispute().id();
    engine.disputes().assign(disputeId, "agent");
    engine.disputes().resolve(disputeId, ResolveDisputeRequest.split("20.00", "30.00"));
    assertEquals(OrderStatus.CLOSED, engine.orders().get(split).order().status());

    assertEquals(Money.of(80), test.balance(buyer).available(), "20 left + 30 refunded + 30 of the split");
    assertEquals(Money.of(20), test.balance(seller).available());
    assertEquals(Money.ZERO, treasury().outstanding());
    assertEquals(Money.of(500), treasury().available());
    assertEquals(Money.ZERO, chainUsdc(buyer));
    assertEquals(Money.ZERO, chainUsdc(seller));
  }

  @Test
  void feesPaidOnChainStayInTheFloatUntilTheOperatorSettlesThem() {
    start(TestEngine.builder().treasury("1000.00", "0").serviceFeeBps(30).platformFeeBps(100));
    OrchestratorEngine engine = test.engine();
    User buyer = test.toppedUpUser("buyer", "200.00");
    User seller = test.user("seller");
    String orderId = test.fundedOrder(buyer, seller, "100.00").order().id();
    engine.orders().release(orderId);
    // 100.00 gross: 0.30 to Trustless Work, 1.00 to the platform, 98.70 back to the treasury for the seller.
    assertEquals(Money.parsePositive("98.70"), test.balance(seller).available());
    assertEquals(Money.parsePositive("1.30"), treasury().outstanding(),
        "the fees left the treasury's USDC and are owed to it by the fiat side");
    assertEquals(Money.parsePositive("998.70"), treasury().available());
    assertEquals(Money.of(1), engine.ledger().balanceOf(LedgerAccounts.PLATFORM_FEES));
  }

  @Test
  void aLowTreasuryRaisesAnEventAndAnEmptyOneRefusesFundingWithoutMovingMoney() {
    start("100.00", "50.00");
    OrchestratorEngine engine = test.engine();
    User buyer = test.toppedUpUser("buyer", "200.00");
    User seller = test.user("seller");
    test.fundedOrder(buyer, seller, "30.00");
    assertEquals(0, lowEvents(engine), "70 left, above the threshold");
    test.fundedOrder(buyer, seller, "30.00");
    assertEquals(1, lowEvents(engine), "40 left, below 50");

    String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "60.00", "big")).order().id();
    engine.orders().reserve(id);
    engine.orders().createEscrow(id);
    OrchestratorException refused = assertThrows(OrchestratorException.class, () -> engine.orders().fundEscrow(id));
    assertEquals(ErrorCode.ESCROW_FUNDING_FAILED, refused.code());
    assertEquals("40.00", refused.details().get("treasuryAvailable"));
    assertEquals(OrderStatus.ESCROW_FUNDING, engine.orders().get(id).order().status());
    assertEquals(EscrowStatus.CREATED, engine.orders().get(id).escrow().status());
    assertEquals(Money.of(60), test.balance(buyer).reserved(), "still reserved, nothing moved");
    assertEquals(Money.of(60), treasury().outstanding());

    test.deposit(test.treasury(), "100.00");
    assertEquals(OrderStatus.IN_PROGRESS, engine.orders().fundEscrow(id).order().status(), "refilled: funds");
    assertEquals(Money.of(120), treasury().outstanding());
  }

  private static long lowEvents(OrchestratorEngine engine) {
    return engine.events().readAfter(0, 1000).stream().filter(e -> e.eventType().equals("treasury.balance_low"))
        .count();
  }
}

package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OpenDisputeRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.ResolveDisputeRequest;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.DisputeStatus;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.testkit.network.EscrowArgs;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the engine does when the escrow service refuses to build a step, and how a dispute
 * resolution is checked against and booked by the contract's own fee arithmetic (spec/05 §5, §10).
 */
class RefusalsAndPayoutsTest {

  private static TestEngine fees(SimulatedNetwork.Variant variant) {
    TestEngine test = TestEngine.builder().serviceFeeBps(30).platformFeeBps(470).build();
    test.network().setDefaultVariant(variant);
    return test;
  }

  private static String disputed(TestEngine test, User buyer, User seller, String amount) {
    String id = test.fundedOrder(buyer, seller, amount).order().id();
    String disputeId = test.engine().orders().openDispute(id, new OpenDisputeRequest(DisputeParty.BUYER,
        DisputeReason.QUALITY_ISSUE, List.of())).dispute().id();
    test.engine().disputes().assign(disputeId, "agent");
    return disputeId;
  }

  private static void assertBooksMatchChain(TestEngine test) {
    assertTrue(test.engine().ledger().verify().isClean(), () -> test.engine().ledger().verify().problems().toString());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @Test
  void aSplitThatContractARevertsIsRefusedWithAmountsThatPayOutExactly() {
    TestEngine test = fees(SimulatedNetwork.Variant.A);
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    String disputeId = disputed(test, buyer, seller, "100.00");
    String orderId = engine.disputes().get(disputeId).orderId();

    // 5 % in fees: 33.3333333 x 5 % is not a whole number of stroops, so [A] pays out one more than it holds.
    OrchestratorException refused = assertThrows(OrchestratorException.class, () -> engine.disputes()
        .resolve(disputeId, ResolveDisputeRequest.split("33.3333333", "66.6666667")));
    assertEquals(ErrorCode.INVALID_AMOUNT, refused.code());
    @SuppressWarnings("unchecked")
    List<String> suggested = (List<String>) refused.details().get("suggestedReleaseAmounts");
    assertEquals(List.of("33.333332", "33.333334"), suggested, refused.getMessage());
    assertEquals(DisputeStatus.UNDER_REVIEW, engine.disputes().get(disputeId).status());
    assertNull(engine.disputes().get(disputeId).decision(), "nothing recorded");
    EscrowSnapshot untouched = test.network().escrowGateway().inspect(engine.orders().get(orderId).escrow()
        .contractId());
    assertFalse(untouched.disputed(), "nothing sent to the chain");

    Money release = Money.parsePositive(suggested.get(1));
    OrderSnapshot closed = engine.disputes().resolve(disputeId, ResolveDisputeRequest.split(release.format(),
        Money.of(100).minus(release).format()));
    assertEquals(OrderStatus.CLOSED, closed.order().status());
    assertBooksMatchChain(test);
  }

  @Test
  void contractBSharesTheFeesOfAnUnevenSplitAndTheBooksFollowToTheStroop() {
    TestEngine test = fees(SimulatedNetwork.Variant.B);
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "20.00");
    User seller = test.user("seller");
    // 10.0000003 x 0.3 % is not whole: the contract takes each payee's fee from the rounded total
    // fee, a stroop apart from 0.3 % of each share.
    String disputeId = disputed(test, buyer, seller, "10.0000003");
    OrderSnapshot closed = engine.disputes().resolve(disputeId, ResolveDisputeRequest.split("3.3333334",
        "6.6666669"));
    assertEquals(OrderStatus.CLOSED, closed.order().status());
    assertBooksMatchChain(test);
  }

  @Test
  void moneyPaidIntoTheContractFromOutsideIsHandedOnByTheResolutionAndBooked() {
    TestEngine test = fees(SimulatedNetwork.Variant.B);
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    String disputeId = disputed(test, buyer, seller, "80.00");
    String contractId = engine.orders().get(engine.disputes().get(disputeId).orderId()).escrow().contractId();
    fundFromOutside(test, contractId, "5.00");
    assertEquals(Money.of(85), test.network().escrowGateway().inspect(contractId).balance());

    OrderSnapshot closed = engine.disputes().resolve(disputeId, ResolveDisputeRequest.split("50.00", "30.00"));
    assertEquals(OrderStatus.CLOSED, closed.order().status());
    assertEquals(Money.ZERO, test.network().escrowGateway().inspect(contractId).balance());
    assertEquals(0, new BigDecimal("-5").compareTo(engine.ledger().exactBalances()
        .get(LedgerAccounts.ESCROW_SURPLUS)), "the surplus came in from outside");
    assertBooksMatchChain(test);
  }

  @Test
  void aDeployTheServiceRefusesFailsAtOnceAndReturnsTheOrder() {
    TestEngine test = TestEngine.inMemory();
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "10.00");
    User seller = test.user("seller");
    String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "10.00", "x")).order().id();
    engine.orders().reserve(id);
    // One refusal only: a runner that asked again would succeed, so FUNDS_RESERVED shows it did not.
    test.network().refuseNextBuilds(EscrowArgs.DEPLOY_B, 1);
    OrchestratorException e = assertThrows(OrchestratorException.class, () -> engine.orders().createEscrow(id));
    assertEquals(ErrorCode.PROVIDER_ERROR, e.code());
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    assertEquals(OrderStatus.FUNDS_RESERVED, engine.orders().get(id).order().status());
    assertNull(engine.orders().get(id).escrow());
    assertBooksMatchChain(test);
  }

  @Test
  void aReleaseRefusedAfterItsFirstStepsLandedIsAskedAgainLaterAndCompletes() {
    TestEngine test = TestEngine.builder().syncWait(Duration.ofSeconds(2)).build();
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "10.00");
    User seller = test.user("seller");
    String id = test.fundedOrder(buyer, seller, "10.00").order().id();
    // As a service whose node has not yet seen the approval would answer.
    test.network().refuseNextBuilds(EscrowArgs.RELEASE, 2);
    assertEquals(OrderStatus.RELEASE_REQUESTED, engine.orders().release(id).order().status());
    for (int i = 0; i < 20 && engine.orders().get(id).order().status() != OrderStatus.CLOSED; i++) {
      test.clock().advance(Duration.ofSeconds(5));
      engine.runPendingWork();
    }
    assertEquals(OrderStatus.CLOSED, engine.orders().get(id).order().status());
    assertEquals(Money.of(10), test.balance(seller).available());
    assertBooksMatchChain(test);
  }

  @Test
  void aReleaseRefusedForGoodFailsAfterBoundedAttemptsAndTellsTheOperator() {
    TestEngine test = TestEngine.builder().syncWait(Duration.ofSeconds(2)).build();
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "10.00");
    User seller = test.user("seller");
    String id = test.fundedOrder(buyer, seller, "10.00").order().id();
    test.network().refuseNextBuilds(EscrowArgs.RELEASE, Integer.MAX_VALUE);
    engine.orders().release(id);
    for (int i = 0; i < 30 && engine.orders().get(id).order().status() != OrderStatus.IN_PROGRESS; i++) {
      test.clock().advance(Duration.ofSeconds(5));
      engine.runPendingWork();
    }
    assertEquals(OrderStatus.IN_PROGRESS, engine.orders().get(id).order().status(), "back to a settleable order");
    List<DomainEvent> told = engine.events().readAfter(0, 1000).stream()
        .filter(e -> e.eventType().equals("order.needs_attention")).toList();
    assertEquals(1, told.size());
    assertEquals("release", told.get(0).payload().get("failedStep"));
    assertEquals(Money.of(10), engine.ledger().balanceOf(LedgerAccounts.escrow(id)), "the money is still in escrow");
    test.network().reset();
    assertEquals(OrderStatus.CLOSED, engine.orders().release(id).order().status(), "a new release skips what landed");
    assertBooksMatchChain(test);
  }

  /** An account nobody in the books knows funds the contract: fund_escrow has no role check. */
  private static void fundFromOutside(TestEngine test, String contractId, String amount) {
    var chain = test.network().chainAdapter();
    KeyPair stranger = chain.newKeyPair();
    try (SecretSeed seed = stranger.secret()) {
      assertTrue(chain.activate(stranger.publicKey(), seed));
      test.network().depositFromOutside(stranger.publicKey(), Money.parsePositive(amount));
      var unsigned = test.network().escrowGateway().fund(contractId, stranger.publicKey(), Money.parsePositive(amount));
      assertEquals(SubmitOutcome.CONFIRMED, chain.submit(chain.sign(unsigned, seed)).outcome());
    }
  }
}

package com.offerhub.orchestrator.examples;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.TestEngine;

/** The README's in-memory example; {@code QuickStartTest} runs it and checks the README quotes it. */
public final class QuickStart {
  private QuickStart() {}

  public static String run() {
    // README:begin
    TestEngine test = TestEngine.inMemory();            // in-memory storage + simulated Stellar network
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer-1", "100.00");   // wallet created, 100 USDC deposited and credited
    User seller = engine.users().create(com.offerhub.orchestrator.CreateUserRequest.of("seller-1"));

    String orderId = engine.orders()
        .create(CreateOrderRequest.of(buyer.id(), seller.id(), "80.00", "Logo design"))
        .order().id();
    engine.orders().reserve(orderId);                    // buyer: 20.00 available, 80.00 reserved
    engine.orders().createEscrow(orderId);               // Trustless Work contract deployed
    engine.orders().fundEscrow(orderId);                 // 80 USDC locked in the contract
    OrderSnapshot done = engine.orders().release(orderId); // 3 signed transactions, then CLOSED

    String summary = done.order().status() + " seller=" + engine.balances().get(seller.id()).available()
        + " buyer=" + engine.balances().get(buyer.id()).available()
        + " ledger clean=" + engine.ledger().verify().isClean();
    // README:end
    return summary;
  }

  public static void main(String[] args) {
    System.out.println(run());
  }
}

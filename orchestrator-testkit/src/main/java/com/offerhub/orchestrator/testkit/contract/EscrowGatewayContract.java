package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EscrowGateway} must do with its chain: deploy, fund, release in three signed
 * transactions with fees paid exactly, refuse wrong signers and out-of-order calls, dispute and
 * resolve with distributions that must sum to the balance, the resolver never the disputer. A call
 * the contract refuses may be refused when it is built (a 4xx {@link EscrowGatewayException}, as
 * Trustless Work checks the contract's rules before returning the transaction) or when it is
 * submitted ({@code REJECTED}).
 */
public abstract class EscrowGatewayContract {
  protected ChainAdapter chain;
  protected EscrowGateway gateway;
  private KeyPair buyer;
  private KeyPair seller;
  private KeyPair platform;

  /** Fresh chain and gateway over one fresh network, with Trustless Work's fee at {@code serviceFeeBps}. */
  protected abstract void newNetwork(int serviceFeeBps);

  protected abstract ChainAdapter chain();

  protected abstract EscrowGateway gateway();

  protected abstract void fundFromOutside(String address, Money amount);

  /** The account receiving Trustless Work's fee. */
  protected abstract String serviceFeeAccount();

  @BeforeEach
  void setUpNetwork() {
    newNetwork(30);
    chain = chain();
    gateway = gateway();
    buyer = active();
    seller = active();
    platform = active();
    fundFromOutside(buyer.publicKey(), Money.of(1000));
  }

  private KeyPair active() {
    KeyPair keys = chain.newKeyPair();
    assertTrue(chain.activate(keys.publicKey(), keys.secret()));
    return keys;
  }

  private SubmitResult run(UnsignedTransaction tx, KeyPair signer) {
    return chain.submit(chain.sign(tx, signer.secret()));
  }

  /** Whether the call is refused: when built (4xx) or when submitted (REJECTED); never applied. */
  private boolean refused(java.util.function.Supplier<UnsignedTransaction> build, KeyPair signer) {
    UnsignedTransaction tx;
    try {
      tx = build.get();
    } catch (EscrowGatewayException e) {
      return e.status() >= 400 && e.status() < 500;
    }
    return run(tx, signer).outcome() == SubmitOutcome.REJECTED;
  }

  private String fundedContract(String amount, int platformFeeBps) {
    EscrowTerms terms = new EscrowTerms("ord_" + System.nanoTime(), "Logo", "", Money.parsePositive(amount),
        platformFeeBps, buyer.publicKey(), seller.publicKey(), seller.publicKey(), buyer.publicKey(),
        platform.publicKey(), platform.publicKey(), List.of("Logo"));
    SubmitResult deployed = run(gateway.deploy(terms), platform);
    assertEquals(SubmitOutcome.CONFIRMED, deployed.outcome(), deployed.error());
    String contract = gateway.deployedContractId(deployed.hash());
    assertTrue(contract.startsWith("C"));
    assertEquals(SubmitOutcome.CONFIRMED, run(gateway.fund(contract, buyer.publicKey(), Money.parsePositive(amount)),
        buyer).outcome());
    return contract;
  }

  @Test
  void releaseInThreeTransactionsPaysFeesExactly() {
    String contract = fundedContract("100.00", 100);
    EscrowSnapshot funded = gateway.inspect(contract);
    assertTrue(funded.funded());
    assertEquals(Money.of(100), funded.balance());
    assertTrue(refused(() -> gateway.release(contract, buyer.publicKey()), buyer),
        "release before approval must be refused");
    assertTrue(refused(() -> gateway.changeMilestoneStatus(contract, 0, "completed", buyer.publicKey()), buyer),
        "only the service provider changes milestone status");
    assertEquals(SubmitOutcome.CONFIRMED, run(gateway.changeMilestoneStatus(contract, 0, "completed",
        seller.publicKey()), seller).outcome());
    assertTrue(refused(() -> gateway.approveMilestone(contract, 0, seller.publicKey()), seller),
        "only the approver approves");
    assertEquals(SubmitOutcome.CONFIRMED, run(gateway.approveMilestone(contract, 0, buyer.publicKey()), buyer)
        .outcome());
    assertEquals(SubmitOutcome.CONFIRMED, run(gateway.release(contract, buyer.publicKey()), buyer).outcome());
    assertEquals(Money.parsePositive("98.70"), chain.usdcBalance(seller.publicKey()));
    assertEquals(Money.of(1), chain.usdcBalance(platform.publicKey()));
    assertEquals(Money.parsePositive("0.30"), chain.usdcBalance(serviceFeeAccount()));
    EscrowSnapshot released = gateway.inspect(contract);
    assertTrue(released.released());
    assertEquals(Money.ZERO, released.balance());
  }

  @Test
  void disputeAndResolveSplitTheBalance() {
    String contract = fundedContract("80.00", 0);
    assertEquals(SubmitOutcome.CONFIRMED, run(gateway.dispute(contract, buyer.publicKey()), buyer).outcome());
    assertTrue(refused(() -> gateway.release(contract, buyer.publicKey()), buyer),
        "a disputed escrow cannot be released");
    assertTrue(refused(() -> gateway.resolve(contract, platform.publicKey(), List.of(
        new Distribution(seller.publicKey(), Money.of(60)), new Distribution(buyer.publicKey(), Money.of(10)))),
        platform), "distributions must sum to the balance");
    assertTrue(refused(() -> gateway.resolve(contract, seller.publicKey(), List.of(
        new Distribution(seller.publicKey(), Money.of(80)))), seller), "only the resolver resolves");
    assertEquals(SubmitOutcome.CONFIRMED, run(gateway.resolve(contract, platform.publicKey(), List.of(
        new Distribution(seller.publicKey(), Money.of(60)), new Distribution(buyer.publicKey(), Money.of(20)))),
        platform).outcome());
    assertEquals(Money.parsePositive("59.82"), chain.usdcBalance(seller.publicKey()));
    assertEquals(Money.parsePositive("939.94"), chain.usdcBalance(buyer.publicKey()));
    assertEquals(Money.parsePositive("0.24"), chain.usdcBalance(serviceFeeAccount()));
    assertTrue(gateway.inspect(contract).resolved());
  }

  /** The contract refuses a dispute opened by the dispute resolver (spec/05 §5: #40), so it never resolves its own. */
  @Test
  void theResolverCannotBeTheDisputer() {
    EscrowTerms terms = new EscrowTerms("ord_self", "x", "", Money.of(10), 0, buyer.publicKey(), seller.publicKey(),
        seller.publicKey(), buyer.publicKey(), buyer.publicKey(), platform.publicKey(), List.of("x"));
    SubmitResult deployed = run(gateway.deploy(terms), buyer);
    String contract = gateway.deployedContractId(deployed.hash());
    run(gateway.fund(contract, buyer.publicKey(), Money.of(10)), buyer);
    assertTrue(refused(() -> gateway.dispute(contract, buyer.publicKey()), buyer),
        "the dispute resolver cannot dispute the escrow");
    assertTrue(!gateway.inspect(contract).disputed());
    assertTrue(refused(() -> gateway.resolve(contract, buyer.publicKey(), List.of(
        new Distribution(buyer.publicKey(), Money.of(10)))), buyer), "nothing to resolve");
  }

  @Test
  void unknownContractsAreNotFound() {
    EscrowGatewayException e = assertThrows(EscrowGatewayException.class,
        () -> gateway.inspect("CAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    assertEquals(404, e.status());
  }
}

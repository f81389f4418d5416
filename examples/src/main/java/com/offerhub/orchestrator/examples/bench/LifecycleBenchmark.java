package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import com.offerhub.orchestrator.testkit.MutableClock;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.time.Instant;
import java.util.List;

/**
 * In-memory lifecycles per second (create, reserve, escrow, fund, release on the simulated network
 * with zero latency), against a same-run baseline: the same five on-chain transactions built,
 * signed and applied directly on the simulated network, with no engine, storage or ledger. Prints
 * both rates and their ratio. Run: {@code ./mvnw -q -pl examples -am package -DskipTests} then
 * {@code java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" ...} or simply
 * {@code ./mvnw -q -pl examples exec:java -Dexec.mainClass=com.offerhub.orchestrator.examples.bench.LifecycleBenchmark}.
 */
public final class LifecycleBenchmark {
  private LifecycleBenchmark() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    engineRate(200);
    baselineRate(200);
    double engine = engineRate(count);
    double baseline = baselineRate(count);
    System.out.printf("engine lifecycles/s:   %.0f (%d in %.3f s)%n", engine, count, count / engine);
    System.out.printf("baseline lifecycles/s: %.0f (network only)%n", baseline);
    System.out.printf("ratio engine/baseline: %.2f%n", engine / baseline);
  }

  /** Lifecycles per second through the engine. */
  static double engineRate(int count) {
    TestEngine test = TestEngine.inMemory();
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("bench-buyer", Long.toString(count * 10L) + ".00");
    User seller = test.user("bench-seller");
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "10.00", "job")).order().id();
      engine.orders().reserve(id);
      engine.orders().createEscrow(id);
      engine.orders().fundEscrow(id);
      engine.orders().release(id);
    }
    long elapsed = System.nanoTime() - start;
    if (!engine.ledger().verify().isClean()) {
      throw new IllegalStateException("ledger not clean after benchmark");
    }
    return count / (elapsed / 1e9);
  }

  /** The same on-chain work with no engine: deploy, fund, milestone status, approve, release. */
  static double baselineRate(int count) {
    SimulatedNetwork network = new SimulatedNetwork(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    ChainAdapter chain = network.chainAdapter();
    EscrowGateway gateway = network.escrowGateway();
    KeyPair platform = active(chain);
    KeyPair buyer = active(chain);
    KeyPair seller = active(chain);
    network.depositFromOutside(buyer.publicKey(), Money.of(count * 10L));
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String deployHash = apply(chain, gateway.deploy(new EscrowTerms("ord_" + i, "job", "", Money.of(10), 0,
          buyer.publicKey(), seller.publicKey(), seller.publicKey(), buyer.publicKey(), platform.publicKey(),
          platform.publicKey(), List.of("job"))), platform.secret());
      String contract = gateway.deployedContractId(deployHash);
      apply(chain, gateway.fund(contract, buyer.publicKey(), Money.of(10)), buyer.secret());
      apply(chain, gateway.changeMilestoneStatus(contract, 0, "completed", seller.publicKey()), seller.secret());
      apply(chain, gateway.approveMilestone(contract, 0, buyer.publicKey()), buyer.secret());
      apply(chain, gateway.release(contract, buyer.publicKey()), buyer.secret());
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static KeyPair active(ChainAdapter chain) {
    KeyPair keys = chain.newKeyPair();
    chain.activate(keys.publicKey(), keys.secret());
    return keys;
  }

  private static String apply(ChainAdapter chain, UnsignedTransaction tx, SecretSeed secret) {
    var signed = chain.sign(tx, secret);
    var result = chain.submit(signed);
    if (result.outcome() != com.offerhub.orchestrator.spi.chain.SubmitOutcome.CONFIRMED) {
      throw new IllegalStateException("baseline transaction failed: " + result.error());
    }
    return signed.hash();
  }
}

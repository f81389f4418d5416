package com.offerhub.orchestrator.examples.bench;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.EngineConfig;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.simulator.StellarSimulator;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkV1Client;
import com.offerhub.orchestrator.testkit.InMemoryCoordination;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.stellar.sdk.Network;

/**
 * On-chain latency of the money flows, in ledgers: how many ledgers close between asking the engine
 * to release, refund or withdraw and the flow being done, against the same run's baseline, the bare
 * network calls of the flow (each transaction built by Trustless Work or the adapter, signed,
 * submitted and looked up until included, one after the other, no engine, storage or saga), and
 * against the chain's floor: a flow of n dependent transactions needs n ledgers, since each is built
 * only once the previous one is included (release: complete, approve, release; refund: dispute,
 * resolve; withdrawal: one payment). Everything runs over HTTP against the standalone simulator with
 * the real adapters. Run: {@code ./mvnw -q -pl examples exec:java
 * -Dexec.mainClass=com.offerhub.orchestrator.examples.bench.OnChainLatencyBenchmark -Dexec.args="20 1000"}
 * (flows of each kind, ledger interval in ms).
 */
public final class OnChainLatencyBenchmark {
  /** One flow kind's result: ledgers per flow for the engine and the baseline, and the floor. */
  public record Result(String flow, int floor, List<Long> engine, List<Long> bare) {
    public double engineMedian() {
      return median(engine);
    }

    public double bareMedian() {
      return median(bare);
    }

    @Override
    public String toString() {
      return String.format("%-10s floor %d | engine median %.1f, max %d | bare median %.1f, max %d | engine/bare %.2f,"
          + " engine/floor %.2f", flow, floor, engineMedian(), Collections.max(engine), bareMedian(),
          Collections.max(bare), engineMedian() / bareMedian(), engineMedian() / floor);
    }
  }

  private final StellarSimulator simulator;
  private final StellarChainAdapter chain;
  private final TrustlessEscrowGateway escrow;
  private final OrchestratorEngine engine;

  private OnChainLatencyBenchmark(Duration ledgerInterval) {
    simulator = StellarSimulator.builder().port(0).host("127.0.0.1").ledgerInterval(ledgerInterval).start();
    String base = simulator.baseUrl();
    byte[] funding = new byte[32];
    new SecureRandom().nextBytes(funding);
    chain = StellarChainAdapter.create(StellarSettings.builder().horizonUrl(base).rpcUrl(base + "/rpc")
        .friendbotUrl(base + "/friendbot").networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", StellarSimulator.TESTNET_USDC_ISSUER)
        .fundingSecret(new SecretSeed(org.stellar.sdk.KeyPair.fromSecretSeed(funding).getSecretSeed()))
        .channelsDerivedFromFunding(4).leaseService(new InMemoryCoordination(Clock.systemUTC())).build());
    chain.preparePlatformAccounts();
    escrow = TrustlessEscrowGateway.builder()
        .client(TrustlessWorkV1Client.builder().baseUrl(base + "/tw").apiKey("simulator-key")
            .timeout(Duration.ofSeconds(30)).rateLimiter(RateLimiter.unlimited()).build())
        .network(Network.TESTNET).sorobanRpcUrl(base + "/rpc").usdcIssuer(StellarSimulator.TESTNET_USDC_ISSUER)
        .deployerContract(simulator.network().deployerContract())
        .serviceFeeAddress(StellarSimulator.TRUSTLESS_WORK_FEE_ADDRESS).maxFeeStroops(chain.settings().maxFeeStroops())
        .build();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    engine = OrchestratorEngine.builder().storage(new InMemoryStorage()).chain(chain).escrow(escrow)
        .keyCipher(AesGcmWalletKeyCipher.of(key)).clock(Clock.systemUTC())
        .config(EngineConfig.defaults().withSyncWait(Duration.ofSeconds(60))).build();
    User platform = engine.initialize();
    chain.usePlatformAccount(engine.wallets().get(platform.id()).publicKey());
  }

  public static void main(String[] args) {
    int flows = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Duration interval = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 1000);
    System.out.printf("on-chain latency in ledgers, %d flows each, ledger interval %d ms%n", flows,
        interval.toMillis());
    for (Result result : run(flows, interval)) {
      System.out.println(result);
    }
  }

  /** Runs {@code flows} releases, refunds and withdrawals through the engine and as bare calls. */
  public static List<Result> run(int flows, Duration ledgerInterval) {
    OnChainLatencyBenchmark bench = new OnChainLatencyBenchmark(ledgerInterval);
    try {
      return bench.measure(flows);
    } finally {
      bench.close();
    }
  }

  private List<Result> measure(int flows) {
    User buyer = activeUser("bench-buyer");
    User seller = activeUser("bench-seller");
    simulator.network().depositFromOutside(engine.wallets().depositAddress(buyer.id()),
        Money.of(10L * (2 * flows + 1)));
    await(() -> engine.scanDeposits() >= 0 && engine.balances().get(buyer.id()).available().isPositive(),
        "deposit credited");
    Bare bare = new Bare();
    List<Long> release = new ArrayList<>();
    List<Long> bareRelease = new ArrayList<>();
    List<Long> refund = new ArrayList<>();
    List<Long> bareRefund = new ArrayList<>();
    List<Long> withdrawal = new ArrayList<>();
    List<Long> bareWithdrawal = new ArrayList<>();
    for (int i = 0; i < flows; i++) {
      String released = fundedOrder(buyer, seller);
      release.add(ledgers(() -> engine.orders().release(released).order().status() == OrderStatus.CLOSED));
      String refunded = fundedOrder(buyer, seller);
      refund.add(ledgers(() -> engine.orders().refund(refunded, "benchmark").order().status() == OrderStatus.CLOSED));
      withdrawal.add(ledgers(() -> engine.withdrawals().create(CreateWithdrawalRequest.crypto(seller.id(), "1.00",
          bare.outsider.publicKey())).status() == WithdrawalStatus.WITHDRAWAL_COMPLETED));
      String contract = bare.fundedContract();
      bareRelease.add(ledgers(() -> bare.release(contract)));
      String disputed = bare.fundedContract();
      bareRefund.add(ledgers(() -> bare.refund(disputed)));
      bareWithdrawal.add(ledgers(bare::pay));
    }
    return List.of(new Result("release", 3, release, bareRelease), new Result("refund", 2, refund, bareRefund),
        new Result("withdrawal", 1, withdrawal, bareWithdrawal));
  }

  /** Ledgers closed while {@code flow} ran to its end (it returns whether it ended). */
  private long ledgers(BooleanSupplier flow) {
    long before = simulator.network().ledger();
    if (!flow.getAsBoolean()) {
      throw new IllegalStateException("the flow did not finish within the sync wait");
    }
    return simulator.network().ledger() - before;
  }

  private User activeUser(String externalId) {
    User user = engine.users().create(CreateUserRequest.of(externalId));
    await(() -> {
      engine.runPendingWork();
      return engine.wallets().get(user.id()).status() == WalletStatus.ACTIVE;
    }, "wallet of " + externalId + " active");
    return user;
  }

  private String fundedOrder(User buyer, User seller) {
    String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "10.00", "bench")).order().id();
    engine.orders().reserve(id);
    engine.orders().createEscrow(id);
    if (engine.orders().fundEscrow(id).order().status() != OrderStatus.IN_PROGRESS) {
      throw new IllegalStateException("order " + id + " not funded");
    }
    return id;
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private void close() {
    engine.close();
    chain.close();
    simulator.close();
  }

  /**
   * The baseline: the flows' transactions with nothing around them. Its own roles (wallets the
   * adapter activates and the simulator funds), each transaction built, signed, submitted and looked
   * up every 20 ms (the engine's own cadence) until included.
   */
  private final class Bare {
    final KeyPair buyer = account(100);
    final KeyPair seller = account(0);
    final KeyPair platform = account(0);
    final KeyPair outsider = account(0);

    private KeyPair account(long usdc) {
      KeyPair keys = chain.newKeyPair();
      if (!chain.activate(keys.publicKey(), keys.secret())) {
        throw new IllegalStateException("activation failed");
      }
      if (usdc > 0) {
        simulator.network().depositFromOutside(keys.publicKey(), Money.of(usdc));
      }
      return keys;
    }

    String fundedContract() {
      String hash = send(escrow.deploy(new EscrowTerms("bare-" + System.nanoTime(), "bench", "", Money.of(1), 0,
          buyer.publicKey(), seller.publicKey(), seller.publicKey(), buyer.publicKey(), platform.publicKey(),
          platform.publicKey(), List.of("work"))), platform);
      String contract = escrow.deployedContractId(hash);
      send(escrow.fund(contract, buyer.publicKey(), Money.of(1)), buyer);
      return contract;
    }

    boolean release(String contract) {
      send(escrow.changeMilestoneStatus(contract, 0, "completed", seller.publicKey()), seller);
      send(escrow.approveMilestone(contract, 0, buyer.publicKey()), buyer);
      send(escrow.release(contract, buyer.publicKey()), buyer);
      return escrow.inspect(contract).released();
    }

    boolean refund(String contract) {
      send(escrow.dispute(contract, buyer.publicKey()), buyer);
      send(escrow.resolve(contract, platform.publicKey(), List.of(new com.offerhub.orchestrator.spi.escrow
          .Distribution(buyer.publicKey(), Money.of(1)))), platform);
      return escrow.inspect(contract).resolved();
    }

    boolean pay() {
      send(chain.buildPayment(buyer.publicKey(), outsider.publicKey(), Money.of(1), "bare-" + System.nanoTime()),
          buyer);
      return true;
    }

    private String send(UnsignedTransaction unsigned, KeyPair signer) {
      var signed = chain.sign(unsigned, signer.secret());
      SubmitResult result = chain.submit(signed);
      if (result.outcome() == SubmitOutcome.REJECTED) {
        throw new IllegalStateException("rejected: " + result.error());
      }
      while (result.outcome() != SubmitOutcome.CONFIRMED) {
        TransactionStatus status = chain.lookup(signed.hash()).status();
        if (status == TransactionStatus.SUCCESS) {
          break;
        }
        if (status == TransactionStatus.FAILED) {
          throw new IllegalStateException("failed: " + signed.hash());
        }
        sleep(20);
      }
      return signed.hash();
    }
  }

  static {
    // Keeps the simulator's and adapters' request logging out of the figures' output.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
        "org.slf4j.simpleLogger.defaultLogLevel", "warn"));
  }
}

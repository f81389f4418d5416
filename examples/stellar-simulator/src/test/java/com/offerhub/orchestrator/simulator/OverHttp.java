package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway;
import com.offerhub.orchestrator.stellar.trustless.TrustlessWorkV1Client;
import com.offerhub.orchestrator.testkit.MutableClock;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;

/**
 * A {@link TestEngine} whose engines run on the real adapters over HTTP to a simulator started for
 * it: engine -> {@link StellarChainAdapter} / {@link TrustlessEscrowGateway} -> Horizon, Soroban
 * RPC and Trustless Work at {@code /tw} -> the network model, wired as the server's live mode wires
 * them (channel accounts derived from a funding account friendbot funds, leases through the
 * engine's storage, the platform wallet's contract calls on channels).
 *
 * <p>One clock for everything: the simulator's network checks time bounds and stamps ledgers on
 * it, the adapters set time bounds and lease channels on it, the engine judges expiry and saga
 * leases on it. It moves only when the test moves it.
 */
final class OverHttp implements AutoCloseable {
  /** How long the clients wait for an answer: short, so a lost answer costs the fault cases little. */
  static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
  /** The validity of the transactions the adapters build (the shortest the settings accept is 5 s). */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

  final MutableClock clock;
  final StellarSimulator simulator;
  private final SecretSeed funding;
  private final OkHttpClient http;
  private final List<StellarChainAdapter> made = new CopyOnWriteArrayList<>();

  private final Duration twTimeout;

  private OverHttp(StellarSimulator.Builder settings, Duration twTimeout) {
    this.twTimeout = twTimeout;
    this.clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    // Horizon holds a submission that waits for a ledger this long before answering 504.
    this.simulator = settings.port(0).host("127.0.0.1").clock(clock).submitTimeout(Duration.ofMillis(500)).start();
    this.funding = new SecretSeed(KeyPair.random().getSecretSeed());
    this.http = new OkHttpClient.Builder().connectTimeout(CLIENT_TIMEOUT).readTimeout(CLIENT_TIMEOUT)
        .writeTimeout(CLIENT_TIMEOUT).retryOnConnectionFailure(false).build();
  }

  /** A simulator that closes a ledger on every submission. */
  static OverHttp start() {
    return start(CLIENT_TIMEOUT);
  }

  /** As {@link #start()}, with Trustless Work's client giving up after {@code twTimeout} (at least 1 s). */
  static OverHttp start(Duration twTimeout) {
    return new OverHttp(StellarSimulator.builder().ledgerInterval(Duration.ZERO), twTimeout);
  }

  /** The test engine's options for this simulator: its network model, the shared clock, the HTTP adapters. */
  TestEngine.Builder configure(TestEngine.Builder builder) {
    return builder.clock(clock).network(simulator.network()).adapters(this::adapters);
  }

  Faults faults() {
    return simulator.faults();
  }

  private TestEngine.Adapters adapters(TestEngine.Host host) {
    StellarChainAdapter chain = StellarChainAdapter.create(StellarSettings.builder()
        .horizonUrl(simulator.baseUrl())
        .rpcUrl(simulator.baseUrl() + "/rpc")
        .friendbotUrl(simulator.baseUrl() + "/friendbot")
        .networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", StellarSimulator.TESTNET_USDC_ISSUER)
        .fundingSecret(funding)
        .channelsDerivedFromFunding(2)
        .transactionTimeout(TRANSACTION_TIMEOUT)
        .submitPollTimeout(Duration.ofMillis(500))
        .submitReadTimeout(CLIENT_TIMEOUT)
        .httpClient(http)
        .leaseService(StorageLeaseService.of(host.storage(), host.clock()))
        .clock(host.clock())
        .build());
    made.add(chain);
    chain.preparePlatformAccounts();
    TrustlessEscrowGateway escrow = TrustlessEscrowGateway.builder()
        .client(TrustlessWorkV1Client.builder().baseUrl(simulator.baseUrl() + "/tw").apiKey(simulator.twApiKey())
            .timeout(twTimeout).httpClient(http).rateLimiter(RateLimiter.unlimited()).build())
        .network(Network.TESTNET)
        .sorobanRpcUrl(simulator.baseUrl() + "/rpc")
        .httpClient(http)
        .usdcIssuer(StellarSimulator.TESTNET_USDC_ISSUER)
        .deployerContract(simulator.network().deployerContract())
        .serviceFeeAddress(StellarSimulator.TRUSTLESS_WORK_FEE_ADDRESS)
        .serviceFeeBps(host.network().serviceFeeBps())
        .maxFeeStroops(chain.settings().maxFeeStroops())
        .clock(host.clock())
        .build();
    return new TestEngine.Adapters() {
      @Override
      public ChainAdapter chain() {
        return chain;
      }

      @Override
      public EscrowGateway escrow() {
        return escrow;
      }

      @Override
      public void platformReady(OrchestratorEngine engine, User platform) {
        chain.usePlatformAccount(engine.wallets().get(platform.id()).publicKey());
      }
    };
  }

  @Override
  public void close() {
    made.forEach(StellarChainAdapter::close);
    simulator.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    funding.close();
  }

  /**
   * A simulator per test engine a scenario suite builds, all stopped after each test (after the
   * suites' own after-each checks, which still read the chain). Register it as an extension.
   */
  static final class PerTest implements org.junit.jupiter.api.extension.AfterEachCallback {
    private final List<OverHttp> started = new CopyOnWriteArrayList<>();

    /** {@code builder} on a new simulator over HTTP. */
    TestEngine.Builder configure(TestEngine.Builder builder) {
      OverHttp network = OverHttp.start();
      started.add(network);
      return network.configure(builder);
    }

    /** The simulator of the test's first engine. */
    OverHttp first() {
      return started.get(0);
    }

    @Override
    public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
      started.forEach(OverHttp::close);
      started.clear();
    }
  }
}

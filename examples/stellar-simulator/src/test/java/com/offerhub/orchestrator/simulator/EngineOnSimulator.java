package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.EngineConfig;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.testkit.ForwardingChainAdapter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.stellar.sdk.KeyPair;

/**
 * An engine whose chain adapter is the real {@link StellarChainAdapter} talking to a simulator
 * over HTTP (engine -> adapter -> Horizon -> network model), on a storage the test gives, with its
 * payment scans counted and timed. Leases live in that storage, so engines on one database share
 * the deposit watch.
 */
final class EngineOnSimulator implements AutoCloseable {
  /** The deposit watcher's cursor in the engine's storage. */
  static final String CURSOR = "deposits.stellar";
  final Storage storage;
  final StellarChainAdapter adapter;
  final Scans scans;
  final OrchestratorEngine engine;

  private EngineOnSimulator(Storage storage, StellarChainAdapter adapter, Scans scans, OrchestratorEngine engine) {
    this.storage = storage;
    this.adapter = adapter;
    this.scans = scans;
    this.engine = engine;
  }

  /**
   * An engine on {@code simulator} and {@code storage}; engines made with the same {@code funding}
   * key and {@code cipher} act as instances of one service.
   */
  static EngineOnSimulator start(StellarSimulator simulator, Storage storage, KeyPair funding, WalletKeyCipher cipher,
      Duration watcherLease, String instanceId) {
    Clock clock = Clock.systemUTC();
    StellarChainAdapter adapter = StellarChainAdapter.create(StellarSettings.builder()
        .horizonUrl(simulator.baseUrl())
        .rpcUrl(simulator.baseUrl() + "/rpc")
        .friendbotUrl(simulator.baseUrl() + "/friendbot")
        .networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", StellarSimulator.TESTNET_USDC_ISSUER)
        .fundingSecret(new SecretSeed(funding.getSecretSeed()))
        .leaseService(StorageLeaseService.of(storage, clock))
        .instanceId(instanceId)
        .clock(clock)
        .build());
    adapter.preparePlatformAccounts();
    Scans scans = new Scans(adapter);
    OrchestratorEngine engine = OrchestratorEngine.builder().storage(storage).chain(scans)
        .escrow(simulator.network().escrowGateway()).keyCipher(cipher).clock(clock)
        .config(EngineConfig.defaults().withDepositWatcherLease(watcherLease)).instanceId(instanceId).build();
    return new EngineOnSimulator(storage, adapter, scans, engine);
  }

  static WalletKeyCipher newCipher() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return AesGcmWalletKeyCipher.of(key);
  }

  /** A user whose wallet is active on the network. */
  User user(String externalId) {
    User user = engine.users().create(CreateUserRequest.of(externalId));
    assertEquals(WalletStatus.ACTIVE, engine.wallets().get(user.id()).status(), "wallet activated on the network");
    return user;
  }

  String address(User user) {
    return engine.wallets().depositAddress(user.id());
  }

  /** The watcher's stored cursor, or null before its first page. */
  String cursor() {
    return storage.read(session -> session.cursors().get(CURSOR)).orElse(null);
  }

  /** The ledger of the last record the watcher passed (a Horizon paging token is the operation's TOID). */
  long cursorLedger() {
    String cursor = cursor();
    return cursor == null ? 0 : Long.parseLong(cursor) >>> 32;
  }

  Optional<Deposit> deposit(String hash, int operationIndex) {
    return storage.read(session -> session.deposits().find(hash, operationIndex));
  }

  @Override
  public void close() {
    engine.close();
    adapter.close();
  }

  /** The real adapter, its payment scans counted and timed (a fake around it, not a mock). */
  static final class Scans extends ForwardingChainAdapter {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong payments = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    /** Start and end ({@link System#nanoTime()}) of every scan, when {@link #keepIntervals} is set. */
    final List<long[]> intervals = Collections.synchronizedList(new ArrayList<>());
    volatile boolean keepIntervals;
    /** Runs before every scan reaches the network (an invariant to check between pages). */
    volatile Runnable beforeScan = () -> { };

    Scans(StellarChainAdapter adapter) {
      super(adapter);
    }

    @Override
    public PaymentPage scanPayments(String cursor, int limit) {
      beforeScan.run();
      long start = System.nanoTime();
      calls.incrementAndGet();
      try {
        PaymentPage page = delegate().scanPayments(cursor, limit);
        payments.addAndGet(page.payments().size());
        return page;
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        throw e;
      } finally {
        long end = System.nanoTime();
        nanos.addAndGet(end - start);
        if (keepIntervals) {
          intervals.add(new long[] {start, end});
        }
      }
    }
  }
}

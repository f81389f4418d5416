package com.offerhub.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.coordination.StorageLeaseService;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.ForwardingChainAdapter;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The background jobs end with the application: a stop lets the job in progress (here a deposit
 * scan held inside the chain adapter) finish, then closes the engine, which hands the deposit watch
 * over; past {@code offerhub.shutdown-grace} the job is interrupted.
 */
class OrchestratorLifecycleTest {
  private static final String WATCHER_LEASE = "deposit-watcher";

  @Test
  void stopWaitsForTheJobInProgressThenClosesTheEngine() {
    OrchestratorAutoConfigurationTest.RUNNER.withUserConfiguration(HeldScan.class).run(context -> {
      OrchestratorEngine engine = context.getBean(OrchestratorEngine.class);
      OrchestratorLifecycle lifecycle = context.getBean(OrchestratorLifecycle.class);
      HeldScan scan = context.getBean(HeldScan.class);
      awaitHolder(context.getBean(Storage.class), Optional.of(engine.instanceId()));
      scan.armed.set(true);
      assertThat(scan.entered.await(10, TimeUnit.SECONDS)).as("a deposit scan started").isTrue();

      CompletableFuture<Void> stop = CompletableFuture.runAsync(lifecycle::stop);
      Thread.sleep(300);
      assertThat(stop).as("stop returned while a job was still running").isNotDone();
      scan.release.countDown();
      stop.get(10, TimeUnit.SECONDS);

      assertThat(scan.finished).as("the scan in progress ran to its end").isTrue();
      assertThat(scan.interrupted).isFalse();
      assertThat(lifecycle.isRunning()).isFalse();
      // closed: the engine stepped down from the deposit watch, so another instance takes it at once
      assertThat(StorageLeaseService.of(context.getBean(Storage.class), Clock.systemUTC()).holder(WATCHER_LEASE))
          .isEmpty();
      int scansAtStop = scan.scans.get();
      Thread.sleep(300);
      assertThat(scan.scans.get()).as("no job runs after the stop").isEqualTo(scansAtStop);
    });
  }

  @Test
  void aJobStillRunningAtTheEndOfTheGracePeriodIsInterrupted() {
    OrchestratorAutoConfigurationTest.RUNNER.withUserConfiguration(HeldScan.class)
        .withPropertyValues("offerhub.shutdown-grace=200ms").run(context -> {
          OrchestratorLifecycle lifecycle = context.getBean(OrchestratorLifecycle.class);
          HeldScan scan = context.getBean(HeldScan.class);
          scan.armed.set(true);
          assertThat(scan.entered.await(10, TimeUnit.SECONDS)).isTrue();
          long started = System.nanoTime();
          lifecycle.stop();
          Duration took = Duration.ofNanos(System.nanoTime() - started);
          assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200))
              .isLessThan(Duration.ofMillis(200).plus(OrchestratorLifecycle.INTERRUPTED_JOBS_WAIT));
          assertThat(scan.interrupted).as("the held scan was interrupted").isTrue();
          assertThat(lifecycle.isRunning()).isFalse();
        });
  }

  private static void awaitHolder(Storage storage, Optional<String> expected) throws InterruptedException {
    StorageLeaseService leases = StorageLeaseService.of(storage, Clock.systemUTC());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!leases.holder(WATCHER_LEASE).equals(expected)) {
      assertThat(System.nanoTime()).as("lease holder never became " + expected).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** The application's own chain adapter: the simulated network's, whose next scan can be held. */
  @Configuration(proxyBeanMethods = false)
  static class HeldScan {
    final AtomicBoolean armed = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean finished;
    volatile boolean interrupted;

    @Bean
    SimulatedNetwork network() {
      return new SimulatedNetwork(Clock.systemUTC());
    }

    @Bean
    ChainAdapter heldScanChain(SimulatedNetwork network) {
      return new ForwardingChainAdapter(network.chainAdapter()) {
        @Override
        public PaymentPage scanPayments(String cursor, int limit) {
          scans.incrementAndGet();
          if (armed.compareAndSet(true, false)) {
            entered.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
              finished = true;
            } catch (InterruptedException e) {
              interrupted = true;
              Thread.currentThread().interrupt();
            }
          }
          return super.scanPayments(cursor, limit);
        }
      };
    }
  }
}

package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine's scheduled jobs outlive what a job throws: a scheduled task that throws never runs again. */
class BackgroundJobsTest {
  @Test
  void theDepositWatchRunsOnAfterAnErrorInOneScan() throws Exception {
    AtomicInteger scans = new AtomicInteger();
    TestEngine test = TestEngine.builder().decorateChain(chain -> new ForwardingChainAdapter(chain) {
      @Override
      public PaymentPage scanPayments(String cursor, int limit) {
        if (scans.incrementAndGet() == 1) {
          throw new AbstractMethodError("simulated: an adapter built against another version of the SPI");
        }
        return super.scanPayments(cursor, limit);
      }
    }).build();
    User user = test.user("background");
    test.network().depositFromOutside(test.engine().wallets().depositAddress(user.id()), Money.of(7));
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    try {
      test.engine().start(executor, Duration.ofMillis(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (test.balance(user).available().isZero() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      test.engine().close();
      executor.shutdownNow();
    }
    assertTrue(scans.get() >= 2, "scanned again after the error");
    assertEquals(Money.of(7), test.balance(user).available());
  }
}

package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.User;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the engine to the application's lifecycle. On start: {@link OrchestratorEngine#initialize()}
 * (platform user and wallet), the {@link OrchestratorInitializer}s, then the background jobs (deposit
 * watch, sagas, event delivery, expiry, settlement, key rotation) on an executor of its own. On stop:
 * no job starts again, the jobs running finish (up to {@code offerhub.shutdown-grace}; still running
 * then, they are interrupted and get {@link #INTERRUPTED_JOBS_WAIT} more), then the engine closes
 * (it hands the deposit watch to another instance at once).
 *
 * <p>Its phase is below the web server's, so the engine is ready before the first request arrives
 * and its jobs stop only after the server has stopped taking requests. Thread-safe.
 */
public class OrchestratorLifecycle implements SmartLifecycle {
  /** Starts before, and stops after, the embedded web server ({@code DEFAULT_PHASE - 2048}). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
  /** How long jobs interrupted at the end of the grace period get to leave before the engine closes. */
  static final Duration INTERRUPTED_JOBS_WAIT = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorLifecycle.class);

  private final OrchestratorEngine engine;
  private final List<OrchestratorInitializer> initializers;
  private final OfferhubProperties properties;
  private ScheduledExecutorService executor;
  private volatile boolean running;

  public OrchestratorLifecycle(OrchestratorEngine engine, List<OrchestratorInitializer> initializers,
      OfferhubProperties properties) {
    this.engine = engine;
    this.initializers = List.copyOf(initializers);
    this.properties = properties;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    User platform = engine.initialize();
    for (OrchestratorInitializer initializer : initializers) {
      initializer.initialized(engine, platform);
    }
    OfferhubProperties.Jobs jobs = properties.getJobs();
    if (jobs.isEnabled()) {
      executor = Executors.newScheduledThreadPool(jobs.getThreads(), daemon("offerhub-jobs"));
      engine.start(executor, jobs.getInterval());
    }
    running = true;
    LOG.info("OFFER-HUB orchestrator {} started ({} mode{})", engine.instanceId(),
        properties.getMode().name().toLowerCase(java.util.Locale.ROOT),
        jobs.isEnabled() ? ", background jobs every " + jobs.getInterval().toMillis() + " ms" : ", no background jobs");
  }

  /**
   * Lets the running jobs finish within {@code offerhub.shutdown-grace}, then closes the engine. An
   * interrupt of the calling thread cuts the wait short (the flag is restored).
   */
  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    boolean interrupted = false;
    if (executor != null) {
      // a scheduled executor drops its periodic tasks on shutdown; the runs in progress go on
      executor.shutdown();
      interrupted = await(executor, properties.getShutdownGrace());
      executor = null;
    }
    engine.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.info("OFFER-HUB orchestrator {} stopped", engine.instanceId());
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Waits for the jobs, then interrupts what is left; returns whether this thread was interrupted. */
  private static boolean await(ScheduledExecutorService executor, Duration grace) {
    boolean interrupted = false;
    try {
      if (executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    LOG.warn("OFFER-HUB background jobs still running at the end of the grace period: interrupting them");
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(INTERRUPTED_JOBS_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.warn("OFFER-HUB background jobs did not stop {} ms after the interrupt", INTERRUPTED_JOBS_WAIT.toMillis());
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    return interrupted;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

package com.offerhub.orchestrator.micrometer;

import com.offerhub.orchestrator.EngineStatus;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.spi.observe.EngineListener;
import com.offerhub.orchestrator.spi.observe.StepConfirmation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's meters in Micrometer: an {@link EngineListener} for what happens (commands, replays,
 * confirmed on-chain steps, provider errors) and a {@link MeterBinder} whose gauges read
 * {@link OrchestratorEngine#status()}, at most once a second however many gauges a scrape reads.
 *
 * <pre>{@code
 * OrchestratorMeters meters = new OrchestratorMeters();
 * OrchestratorEngine engine = OrchestratorEngine.builder()....listener(meters).build();
 * meters.statusOf(engine).bindTo(registry);
 * }</pre>
 *
 * <p>Meters:
 * <ul>
 *   <li>{@code offerhub.commands} timer, tags {@code command}, {@code outcome} ({@code ok} or the
 *       error code): every state-changing command and its latency
 *   <li>{@code offerhub.idempotent.replays} counter, tag {@code command}
 *   <li>{@code offerhub.sagas.pending} gauge; {@code offerhub.sagas.oldest.age} gauge (seconds)
 *   <li>{@code offerhub.chain.step.ledgers} distribution summary, tags {@code kind}, {@code step}:
 *       ledgers from submission to inclusion, when the chain adapter reports both;
 *       {@code offerhub.chain.step.latency} timer, same tags: wall-clock time from this instance's
 *       submission to confirmation
 *   <li>{@code offerhub.deposits.watcher.lag} gauge (seconds since this instance last finished a
 *       deposit scan; NaN while it has not scanned)
 *   <li>{@code offerhub.outbox.lag} gauge (seconds: age of the oldest committed event not yet
 *       numbered), {@code offerhub.outbox.unnumbered} and {@code offerhub.outbox.undelivered} gauges
 *       (events not yet numbered; numbered events this instance has not yet delivered to its slowest
 *       subscriber)
 *   <li>{@code offerhub.provider.errors} counter, tags {@code provider} ({@code chain},
 *       {@code escrow}, {@code payment}), {@code kind}
 *   <li>{@code offerhub.sse.lag} timer: what the host records with {@link #recordSseLag} (commit to
 *       send of a server-sent event)
 * </ul>
 *
 * <p>Thread-safe. Bind it to one or more registries; what it hears before it is bound is not
 * recorded.
 */
public final class OrchestratorMeters implements EngineListener, MeterBinder {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorMeters.class);
  private static final long STATUS_TTL_NANOS = Duration.ofSeconds(1).toNanos();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private volatile Supplier<EngineStatus> source;
  private final Object statusLock = new Object();
  private EngineStatus cached;
  private long cachedAt;
  private boolean hasCached;

  /** Meters not yet bound, reading no status until {@link #statusOf} is called. */
  public OrchestratorMeters() {}

  /** The gauges read {@code engine.status()}. Returns this. */
  public OrchestratorMeters statusOf(OrchestratorEngine engine) {
    Objects.requireNonNull(engine, "engine");
    return statusFrom(engine::status);
  }

  /** The gauges read {@code status} (at most once a second). Returns this. */
  public OrchestratorMeters statusFrom(Supplier<EngineStatus> status) {
    this.source = Objects.requireNonNull(status, "status");
    synchronized (statusLock) {
      hasCached = false;
    }
    return this;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    gauge(registry, "offerhub.sagas.pending", null, "On-chain sagas not yet completed or failed",
        s -> s.pendingSagas());
    gauge(registry, "offerhub.sagas.oldest.age", "seconds", "Age of the oldest pending saga",
        s -> seconds(s.oldestPendingSaga()));
    gauge(registry, "offerhub.deposits.watcher.lag", "seconds",
        "Time since this instance last finished a deposit scan (NaN before its first)",
        s -> s.depositWatcherLag() == null ? Double.NaN : seconds(s.depositWatcherLag()));
    gauge(registry, "offerhub.outbox.lag", "seconds", "Age of the oldest committed event not yet numbered",
        s -> seconds(s.outboxOldestUnnumbered()));
    gauge(registry, "offerhub.outbox.unnumbered", null, "Committed events not yet numbered",
        s -> s.outboxUnnumbered());
    gauge(registry, "offerhub.outbox.undelivered", null,
        "Numbered events not yet delivered to this instance's slowest subscriber", s -> s.outboxUndelivered());
    registries.add(registry);
  }

  private void gauge(MeterRegistry registry, String name, String unit, String help,
      ToDoubleFunction<EngineStatus> value) {
    Gauge.builder(name, this, meters -> {
      EngineStatus status = meters.status();
      return status == null ? Double.NaN : value.applyAsDouble(status);
    }).baseUnit(unit).description(help).strongReference(true).register(registry);
  }

  /** The status, read at most once per second; null when there is no source or it failed. */
  EngineStatus status() {
    Supplier<EngineStatus> from = source;
    if (from == null) {
      return null;
    }
    synchronized (statusLock) {
      long now = System.nanoTime();
      if (hasCached && now - cachedAt < STATUS_TTL_NANOS) {
        return cached;
      }
      try {
        cached = from.get();
      } catch (RuntimeException e) {
        LOG.warn("engine status unavailable for the gauges: {}", e.toString());
        cached = null;
      }
      cachedAt = now;
      hasCached = true;
      return cached;
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  @Override
  public void commandCompleted(String command, String outcome, Duration latency) {
    for (MeterRegistry registry : registries) {
      Timer.builder("offerhub.commands").description("State-changing commands of the engine")
          .tags("command", command, "outcome", outcome).register(registry).record(latency);
    }
  }

  @Override
  public void idempotentReplay(String command) {
    for (MeterRegistry registry : registries) {
      Counter.builder("offerhub.idempotent.replays").description("Commands answered from an idempotency key's stored result")
          .tag("command", command).register(registry).increment();
    }
  }

  @Override
  public void chainStepConfirmed(StepConfirmation confirmation) {
    String kind = confirmation.kind().name();
    for (MeterRegistry registry : registries) {
      confirmation.ledgers().ifPresent(ledgers -> DistributionSummary.builder("offerhub.chain.step.ledgers")
          .description("Ledgers from submission to inclusion of a saga's on-chain step").baseUnit("ledgers")
          .tags("kind", kind, "step", confirmation.step()).register(registry).record(ledgers));
      if (confirmation.sinceSubmission() != null) {
        Timer.builder("offerhub.chain.step.latency")
            .description("Time from this instance's submission of a saga's on-chain step to its confirmation")
            .tags("kind", kind, "step", confirmation.step()).register(registry)
            .record(confirmation.sinceSubmission());
      }
    }
  }

  @Override
  public void providerError(String provider, String kind) {
    for (MeterRegistry registry : registries) {
      Counter.builder("offerhub.provider.errors").description("Failed calls to the chain, escrow or payment provider")
          .tags("provider", provider, "kind", kind).register(registry).increment();
    }
  }

  /** Records the lag of one server-sent event, from its commit to its sending. */
  public void recordSseLag(Duration lag) {
    Objects.requireNonNull(lag, "lag");
    for (MeterRegistry registry : registries) {
      Timer.builder("offerhub.sse.lag").description("Server-sent events: from commit to send")
          .register(registry).record(lag);
    }
  }
}

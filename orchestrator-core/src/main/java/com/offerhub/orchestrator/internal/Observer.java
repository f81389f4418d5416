package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.observe.EngineListener;
import com.offerhub.orchestrator.spi.observe.StepConfirmation;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import java.io.InterruptedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's listeners as one: each report goes to every listener, and what a listener throws is
 * logged and dropped so that observing never changes what a command does. With no listener every
 * report is a no-op and the adapters are not wrapped.
 */
public final class Observer {
  private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
  private final List<EngineListener> listeners;

  public Observer(List<EngineListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public boolean active() {
    return !listeners.isEmpty();
  }

  /**
   * Runs a command, reporting its outcome and latency under {@code command} (the part before a
   * {@code |}, which some commands use to key their fingerprint).
   */
  public <T> T command(String command, Supplier<T> work) {
    if (listeners.isEmpty()) {
      return work.get();
    }
    String name = name(command);
    long start = System.nanoTime();
    String outcome = "INTERNAL_ERROR";
    try {
      T result = work.get();
      outcome = EngineListener.OK;
      return result;
    } catch (OrchestratorException e) {
      outcome = e.code().name();
      throw e;
    } finally {
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String reported = outcome;
      each(listener -> listener.commandCompleted(name, reported, latency));
    }
  }

  public void replay(String command) {
    String name = name(command);
    each(listener -> listener.idempotentReplay(name));
  }

  public void stepConfirmed(StepConfirmation confirmation) {
    each(listener -> listener.chainStepConfirmed(confirmation));
  }

  public void providerError(String provider, String kind) {
    each(listener -> listener.providerError(provider, kind));
  }

  private static String name(String command) {
    int bar = command.indexOf('|');
    return bar < 0 ? command : command.substring(0, bar);
  }

  private void each(Consumer<EngineListener> report) {
    for (EngineListener listener : listeners) {
      try {
        report.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("engine listener {} failed, ignored: {}", listener.getClass().getName(), e.toString());
      }
    }
  }

  /**
   * {@code adapter} reporting what its calls throw as provider errors under {@code provider}
   * (itself when there is no listener or no adapter). A proxy, so every method of the interface,
   * present and future, reaches the adapter unchanged.
   */
  public <T> T watch(Class<T> type, T adapter, String provider) {
    if (adapter == null || listeners.isEmpty()) {
      return adapter;
    }
    InvocationHandler handler = (proxy, method, args) -> {
      try {
        return method.invoke(adapter, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          providerError(provider, kind(cause));
        }
        throw cause;
      }
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** What kind of failure {@code failure} of a provider call is (see {@link EngineListener#providerError}). */
  static String kind(Throwable failure) {
    if (timedOut(failure)) {
      return "timeout";
    }
    if (failure instanceof EscrowGatewayException e) {
      if (e.refused()) {
        return "refused";
      }
      int status = e.status();
      if (status == 429) {
        return "rate_limited";
      }
      if (status >= 500) {
        return "server_error";
      }
      if (status == 408) {
        return "timeout";
      }
      return status == 0 ? "unavailable" : "not_ready";
    }
    if (failure instanceof ProviderException) {
      return "unknown_outcome";
    }
    if (failure instanceof ChainException) {
      return "unavailable";
    }
    if (failure instanceof OrchestratorException e) {
      return e.code() == ErrorCode.PROVIDER_TIMEOUT ? "timeout"
          : e.code() == ErrorCode.RATE_LIMITED ? "rate_limited" : "unavailable";
    }
    return "unexpected";
  }

  private static boolean timedOut(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (t instanceof InterruptedIOException || t instanceof TimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }
}

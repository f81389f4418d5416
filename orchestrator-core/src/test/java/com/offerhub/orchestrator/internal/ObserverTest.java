package com.offerhub.orchestrator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.observe.EngineListener;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ObserverTest {
  private final List<String> heard = new ArrayList<>();
  private final EngineListener recording = new EngineListener() {
    @Override
    public void commandCompleted(String command, String outcome, Duration latency) {
      heard.add(command + " " + outcome);
    }

    @Override
    public void providerError(String provider, String kind) {
      heard.add(provider + " " + kind);
    }
  };

  @Test
  void providerFailuresAreSortedByKind() {
    assertEquals("timeout", Observer.kind(new ChainException("horizon", new SocketTimeoutException("read"))));
    assertEquals("unavailable", Observer.kind(new ChainException("connection refused")));
    assertEquals("refused", Observer.kind(new EscrowGatewayException(400, "bad request")));
    assertEquals("rate_limited", Observer.kind(new EscrowGatewayException(429, "slow down")));
    assertEquals("server_error", Observer.kind(new EscrowGatewayException(502, "bad gateway")));
    assertEquals("not_ready", Observer.kind(new EscrowGatewayException(404, "not indexed yet")));
    assertEquals("timeout", Observer.kind(new EscrowGatewayException(408, "request timeout")));
    assertEquals("unavailable", Observer.kind(new EscrowGatewayException("no answer", new java.io.IOException("reset"))));
    assertEquals("unknown_outcome", Observer.kind(new ProviderException("airtm answered 500")));
    assertEquals("timeout", Observer.kind(new ProviderException("airtm", new SocketTimeoutException("read"))));
    assertEquals("unexpected", Observer.kind(new IllegalStateException("bug")));
  }

  @Test
  void aCommandIsReportedUnderItsNameWithItsOutcomeAndAThrowingListenerIsIgnored() {
    EngineListener broken = new EngineListener() {
      @Override
      public void commandCompleted(String command, String outcome, Duration latency) {
        throw new IllegalStateException("listener bug (test)");
      }
    };
    Observer observer = new Observer(List.of(broken, recording));
    assertEquals("done", observer.command("balances.RESERVE|usr_1", () -> "done"));
    OrchestratorException refusal = new OrchestratorException(ErrorCode.INSUFFICIENT_FUNDS, "no");
    assertSame(refusal, assertThrows(OrchestratorException.class, () -> observer.command("orders.reserve",
        () -> {
          throw refusal;
        })));
    assertThrows(IllegalStateException.class, () -> observer.command("orders.cancel", () -> {
      throw new IllegalStateException("bug");
    }));
    assertEquals(List.of("balances.RESERVE ok", "orders.reserve INSUFFICIENT_FUNDS", "orders.cancel INTERNAL_ERROR"),
        heard);
  }

  @Test
  void aWatchedAdapterForwardsEveryCallAndReportsWhatItThrows() {
    Observer observer = new Observer(List.of(recording));
    Supplier<String> adapter = new Supplier<>() {
      private int calls;

      @Override
      public String get() {
        if (++calls == 2) {
          throw new ChainException("down");
        }
        return "answer " + calls;
      }
    };
    @SuppressWarnings("unchecked")
    Supplier<String> watched = observer.watch(Supplier.class, adapter, "chain");
    assertEquals("answer 1", watched.get());
    ChainException thrown = assertThrows(ChainException.class, watched::get);
    assertEquals("down", thrown.getMessage());
    assertEquals("answer 3", watched.get());
    assertEquals(List.of("chain unavailable"), heard);
    assertSame(adapter, new Observer(List.of()).watch(Supplier.class, adapter, "chain"), "no listener, no proxy");
  }
}

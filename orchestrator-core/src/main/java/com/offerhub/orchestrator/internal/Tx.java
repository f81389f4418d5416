package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.spi.storage.StorageException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one command as one storage transaction (ARCHITECTURE rules 1 and 5): the idempotency claim,
 * the effect and the stored result commit together. Transient storage failures rerun the whole
 * unit of work.
 */
public final class Tx {
  private static final int MAX_ATTEMPTS = 8;
  private final EngineContext engine;

  Tx(EngineContext engine) {
    this.engine = engine;
  }

  /** Outcome of {@link #command}: the result and whether it was replayed from an earlier call. */
  public record Outcome<T>(T result, boolean replayed) {}

  /**
   * Runs {@code work} under the context's idempotency key (if any). A replay returns the stored
   * result (or rethrows the stored failure) without running {@code work}.
   */
  public <T extends Serializable> Outcome<T> command(RequestContext ctx, String command, Object request,
      Function<TxScope, T> work) {
    return engine.observer.command(command, () -> unobserved(ctx, command, request, work));
  }

  /**
   * As {@link #command}, without reporting the command's outcome to the listeners (the caller
   * reports it, see {@code SagaStarter}); a replay is still reported.
   */
  <T extends Serializable> Outcome<T> unobserved(RequestContext ctx, String command, Object request,
      Function<TxScope, T> work) {
    String key = ctx.idempotencyKey();
    if (key == null) {
      return new Outcome<>(write(ctx, work), false);
    }
    String fingerprint = fingerprint(command, request);
    Outcome<T> outcome;
    try {
      outcome = write(ctx, scope -> {
        Optional<IdempotencyRecord> existing = scope.session.idempotency().claim(new IdempotencyRecord(
            ctx.principal(), key, fingerprint, null, scope.now, scope.now.plus(engine.config.idempotencyTtl())),
            scope.now);
        if (existing.isPresent()) {
          if (!existing.get().fingerprint().equals(fingerprint)) {
            throw new OrchestratorException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This idempotency key was used with a different request", Map.of("idempotency_key", key));
          }
          Serializable response = existing.get().response();
          if (response instanceof OrchestratorException failure) {
            throw new ReplayedRefusal(failure);
          }
          @SuppressWarnings("unchecked")
          T stored = (T) response;
          return new Outcome<>(stored, true);
        }
        T result = work.apply(scope);
        scope.session.idempotency().complete(ctx.principal(), key, result);
        return new Outcome<>(result, false);
      });
    } catch (ReplayedRefusal replayed) {
      engine.observer.replay(command);
      throw replayed.refusal;
    }
    if (outcome.replayed()) {
      ctx.markReplayed();
      engine.observer.replay(command);
    }
    return outcome;
  }

  /** Carries a stored refusal out of the replaying transaction, so the replay can be reported. */
  private static final class ReplayedRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient OrchestratorException refusal;

    ReplayedRefusal(OrchestratorException refusal) {
      super(null, null, false, false);
      this.refusal = refusal;
    }
  }

  /** Runs {@code work} in a read-write transaction, retrying transient storage failures. */
  public <T> T write(RequestContext ctx, Function<TxScope, T> work) {
    StorageException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return engine.storage.inTransaction(session -> work.apply(new TxScope(engine, session, ctx)));
      } catch (StorageException e) {
        if (!e.isTransient()) {
          throw e;
        }
        last = e;
        backoff(attempt);
      }
    }
    throw new OrchestratorException(ErrorCode.BALANCE_CONCURRENCY_CONFLICT,
        "The operation conflicted with concurrent work " + MAX_ATTEMPTS + " times; please retry",
        Map.of("suggestion", "Please retry the operation"), last);
  }

  public <T> T read(Function<TxScope, T> work) {
    return engine.storage.read(session -> work.apply(new TxScope(engine, session, RequestContext.system())));
  }

  /** Runs {@code work} reading one consistent snapshot (see {@code Storage#readSnapshot}). */
  public <T> T snapshot(Function<TxScope, T> work) {
    return engine.storage.readSnapshot(session -> work.apply(new TxScope(engine, session, RequestContext.system())));
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(Math.min(50, (long) attempt * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OrchestratorException(ErrorCode.INTERNAL_ERROR, "interrupted while retrying");
    }
  }

  static String fingerprint(String command, Object request) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest((command + "|" + request).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.StepState;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionLookup;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives durable sagas one step at a time (ARCHITECTURE rule 6). Every network interaction happens
 * outside a transaction, and every result is persisted with a compare-and-set on the step before the
 * next interaction: planned → unsigned → signed (envelope and hash stored before submission) →
 * submitted → confirmed or failed. A step with a hash is resolved by looking the hash up; a new
 * transaction is built only after the old one provably failed or expired.
 *
 * <p>A saga is driven by one runner at a time: claiming it sets {@code nextAttemptAt} to a lease in
 * the future, so other instances (and the background job) skip it until the lease ends.
 */
public final class SagaRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SagaRunner.class);
  private static final int MAX_FORWARD_ATTEMPTS = 20;
  private final EngineContext engine;
  private final SagaBook book;
  private volatile StepHook hook = StepHook.NONE;

  public SagaRunner(EngineContext engine) {
    this.engine = engine;
    this.book = new SagaBook(engine);
  }

  /** Test hook called before each persisted step transition; may throw to simulate a crash. */
  public interface StepHook {
    StepHook NONE = (saga, step, next) -> { };

    void beforePersist(Saga saga, SagaStep step, StepState next);
  }

  public void setStepHook(StepHook newHook) {
    this.hook = newHook == null ? StepHook.NONE : newHook;
  }

  /** What one advance of a step led to. */
  private enum Progress { MOVED, WAIT, DONE }

  /**
   * Drives the saga until it ends or {@code deadline} (wall-clock nanos) passes. Returns the saga as
   * last stored. Network failures leave it pending for a later run.
   */
  public Saga drive(String sagaId, long deadlineNanos) {
    Optional<Saga> claimed = claim(sagaId);
    if (claimed.isEmpty()) {
      return load(sagaId);
    }
    Saga saga = claimed.get();
    int failures = 0;
    while (true) {
      try {
        while (saga.state() == SagaState.PENDING) {
          Progress progress = advance(saga);
          saga = load(sagaId);
          if (progress == Progress.DONE || saga.state() != SagaState.PENDING) {
            return saga;
          }
          if (System.nanoTime() > deadlineNanos) {
            return release(saga, engine.config.sagaRetryDelay());
          }
          if (progress == Progress.WAIT) {
            Thread.sleep(20);
          }
        }
        return saga;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return release(saga, engine.config.sagaRetryDelay());
      } catch (SimulatedCrash crash) {
        throw crash;
      } catch (ConcurrentStepException e) {
        return load(sagaId);
      } catch (RuntimeException e) {
        failures++;
        LOG.warn("saga {} step failed (attempt {}), will retry: {}", sagaId, failures, e.toString());
        saga = load(sagaId);
        long pause = Math.min(200L, 5L << Math.min(failures, 6));
        if (System.nanoTime() + pause * 1_000_000L > deadlineNanos || failures > 50) {
          return release(saga, backoff(saga));
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return release(saga, backoff(saga));
        }
      }
    }
  }

  /** Drives every due saga (bounded); returns how many were looked at. */
  public int runDue(int limit, Duration budgetPerSaga) {
    List<String> due = engine.tx.read(scope -> scope.session.sagas().listDue(scope.now, limit));
    for (String id : due) {
      drive(id, System.nanoTime() + budgetPerSaga.toNanos());
    }
    return due.size();
  }

  public Saga load(String sagaId) {
    return engine.tx.read(scope -> scope.session.sagas().find(sagaId)).orElseThrow();
  }

  private Optional<Saga> claim(String sagaId) {
    return engine.tx.write(RequestContext.system(), scope -> {
      Optional<Saga> locked = scope.session.sagas().tryLock(sagaId);
      if (locked.isEmpty() || locked.get().state() != SagaState.PENDING
          || locked.get().nextAttemptAt().isAfter(scope.now)) {
        return Optional.<Saga>empty();
      }
      Saga leased = locked.get().retryAt(scope.now.plus(engine.config.sagaLease()), scope.now);
      scope.session.sagas().update(leased);
      return Optional.of(leased);
    });
  }

  private Saga release(Saga saga, Duration delay) {
    return engine.tx.write(RequestContext.system(), scope -> {
      Saga current = scope.session.sagas().find(saga.id()).orElseThrow();
      if (current.state() != SagaState.PENDING) {
        return current;
      }
      Saga updated = current.retryAt(scope.now.plus(delay), scope.now);
      scope.session.sagas().update(updated);
      return updated;
    });
  }

  private Duration backoff(Saga saga) {
    SagaStep step = saga.currentStep();
    int attempts = step == null ? 0 : Math.min(step.attempts(), 5);
    return engine.config.sagaRetryDelay().multipliedBy(1L << attempts);
  }

  private Progress advance(Saga saga) {
    SagaStep step = saga.currentStep();
    if (step == null) {
      return Progress.DONE;
    }
    switch (step.state()) {
      case PLANNED -> {
        UnsignedTransaction unsigned = build(saga, step);
        persist(saga, step, new SagaStep(step.index(), step.action(), step.signerUserId(), StepState.UNSIGNED,
            unsigned.xdr(), null, null, unsigned.validUntil(), step.error(), step.attempts()));
        return Progress.MOVED;
      }
      case UNSIGNED -> {
        Wallet wallet = walletOf(step.signerUserId());
        SignedTransaction signed;
        try (SecretSeed seed = engine.cipher.decrypt(wallet.id(), wallet.secretEncrypted())) {
          signed = engine.chain.sign(new UnsignedTransaction(step.unsignedXdr(), wallet.publicKey(),
              step.validUntil()), seed);
        }
        persist(saga, step, step.signed(signed.envelope(), signed.hash(), signed.validUntil()));
        return Progress.MOVED;
      }
      case SIGNED, SUBMITTED -> {
        return resolveOrSubmit(saga, step);
      }
      default -> throw new IllegalStateException("saga " + saga.id() + " step " + step.index() + " is " + step.state());
    }
  }

  private Progress resolveOrSubmit(Saga saga, SagaStep step) {
    TransactionLookup lookup = engine.chain.lookup(step.txHash());
    if (lookup.status() == TransactionStatus.SUCCESS) {
      confirm(saga, step);
      return Progress.MOVED;
    }
    if (lookup.status() == TransactionStatus.FAILED) {
      fail(saga, step, lookup.error() == null ? "transaction failed" : lookup.error());
      return Progress.MOVED;
    }
    if (step.validUntil() != null && lookup.latestLedgerCloseTime().isAfter(step.validUntil())) {
      fail(saga, step, "expired: not included before " + step.validUntil());
      return Progress.MOVED;
    }
    SubmitResult result = engine.chain.submit(new SignedTransaction(step.signedEnvelope(), step.txHash(),
        step.validUntil()));
    switch (result.outcome()) {
      case CONFIRMED -> confirm(saga, step);
      case REJECTED -> fail(saga, step, result.error() == null ? "rejected" : result.error());
      case PENDING -> {
        if (step.state() == StepState.SIGNED) {
          persist(saga, step, step.submitted());
        }
        return Progress.WAIT;
      }
      default -> throw new IllegalStateException();
    }
    return Progress.MOVED;
  }

  private void confirm(Saga saga, SagaStep step) {
    String contractId = step.action().equals("deploy") ? engine.escrow.deployedContractId(step.txHash()) : null;
    int serviceFeeBps = contractId == null ? 0 : engine.escrow.inspect(contractId).serviceFeeBps();
    hook.beforePersist(saga, step, StepState.CONFIRMED);
    engine.tx.write(RequestContext.system(), scope -> {
      Saga current = lockedWithStep(scope, saga.id(), step);
      Saga updated = current.withStep(step.confirmed(), scope.now);
      if (contractId != null) {
        book.contractDeployed(scope, updated, contractId, serviceFeeBps);
      }
      if (updated.currentStep() == null) {
        book.complete(scope, updated);
        updated = updated.finish(SagaState.COMPLETED, null, scope.now);
      }
      scope.session.sagas().update(updated);
      return null;
    });
  }

  private void fail(Saga saga, SagaStep step, String reason) {
    hook.beforePersist(saga, step, StepState.FAILED);
    boolean retryable = reason.contains("bad_seq") || reason.contains("expired") || reason.contains("too_late");
    engine.tx.write(RequestContext.system(), scope -> {
      Saga current = lockedWithStep(scope, saga.id(), step);
      Saga updated;
      if ((saga.anyConfirmed() || retryable) && step.attempts() < MAX_FORWARD_ATTEMPTS) {
        updated = current.withStep(step.replan(reason), scope.now);
        scope.audit("ONCHAIN_STEP_RETRY", "saga", saga.id(), null, Payloads.audit("step", step.action()),
            Payloads.audit("reason", reason, "attempts", step.attempts()), "FAILURE", reason);
      } else {
        updated = current.withStep(step.failed(reason), scope.now).finish(SagaState.FAILED, reason, scope.now);
        book.revert(scope, updated, reason);
      }
      scope.session.sagas().update(updated);
      return null;
    });
  }

  private void persist(Saga saga, SagaStep expected, SagaStep next) {
    hook.beforePersist(saga, expected, next.state());
    engine.tx.write(RequestContext.system(), scope -> {
      Saga current = lockedWithStep(scope, saga.id(), expected);
      scope.session.sagas().update(current.withStep(next, scope.now).retryAt(scope.now.plus(engine.config.sagaLease()), scope.now));
      return null;
    });
  }

  /** Locks the saga and checks the step is still as this runner last saw it (compare-and-set). */
  private static Saga lockedWithStep(TxScope scope, String sagaId, SagaStep expected) {
    Saga current = scope.session.sagas().find(sagaId).orElseThrow();
    SagaStep now = current.steps().get(expected.index());
    if (current.state() != SagaState.PENDING || now.state() != expected.state()
        || !java.util.Objects.equals(now.txHash(), expected.txHash())) {
      throw new ConcurrentStepException("saga " + sagaId + " step " + expected.index() + " moved on concurrently");
    }
    return current;
  }

  /** Another runner changed the step first; this runner backs off. */
  static final class ConcurrentStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConcurrentStepException(String message) {
      super(message);
    }
  }

  /** Thrown by a test {@link StepHook} to stop a runner as a crash would. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String message) {
      super(message);
    }
  }

  private Wallet walletOf(String userId) {
    return engine.tx.read(scope -> scope.session.wallets().findPrimary(userId)).orElseThrow(
        () -> new IllegalStateException("user " + userId + " has no wallet"));
  }

  /** What building a step needs, read in one transaction. */
  private record Subject(Order order, Escrow escrow, Withdrawal withdrawal, String signer, String buyer,
      String seller) {}

  private Subject subject(Saga saga, SagaStep step) {
    return engine.tx.read(scope -> {
      String signer = scope.session.wallets().findPrimary(step.signerUserId()).orElseThrow().publicKey();
      if (saga.kind() == com.offerhub.orchestrator.model.SagaKind.WITHDRAWAL) {
        return new Subject(null, null, scope.session.withdrawals().find(saga.subjectId()).orElseThrow(), signer,
            null, null);
      }
      Order order = scope.session.orders().find(saga.subjectId()).orElseThrow();
      return new Subject(order, scope.session.escrows().findByOrder(order.id()).orElseThrow(), null, signer,
          scope.session.wallets().findPrimary(order.buyerId()).orElseThrow().publicKey(),
          scope.session.wallets().findPrimary(order.sellerId()).orElseThrow().publicKey());
    });
  }

  private UnsignedTransaction build(Saga saga, SagaStep step) {
    Subject subject = subject(saga, step);
    String action = step.action();
    if (action.equals("payment")) {
      Withdrawal withdrawal = subject.withdrawal();
      return engine.chain.buildPayment(subject.signer(), withdrawal.destinationRef(), withdrawal.amount(),
          withdrawal.id());
    }
    Escrow escrow = subject.escrow();
    String signer = subject.signer();
    int colon = action.indexOf(':');
    String verb = colon < 0 ? action : action.substring(0, colon);
    int index = colon < 0 ? 0 : Integer.parseInt(action.substring(colon + 1));
    return switch (verb) {
      case "deploy" -> engine.escrow.deploy(terms(subject, signer));
      case "fund" -> engine.escrow.fund(escrow.contractId(), signer, escrow.amount());
      case "complete" -> engine.escrow.changeMilestoneStatus(escrow.contractId(), index, "completed", signer);
      case "approve" -> engine.escrow.approveMilestone(escrow.contractId(), index, signer);
      case "release" -> engine.escrow.release(escrow.contractId(), signer);
      case "dispute" -> engine.escrow.dispute(escrow.contractId(), signer);
      case "resolve" -> engine.escrow.resolve(escrow.contractId(), signer, distributions(saga, subject));
      default -> throw new IllegalStateException("unknown saga action " + action);
    };
  }

  private static EscrowTerms terms(Subject subject, String platform) {
    Order order = subject.order();
    List<String> milestones = new ArrayList<>();
    if (order.milestones().isEmpty()) {
      milestones.add(order.title());
    } else {
      order.milestones().forEach(m -> milestones.add(m.title()));
    }
    return new EscrowTerms(order.id(), order.title(), order.description() == null ? "" : order.description(),
        subject.escrow().amount(), subject.escrow().platformFeeBps(), subject.buyer(), subject.seller(),
        subject.seller(), subject.buyer(), platform, platform, milestones);
  }

  private static List<Distribution> distributions(Saga saga, Subject subject) {
    List<Distribution> out = new ArrayList<>();
    Money toSeller = Money.ofStroops(Long.parseLong(saga.data().getOrDefault("sellerStroops", "0")));
    Money toBuyer = Money.ofStroops(Long.parseLong(saga.data().getOrDefault("buyerStroops", "0")));
    if (toSeller.isPositive()) {
      out.add(new Distribution(subject.seller(), toSeller));
    }
    if (toBuyer.isPositive()) {
      out.add(new Distribution(subject.buyer(), toBuyer));
    }
    return out;
  }

  /** The platform user, required for escrow work. */
  public static Optional<User> platform(TxScope scope) {
    return scope.session.users().findByExternalId(scope.engine.config.platformExternalUserId());
  }
}

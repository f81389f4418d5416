package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.EngineConfig;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.SagaStepHook;
import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaKind;
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
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import com.offerhub.orchestrator.spi.observe.StepConfirmation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * <p>A saga is driven by one runner at a time: claiming it stores a fresh lease token as its
 * {@code leaseOwner} and sets {@code nextAttemptAt} to the end of the lease, so other instances (and
 * the background job) skip it until the lease ends. The runner renews the lease before a network
 * call once half of it is spent, and every step it persists is a compare-and-set that also checks it
 * still holds the lease: a runner whose call outlasted its lease, and whose saga another runner took
 * over meanwhile, writes nothing and backs off.
 */
public final class SagaRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SagaRunner.class);
  private static final int MAX_FORWARD_ATTEMPTS = 20;
  private static final int MAX_REFUSALS = 5;
  private final EngineContext engine;
  private final SagaBook book;
  private volatile SagaStepHook hook = SagaStepHook.NONE;

  public SagaRunner(EngineContext engine) {
    this.engine = engine;
    this.book = new SagaBook(engine);
  }

  public void setStepHook(SagaStepHook newHook) {
    this.hook = newHook == null ? SagaStepHook.NONE : newHook;
  }

  /** What one advance of a step led to. */
  private enum Progress { MOVED, WAIT, DONE }

  /** This runner's hold on one saga: the token stored as its lease owner, and when the lease ends. */
  private static final class Lease {
    final String owner;
    Instant until;
    /** The hash of the envelope this runner signed last, not yet submitted by anyone. */
    String signedHere;
    /** The transaction this runner submitted last: its hash, when (nanos) and the latest ledger then (0: unknown). */
    String submittedHash;
    long submittedNanos;
    long submittedLedger;

    /** Notes a submission of {@code hash}; the first one counts. */
    void submitting(String hash) {
      if (!hash.equals(submittedHash)) {
        submittedHash = hash;
        submittedNanos = System.nanoTime();
        submittedLedger = 0;
      }
    }

    Lease(String owner, Instant until) {
      this.owner = owner;
      this.until = until;
    }
  }

  /**
   * Drives the saga until it ends or {@code deadline} (wall-clock nanos) passes. Returns the saga as
   * last stored. Network failures leave it pending for a later run.
   */
  public Saga drive(String sagaId, long deadlineNanos) {
    Lease lease = new Lease(engine.ids.next("lse_"), Instant.MIN);
    Optional<Saga> claimed = claim(sagaId, lease);
    if (claimed.isEmpty()) {
      return load(sagaId);
    }
    Saga saga = claimed.get();
    int failures = 0;
    while (true) {
      try {
        while (saga.state() == SagaState.PENDING) {
          Progress progress = advance(saga, lease);
          saga = load(sagaId);
          if (progress == Progress.DONE || saga.state() != SagaState.PENDING) {
            return saga;
          }
          if (System.nanoTime() > deadlineNanos) {
            return release(saga, engine.config.sagaRetryDelay(), lease);
          }
          if (progress == Progress.WAIT) {
            Thread.sleep(20);
          }
        }
        return saga;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return release(saga, engine.config.sagaRetryDelay(), lease);
      } catch (SimulatedCrash crash) {
        throw crash;
      } catch (RetryLater later) {
        Saga current = load(sagaId);
        return release(current, backoff(current), lease);
      } catch (ConcurrentStepException e) {
        LOG.debug("saga {}: {}; backing off", sagaId, e.getMessage());
        // Gives the lease back if this runner still holds it (a no-op when another runner took the saga
        // over), so the saga is not parked until the lease ends.
        return release(load(sagaId), engine.config.sagaRetryDelay(), lease);
      } catch (RuntimeException e) {
        failures++;
        LOG.warn("saga {} step failed (attempt {}), will retry: {}", sagaId, failures, e.toString());
        saga = load(sagaId);
        long pause = Math.min(200L, 5L << Math.min(failures, 6));
        if (System.nanoTime() + pause * 1_000_000L > deadlineNanos || failures > 50) {
          return release(saga, backoff(saga), lease);
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return release(saga, backoff(saga), lease);
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

  private Optional<Saga> claim(String sagaId, Lease lease) {
    Optional<Saga> claimed = engine.tx.write(RequestContext.system(), scope -> {
      Optional<Saga> locked = scope.session.sagas().tryLock(sagaId);
      if (locked.isEmpty() || locked.get().state() != SagaState.PENDING
          || locked.get().nextAttemptAt().isAfter(scope.now)) {
        return Optional.<Saga>empty();
      }
      Saga leased = locked.get().leasedTo(lease.owner, scope.now.plus(engine.config.sagaLease()), scope.now);
      return scope.session.sagas().update(leased) ? Optional.of(leased.nextVersion()) : Optional.<Saga>empty();
    });
    claimed.ifPresent(saga -> lease.until = saga.nextAttemptAt());
    return claimed;
  }

  /** Gives the saga up until {@code delay} from now, unless another runner has taken it over. */
  private Saga release(Saga saga, Duration delay, Lease lease) {
    return engine.tx.write(RequestContext.system(), scope -> {
      Saga current = scope.session.sagas().find(saga.id()).orElseThrow();
      if (current.state() != SagaState.PENDING || !lease.owner.equals(current.leaseOwner())) {
        return current;
      }
      Saga updated = current.unleased(scope.now.plus(delay), scope.now);
      return scope.session.sagas().update(updated) ? updated.nextVersion() : current;
    });
  }

  /**
   * Renews the lease before a network call once half of it is spent, so a slow call does not let
   * another runner take the saga over; throws {@link ConcurrentStepException} if it already has.
   */
  private void renewIfDue(String sagaId, Lease lease) {
    Duration term = engine.config.sagaLease();
    if (engine.clock.instant().plus(term.dividedBy(2)).isBefore(lease.until)) {
      return;
    }
    lease.until = engine.tx.write(RequestContext.system(), scope -> {
      Saga current = held(scope, sagaId, lease);
      Saga renewed = current.retryAt(scope.now.plus(term), scope.now);
      store(scope, renewed);
      return renewed.nextAttemptAt();
    });
  }

  private Duration backoff(Saga saga) {
    SagaStep step = saga.currentStep();
    int attempts = step == null ? 0 : Math.min(step.attempts(), 5);
    return engine.config.sagaRetryDelay().multipliedBy(1L << attempts);
  }

  private Progress advance(Saga saga, Lease lease) {
    SagaStep step = saga.currentStep();
    if (step == null) {
      return Progress.DONE;
    }
    renewIfDue(saga.id(), lease);
    switch (step.state()) {
      case PLANNED -> {
        if (step.index() == 0 && SETTLEMENTS.contains(saga.kind())) {
          List<SagaStep> done = alreadyOnChain(saga);
          if (!done.isEmpty()) {
            persist(saga, step, done, null, lease);
            return Progress.MOVED;
          }
        }
        Built built;
        try {
          built = build(saga, step);
        } catch (EscrowGatewayException e) {
          if (!e.refused()) {
            throw e;
          }
          return refused(saga, step, e.getMessage(), false, lease);
        } catch (BuildRefused e) {
          return refused(saga, step, e.getMessage(), true, lease);
        }
        UnsignedTransaction unsigned = built.transaction();
        persist(saga, step, List.of(new SagaStep(step.index(), step.action(), step.signerUserId(),
            StepState.UNSIGNED, unsigned.xdr(), null, null, unsigned.validUntil(), step.error(), step.attempts())),
            built.data(), lease);
        return Progress.MOVED;
      }
      case UNSIGNED -> {
        Wallet wallet = walletOf(step.signerUserId());
        SignedTransaction signed;
        try (SecretSeed seed = engine.secrets.open(wallet)) {
          signed = engine.chain.sign(new UnsignedTransaction(step.unsignedXdr(), wallet.publicKey(),
              step.validUntil()), seed);
        }
        persist(saga, step, List.of(step.signed(signed.envelope(), signed.hash(), signed.validUntil())), null, lease);
        lease.signedHere = signed.hash();
        return Progress.MOVED;
      }
      case SIGNED, SUBMITTED -> {
        return resolveOrSubmit(saga, step, lease);
      }
      default -> throw new IllegalStateException("saga " + saga.id() + " step " + step.index() + " is " + step.state());
    }
  }

  private Progress resolveOrSubmit(Saga saga, SagaStep step, Lease lease) {
    // An envelope this runner has just signed was never sent (it existed only here until now, and
    // sending it twice is harmless anyway): nothing to look up before its first submission.
    boolean fresh = step.state() == StepState.SIGNED && step.txHash().equals(lease.signedHere);
    if (!fresh) {
      TransactionLookup lookup = engine.chain.lookup(step.txHash());
      if (lookup.status() == TransactionStatus.SUCCESS) {
        confirm(saga, step, lease, lookup.ledger());
        return Progress.MOVED;
      }
      if (lookup.status() == TransactionStatus.FAILED) {
        fail(saga, step, lookup.error() == null ? "transaction failed" : lookup.error(), lease);
        return Progress.MOVED;
      }
      if (step.validUntil() != null && lookup.latestLedgerCloseTime().isAfter(step.validUntil())) {
        fail(saga, step, "expired: not included before " + step.validUntil(), lease);
        return Progress.MOVED;
      }
    }
    lease.signedHere = null;
    renewIfDue(saga.id(), lease);
    lease.submitting(step.txHash());
    SubmitResult result = engine.chain.submit(new SignedTransaction(step.signedEnvelope(), step.txHash(),
        step.validUntil()));
    if (result.sentAtLedger() > 0 && lease.submittedLedger == 0) {
      lease.submittedLedger = result.sentAtLedger();
    }
    switch (result.outcome()) {
      case CONFIRMED -> confirm(saga, step, lease, result.ledger());
      case REJECTED -> fail(saga, step, result.error() == null ? "rejected" : result.error(), lease);
      case PENDING -> {
        if (step.state() == StepState.SIGNED) {
          persist(saga, step, List.of(step.submitted()), null, lease);
        }
        return Progress.WAIT;
      }
      default -> throw new IllegalStateException();
    }
    return Progress.MOVED;
  }

  /** Confirms the step, included in {@code ledger} (0: the chain did not say), and reports it. */
  private void confirm(Saga saga, SagaStep step, Lease lease, long ledger) {
    String contractId = step.action().equals("deploy") ? engine.escrow.deployedContractId(step.txHash()) : null;
    int serviceFeeBps = contractId == null ? 0 : engine.escrow.inspect(contractId).serviceFeeBps();
    hook.beforePersist(saga, step, StepState.CONFIRMED);
    engine.tx.write(RequestContext.system(), scope -> {
      Saga updated = expectStep(scope, saga.id(), step, lease).withStep(step.confirmed(), scope.now);
      boolean completed = updated.currentStep() == null;
      if (completed) {
        updated = updated.finish(SagaState.COMPLETED, null, scope.now);
      }
      store(scope, updated);
      if (contractId != null) {
        book.contractDeployed(scope, updated, contractId, serviceFeeBps);
      }
      if (completed) {
        book.complete(scope, updated);
      }
      return null;
    });
    if (engine.observer.active()) {
      boolean ours = step.txHash().equals(lease.submittedHash);
      engine.observer.stepConfirmed(new StepConfirmation(saga.kind(), verb(step.action()), ledger,
          ours ? lease.submittedLedger : 0, ours ? Duration.ofNanos(System.nanoTime() - lease.submittedNanos) : null));
    }
  }

  private void fail(Saga saga, SagaStep step, String reason, Lease lease) {
    fail(saga, step, reason, false, lease);
  }

  /** Fails the step: retried with a new transaction where that can still succeed, else the saga fails. */
  private void fail(Saga saga, SagaStep step, String reason, boolean definitive, Lease lease) {
    hook.beforePersist(saga, step, StepState.FAILED);
    boolean retryable = reason.contains("bad_seq") || reason.contains("expired") || reason.contains("too_late");
    engine.tx.write(RequestContext.system(), scope -> {
      Saga current = expectStep(scope, saga.id(), step, lease);
      if (!definitive && (saga.anyConfirmed() || retryable) && step.attempts() < MAX_FORWARD_ATTEMPTS) {
        store(scope, current.withStep(step.replan(reason), scope.now));
        scope.audit("ONCHAIN_STEP_RETRY", "saga", saga.id(), null, Payloads.audit("step", step.action()),
            Payloads.audit("reason", reason, "attempts", step.attempts()), "FAILURE", reason);
      } else {
        Saga failed = current.withStep(step.failed(reason), scope.now).finish(SagaState.FAILED, reason, scope.now);
        store(scope, failed);
        book.failed(scope, failed, reason);
      }
      return null;
    });
  }

  /**
   * The escrow service (or the engine's own check before building) refused to build the step's
   * transaction: asking again unchanged gets the same answer. If the chain already shows the step's
   * effect (the "already approved / released / resolved" answers of spec/05 §10), the step is done.
   * Otherwise, with nothing of this saga on chain, the saga fails at once and its effects are undone.
   * With steps on chain, which cannot be undone, the refusal may come from a service a ledger behind
   * them: the step is asked again after a growing pause, {@value #MAX_REFUSALS} times, then the saga
   * fails and the operator is told. The engine's own refusals ({@code definitive}) are not asked again.
   */
  private Progress refused(Saga saga, SagaStep step, String reason, boolean definitive, Lease lease) {
    String why = "refused: " + reason;
    if (saga.kind() != SagaKind.WITHDRAWAL && saga.kind() != SagaKind.ESCROW_DEPLOY) {
      EscrowSnapshot chain = engine.escrow.inspect(contractOf(saga));
      if (holds(step.action(), chain)) {
        persist(saga, step, List.of(step.alreadyOnChain()), null, lease);
        return Progress.MOVED;
      }
    }
    if (definitive || !saga.anyConfirmed() || step.attempts() + 1 >= MAX_REFUSALS) {
      fail(saga, step, why, true, lease);
      return Progress.MOVED;
    }
    LOG.warn("saga {} step {} refused after earlier steps were confirmed; asking again later: {}", saga.id(),
        step.action(), reason);
    persist(saga, step, List.of(step.refusedOnce(why)), null, lease);
    throw new RetryLater();
  }

  /**
   * Persists the next state of one or more steps (all from the state this runner expects), and the
   * saga's new data if not null, and renews the lease.
   */
  private void persist(Saga saga, SagaStep expected, List<SagaStep> next, Map<String, String> data, Lease lease) {
    hook.beforePersist(saga, expected, next.get(0).state());
    lease.until = engine.tx.write(RequestContext.system(), scope -> {
      Saga updated = expectStep(scope, saga.id(), expected, lease);
      for (SagaStep step : next) {
        updated = updated.withStep(step, scope.now);
      }
      if (data != null) {
        updated = updated.withData(data, scope.now);
      }
      updated = updated.retryAt(scope.now.plus(engine.config.sagaLease()), scope.now);
      store(scope, updated);
      return updated.nextAttemptAt();
    });
  }

  /**
   * The saga as stored, provided this runner still holds its lease and the step is still as this
   * runner last saw it; the write that follows is a compare-and-set on the version read here.
   */
  private static Saga expectStep(TxScope scope, String sagaId, SagaStep expected, Lease lease) {
    Saga current = held(scope, sagaId, lease);
    SagaStep now = current.steps().get(expected.index());
    if (now.state() != expected.state() || !java.util.Objects.equals(now.txHash(), expected.txHash())) {
      throw new ConcurrentStepException("saga " + sagaId + " step " + expected.index() + " moved on concurrently");
    }
    return current;
  }

  /** The saga as stored, provided it is still PENDING and leased to this runner. */
  private static Saga held(TxScope scope, String sagaId, Lease lease) {
    Saga current = scope.session.sagas().find(sagaId).orElseThrow();
    if (current.state() != SagaState.PENDING) {
      throw new ConcurrentStepException("saga " + sagaId + " ended meanwhile (" + current.state() + ")");
    }
    if (!lease.owner.equals(current.leaseOwner())) {
      throw new ConcurrentStepException("saga " + sagaId + " lease lost to " + current.leaseOwner());
    }
    return current;
  }

  /** Compare-and-set write; a concurrent writer got there first when it does not apply. */
  private static void store(TxScope scope, Saga saga) {
    if (!scope.session.sagas().update(saga)) {
      throw new ConcurrentStepException("saga " + saga.id() + " was written concurrently");
    }
  }

  /** Settlement sagas: their first steps may already hold on chain from an earlier saga of the order. */
  private static final java.util.Set<SagaKind> SETTLEMENTS = java.util.EnumSet.of(SagaKind.RELEASE, SagaKind.REFUND,
      SagaKind.DISPUTE_RESOLUTION);

  /**
   * The planned steps whose effect the contract already shows (milestone completed or approved,
   * escrow disputed), because an earlier saga of the order confirmed them before failing for good:
   * they are not sent again, only what the chain still needs is.
   */
  private List<SagaStep> alreadyOnChain(Saga saga) {
    EscrowSnapshot chain = engine.escrow.inspect(contractOf(saga));
    List<SagaStep> done = new ArrayList<>();
    for (SagaStep step : saga.steps()) {
      if (step.state() == StepState.PLANNED && PRECEDING.contains(verb(step.action()))
          && holds(step.action(), chain)) {
        done.add(step.alreadyOnChain());
      }
    }
    return done;
  }

  /** Steps whose effect an earlier saga of the order may have left on chain. */
  private static final java.util.Set<String> PRECEDING = java.util.Set.of("complete", "approve", "dispute");

  private String contractOf(Saga saga) {
    return engine.tx.read(scope -> scope.session.escrows().findByOrder(saga.subjectId())).orElseThrow().contractId();
  }

  private static String verb(String action) {
    int colon = action.indexOf(':');
    return colon < 0 ? action : action.substring(0, colon);
  }

  /** Whether the contract already shows the effect of {@code action}. */
  private static boolean holds(String action, EscrowSnapshot chain) {
    int colon = action.indexOf(':');
    int index = colon < 0 ? 0 : Integer.parseInt(action.substring(colon + 1));
    return switch (verb(action)) {
      case "complete" -> index < chain.milestoneStatuses().size()
          && "completed".equalsIgnoreCase(chain.milestoneStatuses().get(index));
      case "approve" -> index < chain.milestoneApprovals().size() && chain.milestoneApprovals().get(index);
      case "dispute" -> chain.disputed() && !chain.resolved();
      case "release" -> chain.released();
      case "resolve" -> chain.resolved() && !chain.disputed();
      default -> false;
    };
  }

  /** Another runner changed the step first, or took the saga over after this runner's lease ran out; this runner backs off. */
  static final class ConcurrentStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConcurrentStepException(String message) {
      super(message);
    }
  }

  /** The step is to be asked again after a pause: the runner gives the saga up until then. */
  private static final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryLater() {
      super(null, null, false, false);
    }
  }

  /** The engine's own check refuses to build the step (e.g. a resolution the contract would revert). */
  private static final class BuildRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BuildRefused(String message) {
      super(message, null, false, false);
    }
  }

  /** Thrown by a test {@link SagaStepHook} to stop a runner as a crash would. */
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

  /**
   * What building a step needs, read in one transaction. {@code treasury} is the treasury wallet's
   * address when the treasury funds the escrow; it then receives every payout in the parties' stead.
   */
  private record Subject(Order order, Escrow escrow, Withdrawal withdrawal, String signer, String buyer,
      String seller, String treasury) {
    String sellerPayee() {
      return treasury == null ? seller : treasury;
    }

    String buyerPayee() {
      return treasury == null ? buyer : treasury;
    }
  }

  private Subject subject(Saga saga, SagaStep step) {
    return engine.tx.read(scope -> {
      String signer = scope.session.wallets().findPrimary(step.signerUserId()).orElseThrow().publicKey();
      if (saga.kind() == com.offerhub.orchestrator.model.SagaKind.WITHDRAWAL) {
        return new Subject(null, null, scope.session.withdrawals().find(saga.subjectId()).orElseThrow(), signer,
            null, null, null);
      }
      Order order = scope.session.orders().find(saga.subjectId()).orElseThrow();
      Escrow escrow = scope.session.escrows().findByOrder(order.id()).orElseThrow();
      String treasury = escrow.treasuryUserId() == null ? null
          : scope.session.wallets().findPrimary(escrow.treasuryUserId()).orElseThrow().publicKey();
      return new Subject(order, escrow, null, signer,
          scope.session.wallets().findPrimary(order.buyerId()).orElseThrow().publicKey(),
          scope.session.wallets().findPrimary(order.sellerId()).orElseThrow().publicKey(), treasury);
    });
  }

  /** A step's transaction as built, and the saga's data to store with it (null: unchanged). */
  private record Built(UnsignedTransaction transaction, Map<String, String> data) {}

  private Built build(Saga saga, SagaStep step) {
    Subject subject = subject(saga, step);
    String action = step.action();
    if (action.equals("payment")) {
      Withdrawal withdrawal = subject.withdrawal();
      return new Built(engine.chain.buildPayment(subject.signer(), withdrawal.destinationRef(), withdrawal.amount(),
          withdrawal.id()), null);
    }
    Escrow escrow = subject.escrow();
    String signer = subject.signer();
    int colon = action.indexOf(':');
    String verb = colon < 0 ? action : action.substring(0, colon);
    int index = colon < 0 ? 0 : Integer.parseInt(action.substring(colon + 1));
    if (verb.equals("resolve")) {
      return resolution(saga, subject);
    }
    return new Built(switch (verb) {
      case "deploy" -> engine.escrow.deploy(terms(subject, signer));
      case "fund" -> engine.escrow.fund(escrow.contractId(), signer, escrow.amount());
      case "complete" -> engine.escrow.changeMilestoneStatus(escrow.contractId(), index, "completed", signer);
      case "approve" -> engine.escrow.approveMilestone(escrow.contractId(), index, signer);
      case "release" -> engine.escrow.release(escrow.contractId(), signer);
      case "dispute" -> engine.escrow.dispute(escrow.contractId(), signer);
      default -> throw new IllegalStateException("unknown saga action " + action);
    }, null);
  }

  /**
   * The resolve transaction, built from the contract as it is now (spec/05 §5): the contract must
   * distribute its whole balance, so money someone else paid in beyond the escrow's amount goes to
   * the buyer with the rest of their share (to the seller when the buyer gets nothing); a balance
   * below what the resolution distributes, or a split the contract's fee arithmetic would pay out
   * beyond its balance (and revert), is refused before anything is signed. The formula and the
   * surplus are stored with the step, so the books record exactly what the contract pays.
   */
  private Built resolution(Saga saga, Subject subject) {
    String contractId = subject.escrow().contractId();
    EscrowSnapshot chain = engine.escrow.inspect(contractId);
    Money toSeller = Money.ofStroops(Long.parseLong(saga.data().getOrDefault("sellerStroops", "0")));
    Money toBuyer = Money.ofStroops(Long.parseLong(saga.data().getOrDefault("buyerStroops", "0")));
    Money total = toSeller.plus(toBuyer);
    if (chain.balance().compareTo(total) < 0) {
      throw new BuildRefused("contract " + contractId + " holds " + chain.balance() + ", less than the " + total
          + " the resolution distributes");
    }
    Money surplus = chain.balance().minus(total);
    boolean surplusToSeller = toBuyer.isZero();
    if (surplusToSeller) {
      toSeller = toSeller.plus(surplus);
    } else {
      toBuyer = toBuyer.plus(surplus);
    }
    List<Distribution> distributions = new ArrayList<>();
    List<Money> grosses = new ArrayList<>();
    if (toSeller.isPositive()) {
      distributions.add(new Distribution(subject.sellerPayee(), toSeller));
      grosses.add(toSeller);
    }
    if (toBuyer.isPositive()) {
      distributions.add(new Distribution(subject.buyerPayee(), toBuyer));
      grosses.add(toBuyer);
    }
    if (Payouts.of(chain.payoutFormula(), grosses, chain.serviceFeeBps(), chain.platformFeeBps()).reverts()) {
      throw new BuildRefused("the contract's fee arithmetic (" + chain.payoutFormula() + ") would pay out more than "
          + "its balance of " + chain.balance() + " for " + toSeller + " to the seller and " + toBuyer
          + " to the buyer, and revert; nearest seller amounts that pay out exactly: " + Payouts.nearestExactSplits(
              chain.balance(), toSeller, chain.serviceFeeBps(), chain.platformFeeBps()));
    }
    Map<String, String> data = new java.util.HashMap<>(saga.data());
    data.put("payoutFormula", chain.payoutFormula().name());
    data.put("surplusStroops", Long.toString(surplus.stroops()));
    data.put("surplusTo", surplusToSeller ? "seller" : "buyer");
    return new Built(engine.escrow.resolve(contractId, subject.signer(), distributions), data);
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
        subject.sellerPayee(), subject.buyer(), platform, platform, milestones);
  }

  /** The treasury user when the engine has a treasury (ARCHITECTURE rule 11). */
  public static Optional<User> treasury(TxScope scope) {
    EngineConfig.Treasury treasury = scope.engine.config.treasury();
    return treasury == null ? Optional.empty() : scope.session.users().findByExternalId(treasury.externalUserId());
  }

  /** The platform user, required for escrow work. */
  public static Optional<User> platform(TxScope scope) {
    return scope.session.users().findByExternalId(scope.engine.config.platformExternalUserId());
  }
}

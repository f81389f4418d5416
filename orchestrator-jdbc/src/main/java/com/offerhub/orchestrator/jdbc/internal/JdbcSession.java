package com.offerhub.orchestrator.jdbc.internal;

import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.spi.storage.ApiKeyRepository;
import com.offerhub.orchestrator.spi.storage.AuditRepository;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import com.offerhub.orchestrator.spi.storage.CursorRepository;
import com.offerhub.orchestrator.spi.storage.DepositRepository;
import com.offerhub.orchestrator.spi.storage.DisputeRepository;
import com.offerhub.orchestrator.spi.storage.EscrowRepository;
import com.offerhub.orchestrator.spi.storage.IdempotencyRepository;
import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import com.offerhub.orchestrator.spi.storage.LedgerRepository;
import com.offerhub.orchestrator.spi.storage.OrderRepository;
import com.offerhub.orchestrator.spi.storage.OutboxRepository;
import com.offerhub.orchestrator.spi.storage.PermitRepository;
import com.offerhub.orchestrator.spi.storage.SagaRepository;
import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import com.offerhub.orchestrator.spi.storage.StorageSession;
import com.offerhub.orchestrator.spi.storage.TopUpRepository;
import com.offerhub.orchestrator.spi.storage.UserRepository;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import com.offerhub.orchestrator.spi.storage.WebhookInboxRepository;
import com.offerhub.orchestrator.spi.storage.WithdrawalRepository;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * One storage transaction on a Jdbi {@link Handle} (READ COMMITTED): row locks with
 * {@code FOR UPDATE}, conditional single-statement balance updates, unique inserts with
 * {@code ON CONFLICT DO NOTHING} where a duplicate is an answer rather than an error. The rows a
 * command only appends (ledger, audit, stored responses, events) wait in a {@link WriteBehind} until
 * {@link #flushOutbox()} writes them as the transaction's last statement; each table's SQL lives in
 * its own DAO. Single-threaded; unusable after its transaction.
 */
public final class JdbcSession implements StorageSession {
  private final Handle handle;
  private final boolean readOnly;
  private final boolean postgres;
  private final WriteBehind waiting = new WriteBehind();
  private boolean open = true;
  private final Map<Class<?>, Object> daos = new HashMap<>();

  /** {@code postgres}: the database is PostgreSQL (else H2 in PostgreSQL mode), for the few statements that differ. */
  public JdbcSession(Handle handle, boolean readOnly, boolean postgres) {
    this.handle = handle;
    this.readOnly = readOnly;
    this.postgres = postgres;
    handle.addCustomizer(new Guard());
  }

  public void close() {
    open = false;
  }

  private Handle h() {
    if (!open) {
      throw new IllegalStateException("storage session used after its transaction ended");
    }
    return handle;
  }

  private Handle w() {
    if (readOnly) {
      throw new IllegalStateException("read-only session: writes are refused");
    }
    return h();
  }

  /**
   * The session's SQL Object of {@code type}, attached to its handle on first use. Attaching costs
   * Jdbi a copy of its configuration and a warm-up of every method, 5 to 20 µs and 15 to 45 KB per
   * DAO and transaction (a reserve through SQL Objects only allocated 352 KB instead of 187 KB), so
   * the tables every money command uses (users, orders, balances, ledger, audit, idempotency keys,
   * outbox) have plain DAO
   * classes on JDBC instead, made per call over {@link #h()} and {@link #w()}.
   */
  private <T> T dao(Class<T> type) {
    h();
    Object dao = daos.get(type);
    if (dao == null) {
      dao = handle.attach(type);
      daos.put(type, dao);
    }
    return type.cast(dao);
  }

  /**
   * Sees every statement made through Jdbi (all the SQL Objects' and every query) before it is
   * prepared: none runs after the transaction, and in a read-only session none but a plain SELECT
   * (no write, no row lock). Writes straight on JDBC ask {@link #w()} themselves.
   */
  private final class Guard implements StatementCustomizer {
    @Override
    public void beforeTemplating(PreparedStatement statement, StatementContext ctx) {
      h();
      if (readOnly) {
        String sql = ctx.getRawSql().stripLeading().toUpperCase(Locale.ROOT);
        if (!sql.startsWith("SELECT") || sql.contains(" FOR UPDATE")) {
          w();
        }
      }
    }
  }

  /**
   * Writes what the transaction holds back (see {@link WriteBehind}) as its last statement or
   * statements; returns whether it had events. On PostgreSQL everything goes in one statement, the
   * events to the pending table under one key drawn then (after the transaction has its id, which
   * the {@link OutboxSequencer} relies on), numbered after commit. On H2, embedded in one process,
   * the events are numbered here under the counter row's lock.
   */
  public boolean flushOutbox() {
    if (readOnly) {
      return false;
    }
    List<DomainEvent> events = waiting.takeEvents();
    boolean any = !events.isEmpty();
    if (postgres) {
      waiting.flushTogether(w(), any ? OutboxDao.pendingInsert(events) : null);
      return any;
    }
    waiting.flushLedger(w());
    waiting.flushAudit(w());
    waiting.flushResponses(w());
    if (any) {
      OutboxDao.numberAtCommit(w(), events);
    }
    return any;
  }

  @Override
  public UserRepository users() {
    return new UserDao(this::h, this::w);
  }

  @Override
  public WalletRepository wallets() {
    return dao(WalletDao.class);
  }

  @Override
  public BalanceRepository balances() {
    return new BalanceDao(this::h, this::w, postgres);
  }

  @Override
  public OrderRepository orders() {
    return new OrderDao(this::h, this::w, postgres);
  }

  @Override
  public EscrowRepository escrows() {
    return dao(EscrowDao.class);
  }

  @Override
  public DisputeRepository disputes() {
    return dao(DisputeDao.class);
  }

  @Override
  public WithdrawalRepository withdrawals() {
    return dao(WithdrawalDao.class);
  }

  @Override
  public TopUpRepository topUps() {
    return dao(TopUpDao.class);
  }

  @Override
  public WebhookInboxRepository webhookInbox() {
    return dao(WebhookInboxDao.class);
  }

  @Override
  public SettlementRepository settlements() {
    return dao(SettlementDao.class);
  }

  @Override
  public ApiKeyRepository apiKeys() {
    return dao(ApiKeyDao.class);
  }

  @Override
  public DepositRepository deposits() {
    return dao(DepositDao.class);
  }

  @Override
  public LedgerRepository ledger() {
    return new LedgerDao(() -> {
      waiting.flushLedger(h());
      return h();
    }, this::w, waiting);
  }

  @Override
  public OutboxRepository outbox() {
    return new OutboxDao(this::h, this::w, waiting);
  }

  @Override
  public IdempotencyRepository idempotency() {
    return new IdempotencyDao(() -> {
      waiting.flushResponses(h());
      return h();
    }, () -> {
      waiting.flushResponses(w());
      return w();
    }, waiting, postgres);
  }

  @Override
  public AuditRepository audit() {
    return new AuditDao(() -> {
      waiting.flushAudit(h());
      return h();
    }, this::w, waiting);
  }

  @Override
  public SagaRepository sagas() {
    return dao(SagaDao.class);
  }

  @Override
  public CursorRepository cursors() {
    return dao(CursorDao.class);
  }

  @Override
  public LeaseRepository leases() {
    return postgres ? dao(LeaseDao.Postgres.class) : dao(LeaseDao.H2.class);
  }

  @Override
  public PermitRepository permits() {
    return postgres ? dao(PermitDao.Postgres.class) : dao(PermitDao.H2.class);
  }
}

package com.offerhub.orchestrator.spi.storage;

/** The repositories of one transaction; valid only inside its {@link UnitOfWork} callback. */
public interface StorageSession {
  UserRepository users();

  WalletRepository wallets();

  BalanceRepository balances();

  OrderRepository orders();

  EscrowRepository escrows();

  DisputeRepository disputes();

  WithdrawalRepository withdrawals();

  TopUpRepository topUps();

  SettlementRepository settlements();

  ApiKeyRepository apiKeys();

  DepositRepository deposits();

  LedgerRepository ledger();

  OutboxRepository outbox();

  IdempotencyRepository idempotency();

  AuditRepository audit();

  SagaRepository sagas();

  CursorRepository cursors();

  LeaseRepository leases();

  PermitRepository permits();

  WebhookInboxRepository webhookInbox();
}

-- OFFER-HUB Orchestrator schema, version 1. The same script runs on PostgreSQL and on H2 in
-- PostgreSQL mode. Money is held as BIGINT stroops (1 USDC = 10^7), exact and CHECKed.
-- No foreign keys: the engine writes parents first, and PostgreSQL would take KEY SHARE locks on
-- hot parent rows (a busy buyer) for every child insert.

CREATE TABLE oh_users (
  id               VARCHAR(64)  PRIMARY KEY,
  external_user_id VARCHAR(200) NOT NULL UNIQUE,
  email            VARCHAR(254),
  type             VARCHAR(16)  NOT NULL,
  status           VARCHAR(32)  NOT NULL,
  airtm_user_id    VARCHAR(200),
  airtm_linked_at  TIMESTAMP WITH TIME ZONE,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oh_users_created ON oh_users (created_at, id);

CREATE TABLE oh_wallets (
  id               VARCHAR(64)  PRIMARY KEY,
  user_id          VARCHAR(64)  NOT NULL,
  public_key       VARCHAR(64)  NOT NULL UNIQUE,
  secret_encrypted VARCHAR(512),
  status           VARCHAR(32)  NOT NULL,
  is_primary       BOOLEAN      NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oh_wallets_user ON oh_wallets (user_id, is_primary);
CREATE INDEX oh_wallets_status ON oh_wallets (status, created_at);

CREATE TABLE oh_balances (
  user_id          VARCHAR(64)  PRIMARY KEY,
  available        BIGINT       NOT NULL CHECK (available >= 0),
  reserved         BIGINT       NOT NULL CHECK (reserved >= 0),
  currency         VARCHAR(10)  NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE oh_orders (
  id               VARCHAR(64)  PRIMARY KEY,
  client_order_ref VARCHAR(100) UNIQUE,
  buyer_id         VARCHAR(64)  NOT NULL,
  seller_id        VARCHAR(64)  NOT NULL,
  amount           BIGINT       NOT NULL CHECK (amount > 0),
  currency         VARCHAR(10)  NOT NULL,
  status           VARCHAR(32)  NOT NULL,
  title            VARCHAR(500) NOT NULL,
  description      VARCHAR(2000),
  metadata         VARCHAR(16384),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  CHECK (buyer_id <> seller_id)
);
CREATE INDEX oh_orders_buyer ON oh_orders (buyer_id, created_at);
CREATE INDEX oh_orders_seller ON oh_orders (seller_id, created_at);
CREATE INDEX oh_orders_status ON oh_orders (status, created_at);
CREATE INDEX oh_orders_created ON oh_orders (created_at, id);

CREATE TABLE oh_milestones (
  order_id         VARCHAR(64)  NOT NULL,
  position         INTEGER      NOT NULL,
  ref              VARCHAR(100) NOT NULL,
  title            VARCHAR(500) NOT NULL,
  amount           BIGINT       NOT NULL CHECK (amount > 0),
  status           VARCHAR(16)  NOT NULL,
  completed_at     TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (order_id, ref),
  UNIQUE (order_id, position)
);

CREATE TABLE oh_escrows (
  id                  VARCHAR(64) PRIMARY KEY,
  order_id            VARCHAR(64) NOT NULL UNIQUE,
  contract_id         VARCHAR(64) UNIQUE,
  status              VARCHAR(16) NOT NULL,
  amount              BIGINT      NOT NULL CHECK (amount > 0),
  platform_fee_bps    INTEGER     NOT NULL CHECK (platform_fee_bps BETWEEN 0 AND 10000),
  service_fee_bps     INTEGER     NOT NULL CHECK (service_fee_bps BETWEEN 0 AND 10000),
  milestones_required BOOLEAN     NOT NULL,
  funded_at           TIMESTAMP WITH TIME ZONE,
  released_at         TIMESTAMP WITH TIME ZONE,
  refunded_at         TIMESTAMP WITH TIME ZONE,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE oh_disputes (
  id               VARCHAR(64)  PRIMARY KEY,
  order_id         VARCHAR(64)  NOT NULL UNIQUE,
  opened_by        VARCHAR(16)  NOT NULL,
  reason           VARCHAR(32)  NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  decision         VARCHAR(16),
  decision_note    VARCHAR(2000),
  assigned_to      VARCHAR(200),
  release_amount   BIGINT CHECK (release_amount > 0),
  refund_amount    BIGINT CHECK (refund_amount > 0),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oh_disputes_created ON oh_disputes (created_at, id);

CREATE TABLE oh_dispute_evidence (
  dispute_id       VARCHAR(64)  NOT NULL,
  position         INTEGER      NOT NULL,
  item             VARCHAR(2000) NOT NULL,
  PRIMARY KEY (dispute_id, position)
);

CREATE TABLE oh_withdrawals (
  id               VARCHAR(64)  PRIMARY KEY,
  user_id          VARCHAR(64)  NOT NULL,
  amount           BIGINT       NOT NULL CHECK (amount > 0),
  currency         VARCHAR(10)  NOT NULL,
  status           VARCHAR(40)  NOT NULL,
  destination_type VARCHAR(16)  NOT NULL,
  destination_ref  VARCHAR(200) NOT NULL,
  provider_ref     VARCHAR(200),
  transaction_hash VARCHAR(128),
  failure_reason   VARCHAR(2000),
  description      VARCHAR(2000),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oh_withdrawals_user ON oh_withdrawals (user_id, created_at);

CREATE TABLE oh_topups (
  id               VARCHAR(64)  PRIMARY KEY,
  user_id          VARCHAR(64)  NOT NULL,
  amount           BIGINT       NOT NULL CHECK (amount > 0),
  currency         VARCHAR(10)  NOT NULL,
  status           VARCHAR(40)  NOT NULL,
  confirmation_uri VARCHAR(2000),
  provider_ref     VARCHAR(200) UNIQUE,
  description      VARCHAR(2000),
  failure_reason   VARCHAR(2000),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oh_topups_user ON oh_topups (user_id, created_at);

CREATE TABLE oh_api_keys (
  id               VARCHAR(64)  PRIMARY KEY,
  name             VARCHAR(200) NOT NULL,
  hashed_key       VARCHAR(64)  NOT NULL UNIQUE,
  salt             VARCHAR(64)  NOT NULL,
  scopes           VARCHAR(200) NOT NULL,
  marketplace_id   VARCHAR(200),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at     TIMESTAMP WITH TIME ZONE,
  revoked_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX oh_api_keys_created ON oh_api_keys (created_at, id);

CREATE TABLE oh_deposits (
  transaction_hash VARCHAR(128) NOT NULL,
  operation_index  INTEGER      NOT NULL,
  user_id          VARCHAR(64)  NOT NULL,
  wallet_address   VARCHAR(64),
  amount           BIGINT       NOT NULL CHECK (amount > 0),
  source           VARCHAR(40)  NOT NULL,
  credited_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (transaction_hash, operation_index)
);

CREATE TABLE oh_ledger_postings (
  seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id               VARCHAR(64)  NOT NULL UNIQUE,
  kind             VARCHAR(40)  NOT NULL,
  reference        VARCHAR(200),
  posted_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE oh_ledger_entries (
  posting_seq      BIGINT       NOT NULL,
  position         INTEGER      NOT NULL,
  account          VARCHAR(200) NOT NULL,
  amount           BIGINT       NOT NULL CHECK (amount <> 0),
  PRIMARY KEY (posting_seq, position)
);
CREATE INDEX oh_ledger_entries_account ON oh_ledger_entries (account);

-- One row: the last outbox sequence. Locking it right before commit orders sequences by commit.
CREATE TABLE oh_outbox_sequence (
  id               INTEGER      PRIMARY KEY CHECK (id = 1),
  last_sequence    BIGINT       NOT NULL
);
INSERT INTO oh_outbox_sequence (id, last_sequence) VALUES (1, 0);

CREATE TABLE oh_outbox (
  sequence         BIGINT       PRIMARY KEY,
  event_id         VARCHAR(64)  NOT NULL UNIQUE,
  event_type       VARCHAR(100) NOT NULL,
  occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  aggregate_id     VARCHAR(64)  NOT NULL,
  aggregate_type   VARCHAR(40)  NOT NULL,
  payload          VARCHAR(65536) NOT NULL,
  metadata         VARCHAR(4096) NOT NULL
);
CREATE INDEX oh_outbox_occurred ON oh_outbox (occurred_at);

CREATE TABLE oh_idempotency_keys (
  scope            VARCHAR(200) NOT NULL,
  idem_key         VARCHAR(128) NOT NULL,
  fingerprint      VARCHAR(64)  NOT NULL,
  response         BYTEA,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (scope, idem_key)
);
CREATE INDEX oh_idempotency_expires ON oh_idempotency_keys (expires_at);

CREATE TABLE oh_audit_log (
  seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id               VARCHAR(64)  NOT NULL UNIQUE,
  occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  marketplace_id   VARCHAR(200) NOT NULL,
  user_id          VARCHAR(64),
  action           VARCHAR(100) NOT NULL,
  resource_type    VARCHAR(40)  NOT NULL,
  resource_id      VARCHAR(200) NOT NULL,
  payload_before   VARCHAR(8192) NOT NULL,
  payload_after    VARCHAR(8192) NOT NULL,
  actor_type       VARCHAR(40),
  actor_id         VARCHAR(200),
  result           VARCHAR(40),
  error            VARCHAR(2000),
  idempotency_key  VARCHAR(128)
);
CREATE INDEX oh_audit_resource ON oh_audit_log (resource_id, occurred_at);
CREATE INDEX oh_audit_user ON oh_audit_log (user_id, occurred_at);
CREATE INDEX oh_audit_action ON oh_audit_log (action, occurred_at);
CREATE INDEX oh_audit_occurred ON oh_audit_log (occurred_at);

CREATE TABLE oh_sagas (
  id               VARCHAR(64)  PRIMARY KEY,
  kind             VARCHAR(40)  NOT NULL,
  subject_id       VARCHAR(64)  NOT NULL,
  state            VARCHAR(16)  NOT NULL,
  steps            VARCHAR(65536) NOT NULL,
  data             VARCHAR(4096) NOT NULL,
  failure          VARCHAR(2000),
  next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oh_sagas_due ON oh_sagas (state, next_attempt_at);
CREATE INDEX oh_sagas_subject ON oh_sagas (subject_id, state);

CREATE TABLE oh_chain_cursors (
  name             VARCHAR(100) PRIMARY KEY,
  position         VARCHAR(200) NOT NULL
);

-- Fiat payments get their own settlement schedule (review of issue 8 items 1-4): the background
-- runner no longer claims a withdrawal or top-up by touching its updated_at. One row per fiat
-- withdrawal or top-up the provider may not have finished with: due_at is when a runner may next
-- ask (while claimed, the end of the claim's lease), attempts how many asks in a row brought nothing.
CREATE TABLE oh_fiat_settlements (
  payment_id VARCHAR(64) PRIMARY KEY,
  kind       VARCHAR(16) NOT NULL,
  due_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  attempts   INTEGER DEFAULT 0 NOT NULL
);
CREATE INDEX oh_fiat_settlements_due ON oh_fiat_settlements (due_at);

INSERT INTO oh_fiat_settlements (payment_id, kind, due_at, attempts)
  SELECT id, 'PAYOUT', updated_at, 0 FROM oh_withdrawals
  WHERE destination_type <> 'CRYPTO'
    AND status NOT IN ('WITHDRAWAL_COMPLETED', 'WITHDRAWAL_FAILED', 'WITHDRAWAL_CANCELED');
INSERT INTO oh_fiat_settlements (payment_id, kind, due_at, attempts)
  SELECT id, 'PAYIN', updated_at, 0 FROM oh_topups
  WHERE status NOT IN ('TOPUP_SUCCEEDED', 'TOPUP_FAILED', 'TOPUP_CANCELED');

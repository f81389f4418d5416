-- AirTM mode (issue 10, ARCHITECTURE rule 11): an escrow funded by the platform treasury wallet
-- (for a buyer whose balance is USD held at AirTM) and paying out to it names the treasury user;
-- NULL means the buyer's own wallet funds it and the parties' wallets receive the payouts.
ALTER TABLE oh_escrows ADD COLUMN treasury_user_id VARCHAR(64);

-- Provider webhooks received (spec/06 §8.3): one row per message id, written before processing, so
-- a redelivery is recognised and answered as a duplicate.
CREATE TABLE oh_webhook_inbox (
  provider     VARCHAR(32)  NOT NULL,
  message_id   VARCHAR(200) NOT NULL,
  event_type   VARCHAR(100) NOT NULL,
  object_id    VARCHAR(200),
  object_code  VARCHAR(200),
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  processed_at TIMESTAMP WITH TIME ZONE,
  outcome      VARCHAR(200),
  PRIMARY KEY (provider, message_id)
);

-- Event sequences off the commit path (issue 11 item 1, ARCHITECTURE rule 7). On PostgreSQL a
-- command appends its events here, under one key drawn at the end of its transaction (and each
-- event's position in it), without
-- touching any shared row. One sequencer at a time (under an advisory lock) moves committed rows
-- to oh_outbox in key order and gives them their gap-free sequences; it never passes a key that a
-- transaction still in flight may hold. H2, embedded in one process, numbers events at commit and
-- leaves this table empty.
CREATE SEQUENCE oh_outbox_pending_key START WITH 1 INCREMENT BY 1 CACHE 1;

CREATE TABLE oh_outbox_pending (
  pending_key      BIGINT       NOT NULL,
  position         INTEGER      NOT NULL,
  writer_xid       BIGINT       NOT NULL,
  event_id         VARCHAR(64)  NOT NULL,
  event_type       VARCHAR(100) NOT NULL,
  occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  aggregate_id     VARCHAR(64)  NOT NULL,
  aggregate_type   VARCHAR(40)  NOT NULL,
  payload          VARCHAR(65536) NOT NULL,
  metadata         VARCHAR(4096) NOT NULL,
  PRIMARY KEY (pending_key, position)
);

-- The last pending key the sequencer has moved (or proved that no transaction will ever commit).
ALTER TABLE oh_outbox_sequence ADD COLUMN last_key BIGINT NOT NULL DEFAULT 0;

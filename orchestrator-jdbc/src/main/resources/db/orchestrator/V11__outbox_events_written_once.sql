-- Events are written once (issue 11). Commands keep appending their events under one key per
-- transaction, to the table V10 made for them, now named for what it holds for good. The
-- sequencer no longer copies each event to a second table: it writes only its number, a narrow
-- row in oh_outbox_numbers (sequence -> key, position). Reads join the two. Events numbered before
-- this migration move here once, under keys below any key a transaction can draw, in their order.
ALTER TABLE oh_outbox_pending RENAME TO oh_outbox_events;
ALTER TABLE oh_outbox_events ADD CONSTRAINT oh_outbox_events_event_id UNIQUE (event_id);
CREATE INDEX oh_outbox_events_occurred ON oh_outbox_events (occurred_at);

CREATE TABLE oh_outbox_numbers (
  sequence         BIGINT       PRIMARY KEY,
  pending_key      BIGINT       NOT NULL,
  position         INTEGER      NOT NULL
);

INSERT INTO oh_outbox_events (pending_key, position, writer_xid, event_id, event_type, occurred_at, aggregate_id,
    aggregate_type, payload, metadata)
  SELECT sequence - 4611686018427387904, 0, 0, event_id, event_type, occurred_at, aggregate_id, aggregate_type,
    payload, metadata FROM oh_outbox;
INSERT INTO oh_outbox_numbers (sequence, pending_key, position)
  SELECT sequence, sequence - 4611686018427387904, 0 FROM oh_outbox;
DROP TABLE oh_outbox;

-- Saga steps are written with a compare-and-set on version; the runner holding the lease is named
-- so that a runner whose lease lapsed and was taken over cannot write a step (issue 8, item 7).
ALTER TABLE oh_sagas ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE oh_sagas ADD COLUMN lease_owner VARCHAR(64);

-- Saga administration and monitoring (issue 12): sagas are listed newest first by
-- (created_at DESC, id DESC), optionally of one state, and the health status reads how many are
-- PENDING and the oldest one's created_at. Both are answered from these indexes.
CREATE INDEX oh_sagas_state_keyset ON oh_sagas (state, created_at, id);
CREATE INDEX oh_sagas_created ON oh_sagas (created_at, id);

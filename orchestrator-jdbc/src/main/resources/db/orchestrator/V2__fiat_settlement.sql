-- The background runner settles fiat payouts and pay-ins the provider has not finished with
-- (issue 8, Money 1-4): it looks for non-terminal rows by status, least recently updated first.
CREATE INDEX oh_withdrawals_status ON oh_withdrawals (status, updated_at);
CREATE INDEX oh_topups_status ON oh_topups (status, updated_at);

-- AirTM (issue 10, spec/06 §7): the e-mail of the linked AirTM account. AirTM has no lookup by id and
-- addresses payouts by e-mail, so the link keeps the e-mail it was verified with.
ALTER TABLE oh_users ADD COLUMN airtm_email VARCHAR(320);

-- Item 6 of issue 8: the account or contract that paid a credited deposit, as the chain reported it
-- (null for deposits credited before this column existed, or when the chain did not say).
ALTER TABLE oh_deposits ADD COLUMN sender VARCHAR(128);

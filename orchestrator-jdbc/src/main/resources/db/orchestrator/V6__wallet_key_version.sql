-- Key custody (issue 9 item 6, spec/04 §3.1 and §3.5): the key version each wallet secret is sealed
-- with, so the re-encryption job finds the rows of older versions by index and the operator can
-- count rows per version before dropping one. Existing rows get the version their format names:
-- 'v<n>:...' is version v<n>, the reference's 'hex:hex:hex' layout is 'legacy'. NULL means not
-- recorded (rows written by an older engine or imported by hand); the job classifies those.
ALTER TABLE oh_wallets ADD COLUMN key_version VARCHAR(32);

UPDATE oh_wallets SET key_version = CASE
    WHEN secret_encrypted LIKE 'v%:%' THEN SUBSTRING(secret_encrypted FROM 1 FOR POSITION(':' IN secret_encrypted) - 1)
    ELSE 'legacy'
  END
  WHERE secret_encrypted IS NOT NULL;

CREATE INDEX oh_wallets_key_version ON oh_wallets (key_version, id);

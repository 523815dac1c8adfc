-- The ledger learns two outcomes: 'deferred' (a temporary refusal that outlasted the retries;
-- rerun picks it up) and 'bounced' (the server refused the recipient for good).
ALTER TABLE delivery DROP CONSTRAINT delivery_state_check;
ALTER TABLE delivery ADD CONSTRAINT delivery_state_ck
    CHECK (state IN ('delivered', 'deferred', 'bounced', 'failed', 'skipped'));

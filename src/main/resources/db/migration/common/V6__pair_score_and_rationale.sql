-- Each chosen pair keeps the score that ranked it and the one line that says why it was chosen,
-- as the email shows it (tool names of up to 300 characters appear in it, one of them twice). Pairs frozen before this version have score 0 and no rationale.
ALTER TABLE issue_pair ADD COLUMN score DOUBLE PRECISION DEFAULT 0 NOT NULL;
ALTER TABLE issue_pair ADD COLUMN rationale VARCHAR(2000);

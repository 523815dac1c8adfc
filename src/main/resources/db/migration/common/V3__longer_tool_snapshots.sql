-- A tool may hold about 55,000 characters of text; its JSON snapshot can be twice that once
-- quotes and backslashes are escaped. Both H2 and PostgreSQL accept SET DATA TYPE.
ALTER TABLE issue_tool ALTER COLUMN snapshot SET DATA TYPE VARCHAR(1000000);

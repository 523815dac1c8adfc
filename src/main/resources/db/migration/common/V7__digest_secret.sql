-- Secrets the job generates for itself. Only the quick-start (demo) database uses it: there the
-- unsubscribe secret is made up on first use and kept, so that links stay valid across runs.
-- Everywhere else digest.unsubscribe.secret must be set; a missing one stops the job at start-up.
CREATE TABLE digest_secret (
    name    VARCHAR(100) NOT NULL PRIMARY KEY,
    secret  VARCHAR(200) NOT NULL
);

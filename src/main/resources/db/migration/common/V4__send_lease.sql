-- Who is sending a week right now. One row per week being sent; the holder refreshes
-- heartbeat_at every few seconds and deletes the row when done. A second send of the same week,
-- from this machine or another sharing the database, finds the row and stops (exit 4), unless
-- the holder is gone: its heartbeat is older than digest.lease-timeout, or it was a process on
-- this host that no longer exists (kill -9). Only then may the job execution it left STARTED be
-- recovered and resumed.
CREATE TABLE send_lease (
    week          VARCHAR(8)   NOT NULL PRIMARY KEY,
    owner         VARCHAR(300) NOT NULL,
    acquired_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

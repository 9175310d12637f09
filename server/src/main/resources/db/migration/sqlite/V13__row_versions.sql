-- Issue 19: every write to a user or an app adds one to its version, so a change under If-Match
-- is one compare-and-set in the store (UPDATE … WHERE version = the version read): of two
-- changes made against the same ETag, on one node or on two behind one database, one applies.
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE apps ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

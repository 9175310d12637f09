-- Issue 18: "My sessions" shows where each login came from and when it was last used, "My apps"
-- when each app was. last_used_at is written in batches from memory (to the minute), not by
-- every API call.
ALTER TABLE token_families ADD COLUMN address TEXT CHECK (length(address) <= 45);
ALTER TABLE token_families ADD COLUMN last_used_at INTEGER;
ALTER TABLE apps ADD COLUMN last_used_at INTEGER;

-- Issue 18: the audit trail in the store: logins (web and grant), failed logins, apps registered,
-- secrets rotated, sessions ended, consents given and revoked. Never a secret. No foreign keys:
-- an event outlives the user or app it names, until the retention setting purges it.
CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL,
    user_id    INTEGER,
    login      TEXT    CHECK (length(login) <= 100),
    client_id  TEXT    CHECK (length(client_id) <= 32),
    kind       TEXT    NOT NULL CHECK (length(kind) <= 32),
    detail     TEXT    CHECK (length(detail) <= 64),
    outcome    TEXT    NOT NULL CHECK (length(outcome) <= 32),
    address    TEXT    NOT NULL CHECK (length(address) <= 45),
    at         INTEGER NOT NULL
) STRICT;

CREATE INDEX audit_events_user ON audit_events (tenant_id, user_id, at);
CREATE INDEX audit_events_login ON audit_events (tenant_id, login, at);
CREATE INDEX audit_events_at ON audit_events (at);

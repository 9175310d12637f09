-- Issue 18: an app's secret rotated with an overlap window. The old secret's keyed hash keeps
-- working until valid_until, so a running integration is not cut off; one row per app at most.
CREATE TABLE app_previous_secrets (
    app_id       INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    secret_hash  TEXT    NOT NULL CHECK (length(secret_hash) <= 64),
    valid_until  INTEGER NOT NULL
) STRICT;

-- Issue 18: an app's secret rotated with an overlap window. The old secret's keyed hash keeps
-- working until valid_until, so a running integration is not cut off; one row per app at most.
CREATE TABLE app_previous_secrets (
    app_id       BIGINT      PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    tenant_id    BIGINT      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    secret_hash  VARCHAR(64) NOT NULL,
    valid_until  BIGINT      NOT NULL
);

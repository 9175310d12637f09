-- Authorization codes (RFC 6749 §4.1) and the consents behind them; as ../postgresql/V3.

-- A code by the SHA-256 of its value (hex); the value itself is never stored. Bound to the
-- customer, app, user, redirect URL and PKCE challenge of the authorization request.
CREATE TABLE authorization_codes (
    hash                   TEXT    PRIMARY KEY CHECK (length(hash) = 64),
    tenant_id              INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    app_id                 INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id                INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri           TEXT    NOT NULL CHECK (length(redirect_uri) <= 4000),
    -- RFC 6749 §4.1.3: redirect_uri is required at the token endpoint only when it was sent here
    redirect_uri_given     INTEGER NOT NULL CHECK (redirect_uri_given IN (0, 1)),
    scope                  TEXT    NOT NULL CHECK (length(scope) <= 100),
    code_challenge         TEXT    CHECK (length(code_challenge) <= 128),
    code_challenge_method  TEXT    CHECK (length(code_challenge_method) <= 8),
    created_at             INTEGER NOT NULL,
    expires_at             INTEGER NOT NULL,
    -- set once, by the one exchange that wins (UPDATE ... WHERE used_at IS NULL)
    used_at                INTEGER,
    -- set when a used code comes back: the family it produced must die (RFC 6749 §4.1.2)
    replayed_at            INTEGER,
    family_id              INTEGER REFERENCES token_families (id) ON DELETE SET NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX authorization_codes_expires ON authorization_codes (expires_at);
CREATE INDEX authorization_codes_user_app ON authorization_codes (tenant_id, user_id, app_id);

-- A user's "Allow" for one app: remembered until revoked. One row per user and app; granting
-- again after a revocation clears revoked_at.
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    granted_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    CONSTRAINT consents_user_app_unique UNIQUE (tenant_id, user_id, app_id)
) STRICT;
CREATE INDEX consents_app ON consents (app_id);

-- Issue 18: logins of the PBX web pages (/login, /app/register, /account/*), in the store so that
-- any node serves any page and a logout ends the session everywhere. Keyed by the SHA-256 of the
-- cookie's random id: the id itself is never stored. user_stamp is a keyed hash of the user's
-- password hash at login, so a new password ends the session.
CREATE TABLE web_sessions (
    id_hash       TEXT    PRIMARY KEY CHECK (length(id_hash) <= 64),
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_stamp    TEXT    NOT NULL CHECK (length(user_stamp) <= 64),
    address       TEXT    NOT NULL CHECK (length(address) <= 45),
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX web_sessions_user ON web_sessions (tenant_id, user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

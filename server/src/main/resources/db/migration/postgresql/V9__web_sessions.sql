-- Issue 18: logins of the PBX web pages (/login, /app/register, /account/*), in the store so that
-- any node serves any page and a logout ends the session everywhere. Keyed by the SHA-256 of the
-- cookie's random id: the id itself is never stored. user_stamp is a keyed hash of the user's
-- password hash at login, so a new password ends the session.
CREATE TABLE web_sessions (
    id_hash       VARCHAR(64)  PRIMARY KEY,
    tenant_id     BIGINT       NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id       BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_stamp    VARCHAR(64)  NOT NULL,
    address       VARCHAR(45)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    last_seen_at  BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL
);

CREATE INDEX web_sessions_user ON web_sessions (tenant_id, user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

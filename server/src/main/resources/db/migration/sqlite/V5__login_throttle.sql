-- Password-guessing throttle (RFC 6819 §4.4.3.6, OWASP); as ../postgresql/V5.
CREATE TABLE login_failures (
    tenant_id        INTEGER NOT NULL,
    login            TEXT    NOT NULL CHECK (length(login) <= 100),
    address          TEXT    NOT NULL CHECK (length(address) <= 64),
    failures         INTEGER NOT NULL,
    last_failure_at  INTEGER NOT NULL,
    next_allowed_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, login, address)
) STRICT, WITHOUT ROWID;

-- Addresses from which an account logged in successfully: not held back by others' failures.
CREATE TABLE known_addresses (
    tenant_id        INTEGER NOT NULL,
    login            TEXT    NOT NULL CHECK (length(login) <= 100),
    address          TEXT    NOT NULL CHECK (length(address) <= 64),
    last_success_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, login, address)
) STRICT, WITHOUT ROWID;

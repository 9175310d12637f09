-- Password-guessing throttle (RFC 6819 §4.4.3.6, OWASP): failures per account and client
-- address, and per account overall (address '*'); in the store so every node sees them.
CREATE TABLE login_failures (
    tenant_id        BIGINT       NOT NULL,
    login            VARCHAR(100) NOT NULL,
    address          VARCHAR(64)  NOT NULL,
    failures         INT          NOT NULL,
    last_failure_at  BIGINT       NOT NULL,
    next_allowed_at  BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, login, address)
);

-- Addresses from which an account logged in successfully: not held back by others' failures.
CREATE TABLE known_addresses (
    tenant_id        BIGINT       NOT NULL,
    login            VARCHAR(100) NOT NULL,
    address          VARCHAR(64)  NOT NULL,
    last_success_at  BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, login, address)
);

-- pbx-auth schema, version 1, in SQLite's dialect: the tables, columns and indexes of
-- ../postgresql/V1 (SchemaParityTest compares the two). Times are epoch milliseconds from the
-- server's injected clock. STRICT tables check each value's type as PostgreSQL does; the CHECKs
-- stand for PostgreSQL's VARCHAR(n) lengths and BOOLEAN. Identity columns are AUTOINCREMENT, so an
-- id is never handed out twice, even after its row is deleted, as PostgreSQL's identities never are.
-- Tables keyed by a hash or a name are WITHOUT ROWID: the row lives in its key's B-tree, one tree
-- fewer to write per insert than a rowid table with a unique index beside it.

CREATE TABLE tenants (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL CHECK (length(name) <= 200),
    created_at  INTEGER NOT NULL,
    CONSTRAINT tenants_name_unique UNIQUE (name)
) STRICT;

CREATE TABLE tenant_hostnames (
    hostname    TEXT    PRIMARY KEY CHECK (length(hostname) <= 253),
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id           INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    login               TEXT    NOT NULL CHECK (length(login) <= 100),
    password_hash       TEXT    NOT NULL CHECK (length(password_hash) <= 255),
    level               TEXT    NOT NULL CHECK (length(level) <= 20),
    admin               INTEGER NOT NULL CHECK (admin IN (0, 1)),
    blocked             INTEGER NOT NULL CHECK (blocked IN (0, 1)),
    timezone            TEXT    NOT NULL CHECK (length(timezone) <= 64),
    extension_id        INTEGER,
    extension_group_id  INTEGER,
    created_at          INTEGER NOT NULL,
    CONSTRAINT users_login_unique UNIQUE (tenant_id, login)
) STRICT;

CREATE TABLE apps (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    client_id       TEXT    NOT NULL CHECK (length(client_id) <= 32),
    secret_hash     TEXT    NOT NULL CHECK (length(secret_hash) <= 64),
    name            TEXT    NOT NULL CHECK (length(name) <= 200),
    type            TEXT    NOT NULL CHECK (length(type) <= 32),
    access          TEXT    NOT NULL CHECK (length(access) <= 16),
    redirect_uris   TEXT    NOT NULL CHECK (length(redirect_uris) <= 4000),
    owner_user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    CONSTRAINT apps_client_id_unique UNIQUE (client_id)
) STRICT;

-- One login (a password grant, a code exchange, a client-credentials call): every token born
-- of it belongs to its family and is revoked with it.
CREATE TABLE token_families (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    access      TEXT    NOT NULL CHECK (length(access) <= 16),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
) STRICT;
CREATE INDEX token_families_user ON token_families (tenant_id, user_id);
CREATE INDEX token_families_app ON token_families (app_id);

-- Tokens by the SHA-256 of their value (hex); the value itself is never stored.
CREATE TABLE tokens (
    hash        TEXT    PRIMARY KEY CHECK (length(hash) = 64),
    kind        TEXT    NOT NULL CHECK (length(kind) <= 8),
    family_id   INTEGER NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    tenant_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    app_id      INTEGER NOT NULL,
    access      TEXT    NOT NULL CHECK (length(access) <= 16),
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX tokens_family ON tokens (family_id);
CREATE INDEX tokens_expires ON tokens (expires_at);

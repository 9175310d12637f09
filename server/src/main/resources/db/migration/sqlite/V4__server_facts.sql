-- Facts of the installation that every node must agree on; as ../postgresql/V4.
CREATE TABLE server_facts (
    name   TEXT PRIMARY KEY CHECK (length(name) <= 64),
    fact   TEXT NOT NULL CHECK (length(fact) <= 256)
) STRICT, WITHOUT ROWID;

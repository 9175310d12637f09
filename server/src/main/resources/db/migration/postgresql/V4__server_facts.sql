-- Facts of the installation that every node must agree on; today the check value of the
-- server key, so a node started with another key refuses to start instead of rejecting apps.
CREATE TABLE server_facts (
    name   VARCHAR(64)  PRIMARY KEY,
    fact   VARCHAR(256) NOT NULL
);

-- Hourly API request counts per customer and per app, shared by all nodes; as ../postgresql/V6.
CREATE TABLE api_usage (
    scope      TEXT    NOT NULL CHECK (length(scope) <= 64),
    epoch_hour INTEGER NOT NULL,
    used       INTEGER NOT NULL,
    PRIMARY KEY (scope, epoch_hour)
) STRICT, WITHOUT ROWID;

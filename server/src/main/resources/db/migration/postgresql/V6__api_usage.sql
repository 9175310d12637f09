-- Hourly API request counts per customer and per app, shared by all nodes.
CREATE TABLE api_usage (
    scope   VARCHAR(64) NOT NULL,
    epoch_hour BIGINT   NOT NULL,
    used    BIGINT      NOT NULL,
    PRIMARY KEY (scope, epoch_hour)
);

-- Issue 19: a customer's administrator disables an app (its tokens stop working at once and it
-- gets no new ones) and sets hourly API limits for the customer and each app (NULL: the
-- server's settings rate.api-per-customer-hour and rate.api-per-app-hour).
ALTER TABLE apps ADD COLUMN disabled_at INTEGER;
ALTER TABLE apps ADD COLUMN api_limit_per_hour INTEGER CHECK (api_limit_per_hour >= 0);
ALTER TABLE tenants ADD COLUMN api_limit_per_hour INTEGER CHECK (api_limit_per_hour >= 0);
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, id);

-- Refresh-token rotation (RFC 9700 §4.14.2): a refresh token is spent on first use; a spent
-- token presented again after the grace window revokes its family. As ../postgresql/V2.
ALTER TABLE tokens ADD COLUMN spent_at INTEGER;
CREATE INDEX tokens_user ON tokens (tenant_id, user_id);
CREATE INDEX tokens_app ON tokens (app_id);

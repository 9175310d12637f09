-- Issue 17: a customer's stated public base URL (https://pbx.example.com), used as its issuer and
-- for every URL and cookie of ours when set, instead of what the request or its proxy says.
ALTER TABLE tenants ADD COLUMN public_url VARCHAR(255);

-- API tokens can be read-only and can expire (audit issue 8). Existing tokens keep acting as
-- before: read_write, no expiry. Plain ADD COLUMN statements, portable to PostgreSQL.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read_write' CHECK (scope IN ('read', 'read_write'));
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

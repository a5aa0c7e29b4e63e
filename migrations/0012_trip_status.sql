-- Trips inferred from files (source 'import') or trackers (source 'tracker') are guesses until
-- the commuter confirms or corrects them (issue 12). Unconfirmed trips stay out of the rollups
-- that every indicator reads; confirming one adds it. Trips that existed before were entered
-- by people and are confirmed. Plain ADD COLUMN statements, portable to PostgreSQL.
ALTER TABLE trips ADD COLUMN status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'unconfirmed'));
-- Where an inferred trip came from: 'file:<sha-256 of the file, hex>' for imports, the device
-- id for trackers; NULL for trips entered by people.
ALTER TABLE trips ADD COLUMN origin TEXT CHECK (origin IS NULL OR length(origin) <= 100);
ALTER TABLE trips ADD COLUMN confirmed_at TEXT;
-- The commuter app's "to confirm" list and the unconfirmed counts of indicators.
CREATE INDEX trips_status_commuter ON trips (status, commuter_id, started_at);

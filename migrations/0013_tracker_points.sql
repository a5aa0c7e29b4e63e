-- Tracker devices and their raw points (issue 12). The devices table of 0001 allowed no
-- 'gpslogger' kind and a CHECK cannot be altered in SQLite, so the table is rebuilt (nothing
-- references it yet). processed_until: points up to this instant have become trips; the next
-- run segments what follows, so a trip is written once.
CREATE TABLE tracker_devices_0013 (
  id TEXT PRIMARY KEY,
  commuter_id TEXT NOT NULL REFERENCES commuters (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind TEXT NOT NULL CHECK (kind IN ('owntracks', 'osmand', 'gpslogger', 'traccar', 'other')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT,
  processed_until_ms BIGINT
);
INSERT INTO tracker_devices_0013 (id, commuter_id, name, kind, token_hash, created_at, last_seen_at, revoked_at)
  SELECT id, commuter_id, substr(name, 1, 100), kind, token_hash, created_at, last_seen_at, revoked_at FROM tracker_devices WHERE length(name) >= 1;
DROP TABLE tracker_devices;
ALTER TABLE tracker_devices_0013 RENAME TO tracker_devices;
CREATE INDEX tracker_devices_commuter ON tracker_devices (commuter_id);

-- One row per device and instant: a phone that resends a batch stores nothing twice.
CREATE TABLE track_points (
  device_id TEXT NOT NULL REFERENCES tracker_devices (id) ON DELETE CASCADE,
  t_ms BIGINT NOT NULL,
  lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),
  accuracy_m DOUBLE PRECISION,
  speed_mps DOUBLE PRECISION,
  altitude_m DOUBLE PRECISION,
  hint_mode TEXT,
  hint_confidence DOUBLE PRECISION,
  hint_source TEXT,
  received_at_ms BIGINT NOT NULL,
  PRIMARY KEY (device_id, t_ms)
);
-- Retention deletes by arrival time.
CREATE INDEX track_points_received ON track_points (received_at_ms);

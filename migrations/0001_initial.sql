-- Modeshift initial schema. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Timestamps are ISO 8601 UTC text ('2011-03-01T06:45:00.000Z'), which sorts in time order on
-- both engines; local days are 'YYYY-MM-DD' in the partner's time zone. Booleans are 0/1.
-- The mode lists below must match server/domain/modes.ts (a test checks it).

CREATE TABLE partners (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  country TEXT NOT NULL CHECK (length(country) = 2),
  timezone TEXT NOT NULL,
  locale TEXT NOT NULL,
  center_lon DOUBLE PRECISION NOT NULL CHECK (center_lon BETWEEN -180 AND 180),
  center_lat DOUBLE PRECISION NOT NULL CHECK (center_lat BETWEEN -90 AND 90),
  factor_set_id TEXT NOT NULL DEFAULT 'desnz-2025-direct',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sites (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  partner_id TEXT NOT NULL REFERENCES partners (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind TEXT NOT NULL DEFAULT 'workplace' CHECK (kind IN ('workplace', 'school', 'other')),
  lon DOUBLE PRECISION CHECK (lon BETWEEN -180 AND 180),
  lat DOUBLE PRECISION CHECK (lat BETWEEN -90 AND 90),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX sites_partner ON sites (partner_id);

CREATE TABLE commuters (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  partner_id TEXT NOT NULL REFERENCES partners (id),
  site_id TEXT REFERENCES sites (id),
  age_band TEXT CHECK (age_band IN ('<20', '20-29', '30-39', '40-49', '50-59', '60-64', '65-74', '75+')),
  weight_kg DOUBLE PRECISION CHECK (weight_kg > 20 AND weight_kg < 300),
  joined_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX commuters_partner ON commuters (partner_id, site_id);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('commuter', 'staff', 'analyst', 'admin')),
  partner_id TEXT REFERENCES partners (id),
  commuter_id TEXT UNIQUE REFERENCES commuters (id) ON DELETE CASCADE,
  display_name TEXT,
  locale TEXT,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- staff belong to one partner; a commuter account is tied to its commuter profile.
  CHECK (role <> 'staff' OR partner_id IS NOT NULL),
  CHECK (role <> 'commuter' OR commuter_id IS NOT NULL),
  CHECK (role = 'commuter' OR commuter_id IS NULL),
  CHECK (role <> 'admin' OR partner_id IS NULL)
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY, -- sha256 of the token: a leaked table does not leak sessions
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);

CREATE TABLE tracker_devices (
  id TEXT PRIMARY KEY,
  commuter_id TEXT NOT NULL REFERENCES commuters (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('owntracks', 'osmand', 'traccar', 'other')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT
);

CREATE TABLE surveys (
  id TEXT PRIMARY KEY,
  commuter_id TEXT NOT NULL REFERENCES commuters (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('baseline', 'followup')),
  taken_on TEXT NOT NULL,
  usual_mode TEXT NOT NULL CHECK (usual_mode IN ('walk', 'bike', 'ebike', 'bus', 'tram', 'metro', 'train', 'car_driver', 'car_passenger', 'motorbike', 'other')),
  -- JSON array of {mode, distanceKm} one-way legs, when the commuter gave them
  usual_legs TEXT,
  one_way_km DOUBLE PRECISION NOT NULL CHECK (one_way_km > 0 AND one_way_km <= 300),
  days_per_week DOUBLE PRECISION NOT NULL CHECK (days_per_week >= 0 AND days_per_week <= 7),
  created_at TEXT NOT NULL
);
CREATE INDEX surveys_commuter ON surveys (commuter_id, kind, taken_on);

CREATE TABLE trips (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  commuter_id TEXT NOT NULL REFERENCES commuters (id) ON DELETE CASCADE,
  -- copied from the commuter at write time so that dashboards never need a join
  partner_id TEXT NOT NULL REFERENCES partners (id),
  site_id TEXT REFERENCES sites (id),
  started_at TEXT NOT NULL,
  ended_at TEXT,
  local_day TEXT NOT NULL,
  purpose TEXT CHECK (purpose IN ('commute', 'business', 'education', 'errand', 'leisure', 'other')),
  replaced_mode TEXT CHECK (replaced_mode IN ('walk', 'bike', 'ebike', 'bus', 'tram', 'metro', 'train', 'car_driver', 'car_passenger', 'motorbike', 'other', 'none')),
  main_mode TEXT NOT NULL CHECK (main_mode IN ('walk', 'bike', 'ebike', 'bus', 'tram', 'metro', 'train', 'car_driver', 'car_passenger', 'motorbike', 'other')),
  distance_km DOUBLE PRECISION NOT NULL CHECK (distance_km > 0),
  duration_min DOUBLE PRECISION,
  leg_count INTEGER NOT NULL CHECK (leg_count BETWEEN 1 AND 20),
  source TEXT NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'import', 'tracker', 'demo')),
  -- hash of the normalised trip: a replay of the same id with the same content is a no-op
  content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX trips_commuter_time ON trips (commuter_id, started_at);
CREATE INDEX trips_partner_time ON trips (partner_id, started_at);

CREATE TABLE legs (
  trip_id TEXT NOT NULL REFERENCES trips (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq BETWEEN 0 AND 19),
  mode TEXT NOT NULL CHECK (mode IN ('walk', 'bike', 'ebike', 'bus', 'tram', 'metro', 'train', 'car_driver', 'car_passenger', 'motorbike', 'other')),
  distance_km DOUBLE PRECISION NOT NULL CHECK (distance_km > 0 AND distance_km <= 1000),
  duration_min DOUBLE PRECISION CHECK (duration_min > 0),
  started_at TEXT,
  replaced_mode TEXT CHECK (replaced_mode IN ('walk', 'bike', 'ebike', 'bus', 'tram', 'metro', 'train', 'car_driver', 'car_passenger', 'motorbike', 'other', 'none')),
  -- GeoJSON LineString, already trimmed near origin and destination
  geometry TEXT,
  PRIMARY KEY (trip_id, seq)
);

CREATE TABLE factor_sets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  source TEXT NOT NULL,
  year INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  account_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT,
  details TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

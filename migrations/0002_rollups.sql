-- Rollups: aggregates the dashboards read instead of raw legs. They are kept exact by the trip
-- repository inside the same transaction as every trip write. Empty site or replaced mode is
-- stored as '' so that it can be part of the primary key on both engines.

-- Legs per partner x site x local day x leg mode x effective replaced mode.
CREATE TABLE rollup_leg_day (
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  local_day TEXT NOT NULL,
  mode TEXT NOT NULL,
  replaced_mode TEXT NOT NULL,
  legs INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  -- minutes are only summed where measured; timed_distance_km is the km they cover, so the
  -- indicators can estimate the rest from documented default speeds without a re-scan
  timed_distance_km DOUBLE PRECISION NOT NULL,
  duration_min DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (partner_id, local_day, site_id, mode, replaced_mode)
);

-- Trips per partner x site x local day x main mode.
CREATE TABLE rollup_trip_day (
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  local_day TEXT NOT NULL,
  main_mode TEXT NOT NULL,
  trips INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (partner_id, local_day, site_id, main_mode)
);

-- Per commuter x local day x mode: who was active, what they did (transitions, survey-based
-- car-km, HEAT minutes, cycling days). main_trips counts trips whose main mode is this mode;
-- commute_legs counts legs of commute trips (purpose commute or not given).
CREATE TABLE rollup_commuter_day (
  commuter_id TEXT NOT NULL,
  local_day TEXT NOT NULL,
  mode TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  main_trips INTEGER NOT NULL,
  legs INTEGER NOT NULL,
  commute_legs INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  timed_distance_km DOUBLE PRECISION NOT NULL,
  duration_min DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (commuter_id, local_day, mode)
);
CREATE INDEX rollup_commuter_day_partner ON rollup_commuter_day (partner_id, local_day);

-- Issue 10: release units in time. A calendar month is released to aggregate callers (analysts,
-- other partners) once it ended RELEASE_DELAY_DAYS ago; on its first release what the indicators
-- read for it is copied here, and aggregate answers read only these copies, so a trip logged
-- late for a released month changes nothing until a re-release that passes the k rule
-- (npm run release -- --month YYYY-MM --rerelease). Empty site is '' as in the rollups.

-- One row per released month; inserted first in the freezing transaction, so a second freezer
-- of the same month finds it and does nothing.
CREATE TABLE release_months (
  month TEXT PRIMARY KEY,
  released_at TEXT NOT NULL,
  rereleased_at TEXT
);

-- Per month x partner x site x commuter x leg mode: rollup_commuter_day summed over the month,
-- keeping the site of each trip (a commuter who moved sites counts in both site-months). Mode
-- '_any' carries days with a trip, '_cycling' days with a bike or e-bike commute leg.
CREATE TABLE release_commuter_month (
  month TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  commuter_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  main_trips INTEGER NOT NULL,
  legs INTEGER NOT NULL,
  commute_legs INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  timed_distance_km DOUBLE PRECISION NOT NULL,
  duration_min DOUBLE PRECISION NOT NULL,
  days INTEGER NOT NULL,
  PRIMARY KEY (month, partner_id, site_id, commuter_id, mode)
);

-- Legs per month x partner x site x leg mode x effective replaced mode (rollup_leg_day summed).
CREATE TABLE release_leg_month (
  month TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  replaced_mode TEXT NOT NULL,
  legs INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  timed_distance_km DOUBLE PRECISION NOT NULL,
  duration_min DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (month, partner_id, site_id, mode, replaced_mode)
);

-- Trips per month x partner x site x main mode (rollup_trip_day summed).
CREATE TABLE release_trip_month (
  month TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  main_mode TEXT NOT NULL,
  trips INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (month, partner_id, site_id, main_mode)
);

-- Every commuter enrolled by the month's end, as of then: partner, site, profile (kcal and HEAT
-- read age band and weight) and the latest baseline survey taken by the month's end (null: none).
CREATE TABLE release_commuter_profile (
  month TEXT NOT NULL,
  commuter_id TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  age_band TEXT,
  weight_kg DOUBLE PRECISION,
  baseline_legs TEXT,
  baseline_days_per_week DOUBLE PRECISION,
  PRIMARY KEY (month, commuter_id)
);
CREATE INDEX release_commuter_profile_partner ON release_commuter_profile (month, partner_id);

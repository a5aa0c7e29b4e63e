-- Per commuter x calendar month x mode: the commuter-day rollup summed by month, so that a
-- period of whole months reads twelve rows a commuter and mode instead of 365 (partial months at
-- a period's edges still come from rollup_commuter_day). `days` counts distinct days with the
-- mode; two extra rows per commuter-month carry day counts only: mode '_any' (days with any
-- trip) and mode '_cycling' (days with a bike or e-bike leg on a commute).
CREATE TABLE rollup_commuter_month (
  commuter_id TEXT NOT NULL,
  local_month TEXT NOT NULL,
  mode TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  main_trips INTEGER NOT NULL,
  legs INTEGER NOT NULL,
  commute_legs INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  timed_distance_km DOUBLE PRECISION NOT NULL,
  duration_min DOUBLE PRECISION NOT NULL,
  days INTEGER NOT NULL,
  PRIMARY KEY (commuter_id, local_month, mode)
);
CREATE INDEX rollup_commuter_month_partner ON rollup_commuter_month (partner_id, local_month);

INSERT INTO rollup_commuter_month (commuter_id, local_month, mode, partner_id, site_id, main_trips, legs, commute_legs, distance_km, timed_distance_km, duration_min, days)
SELECT commuter_id, substr(local_day, 1, 7), mode, min(partner_id), min(site_id), sum(main_trips), sum(legs), sum(commute_legs), sum(distance_km), sum(timed_distance_km), sum(duration_min), count(*)
FROM rollup_commuter_day GROUP BY commuter_id, substr(local_day, 1, 7), mode;

INSERT INTO rollup_commuter_month (commuter_id, local_month, mode, partner_id, site_id, main_trips, legs, commute_legs, distance_km, timed_distance_km, duration_min, days)
SELECT commuter_id, substr(local_day, 1, 7), '_any', min(partner_id), min(site_id), 0, 0, 0, 0, 0, 0, count(DISTINCT local_day)
FROM rollup_commuter_day GROUP BY commuter_id, substr(local_day, 1, 7);

INSERT INTO rollup_commuter_month (commuter_id, local_month, mode, partner_id, site_id, main_trips, legs, commute_legs, distance_km, timed_distance_km, duration_min, days)
SELECT commuter_id, substr(local_day, 1, 7), '_cycling', min(partner_id), min(site_id), 0, 0, 0, 0, 0, 0, count(DISTINCT local_day)
FROM rollup_commuter_day WHERE mode IN ('bike', 'ebike') AND commute_legs > 0 GROUP BY commuter_id, substr(local_day, 1, 7);

-- Issue 14, point 4: a partner-year computed from the rollups without a cached answer in well
-- under 50 ms on a national campaign (tens of thousands of commuters, millions of trips a year).
-- Two kinds of rollup, both kept by the trip write path in the same transaction as the trip
-- (repositories/rollups.ts and sqlite-bulk.ts) and checked by `npm run rollups -- --verify`:
--
-- 1. Partner x site x month sums of the leg and trip day rollups: a year reads twelve rows per
--    site and mode instead of 365.
-- 2. rollup_commuter_cum: the RUNNING TOTAL of rollup_commuter_month per commuter and mode (and
--    the day-count rows '_any' and '_cycling'), from its first month up to and including each
--    month. Any run of whole months is the row at its last month minus the row at the month
--    before its first: two rows per commuter and mode whatever the length of the period,
--    instead of one per month. Each commuter-mode has a row for every month from its first to
--    its last (dense), the last marked is_last = 1, so the row that holds at month M is an
--    exact look-up. month_no = year * 12 + month - 1, an integer, so that months can be counted
--    in portable SQL.
CREATE TABLE rollup_leg_month (
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  local_month TEXT NOT NULL,
  mode TEXT NOT NULL,
  replaced_mode TEXT NOT NULL,
  legs INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  timed_distance_km DOUBLE PRECISION NOT NULL,
  duration_min DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (partner_id, local_month, site_id, mode, replaced_mode)
);
INSERT INTO rollup_leg_month (partner_id, site_id, local_month, mode, replaced_mode, legs, distance_km, timed_distance_km, duration_min)
SELECT partner_id, site_id, substr(local_day, 1, 7), mode, replaced_mode, sum(legs), sum(distance_km), sum(timed_distance_km), sum(duration_min)
FROM rollup_leg_day GROUP BY partner_id, site_id, substr(local_day, 1, 7), mode, replaced_mode;

CREATE TABLE rollup_trip_month (
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  local_month TEXT NOT NULL,
  main_mode TEXT NOT NULL,
  trips INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (partner_id, local_month, site_id, main_mode)
);
INSERT INTO rollup_trip_month (partner_id, site_id, local_month, main_mode, trips, distance_km)
SELECT partner_id, site_id, substr(local_day, 1, 7), main_mode, sum(trips), sum(distance_km)
FROM rollup_trip_day GROUP BY partner_id, site_id, substr(local_day, 1, 7), main_mode;

CREATE TABLE rollup_commuter_cum (
  commuter_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  month_no INTEGER NOT NULL,
  partner_id TEXT NOT NULL,
  is_last INTEGER NOT NULL,
  main_trips INTEGER NOT NULL,
  legs INTEGER NOT NULL,
  distance_km DOUBLE PRECISION NOT NULL,
  timed_distance_km DOUBLE PRECISION NOT NULL,
  duration_min DOUBLE PRECISION NOT NULL,
  days INTEGER NOT NULL,
  PRIMARY KEY (commuter_id, mode, month_no)
);
CREATE INDEX rollup_commuter_cum_partner ON rollup_commuter_cum (partner_id, month_no);
CREATE INDEX rollup_commuter_cum_last ON rollup_commuter_cum (partner_id, is_last, month_no);

-- Backfill: every month of each commuter-mode from its first to its last month row, with the
-- running sums (server/repositories/rollups.ts rebuildPeriodRollups runs the same SQL).
WITH RECURSIVE m AS (
  SELECT commuter_id, mode, CAST(substr(local_month, 1, 4) AS INTEGER) * 12 + CAST(substr(local_month, 6, 2) AS INTEGER) - 1 AS month_no,
    partner_id, main_trips, legs, distance_km, timed_distance_km, duration_min, days
  FROM rollup_commuter_month
), bounds AS (
  SELECT commuter_id, mode, min(partner_id) AS partner_id, min(month_no) AS first_no, max(month_no) AS last_no FROM m GROUP BY commuter_id, mode
), series (commuter_id, mode, partner_id, month_no, last_no) AS (
  SELECT commuter_id, mode, partner_id, first_no, last_no FROM bounds
  UNION ALL
  SELECT commuter_id, mode, partner_id, month_no + 1, last_no FROM series WHERE month_no < last_no
)
INSERT INTO rollup_commuter_cum (commuter_id, mode, month_no, partner_id, is_last, main_trips, legs, distance_km, timed_distance_km, duration_min, days)
SELECT s.commuter_id, s.mode, s.month_no, s.partner_id, CASE WHEN s.month_no = s.last_no THEN 1 ELSE 0 END,
  sum(coalesce(m.main_trips, 0)) OVER w, sum(coalesce(m.legs, 0)) OVER w, sum(coalesce(m.distance_km, 0)) OVER w,
  sum(coalesce(m.timed_distance_km, 0)) OVER w, sum(coalesce(m.duration_min, 0)) OVER w, sum(coalesce(m.days, 0)) OVER w
FROM series s LEFT JOIN m ON m.commuter_id = s.commuter_id AND m.mode = s.mode AND m.month_no = s.month_no
WINDOW w AS (PARTITION BY s.commuter_id, s.mode ORDER BY s.month_no ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

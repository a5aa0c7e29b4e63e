-- The route-density map's release units, frozen when first released (issue 10). A unit is one
-- partner (or one of its sites) x one H3 cell at the unit resolution x one closed calendar
-- quarter; only units crossed by at least 5 distinct commuters are stored. Once a
-- (partner, site, quarter, resolution) has a row in map_release_periods its units never change:
-- a trip logged or deleted later would otherwise make two answers differ by one commuter.
-- site_id is '' for the partner's own units.
CREATE TABLE map_release_periods (
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  time_unit TEXT NOT NULL,
  resolution INTEGER NOT NULL,
  released_units INTEGER NOT NULL,
  withheld_units INTEGER NOT NULL,
  released_at TEXT NOT NULL,
  PRIMARY KEY (partner_id, site_id, time_unit, resolution)
);
CREATE TABLE map_release_units (
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  time_unit TEXT NOT NULL,
  resolution INTEGER NOT NULL,
  cell TEXT NOT NULL,
  trips INTEGER NOT NULL,
  commuters INTEGER NOT NULL CHECK (commuters >= 5),
  PRIMARY KEY (partner_id, site_id, time_unit, resolution, cell)
);

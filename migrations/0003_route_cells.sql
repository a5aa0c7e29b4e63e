-- Route density for the map: which H3 cells (resolution 9, about 200 m across) each commuter's
-- routes crossed, per local month. Kept exact with every trip write like the other rollups.
-- Distinct commuters per cell give the k = 5 rule; trips give the weight.
CREATE TABLE rollup_cell_month (
  partner_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  local_month TEXT NOT NULL,
  cell TEXT NOT NULL,
  commuter_id TEXT NOT NULL,
  trips INTEGER NOT NULL,
  PRIMARY KEY (partner_id, local_month, site_id, cell, commuter_id)
);
CREATE INDEX rollup_cell_month_commuter ON rollup_cell_month (commuter_id);

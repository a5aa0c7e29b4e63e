-- A counter per partner, raised in the same transaction as every write that changes what its
-- indicators say (trips, surveys, commuters). Cached indicator results are valid while the
-- counters they were computed at are unchanged, across processes sharing the database.
CREATE TABLE data_versions (
  partner_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL
);

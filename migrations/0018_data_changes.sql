-- Issue 14: which commuters' data changed at each data version of a partner, written in the
-- same transaction as the version bump (server/repositories/data-versions.ts). An app server
-- that kept the per-commuter inputs of an answer at version v re-reads only the commuters
-- logged after v, whichever server wrote them. commuter_id '' means "anything of the partner
-- may have changed" (a bump whose writer did not say which commuters): a full recomputation.
-- Each bump prunes the versions older than its window, so the table stays small.
CREATE TABLE data_changes (
  partner_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  commuter_id TEXT NOT NULL,
  PRIMARY KEY (partner_id, version, commuter_id)
);

-- The commuter app (issue 11): enrolment codes, what a commuter accepted when joining, and
-- their usual commute. Portable SQL for SQLite and PostgreSQL.

-- A code staff hand out (link or QR) so that commuters create their own account inside a
-- partner, optionally a site. The code itself is the secret: 16 random base32 characters.
CREATE TABLE enrolment_codes (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 12 AND 64),
  partner_id TEXT NOT NULL REFERENCES partners (id),
  site_id TEXT REFERENCES sites (id),
  label TEXT CHECK (label IS NULL OR length(label) <= 200),
  expires_at TEXT,
  max_uses INTEGER CHECK (max_uses IS NULL OR max_uses >= 1),
  uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
  created_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX enrolment_codes_partner ON enrolment_codes (partner_id, created_at);

-- One row per commuter who joined with a code: which code, and the privacy notice version
-- they accepted and when. Deleted with the commuter.
CREATE TABLE enrolments (
  commuter_id TEXT PRIMARY KEY REFERENCES commuters (id) ON DELETE CASCADE,
  code_id TEXT REFERENCES enrolment_codes (id) ON DELETE SET NULL,
  joined_at TEXT NOT NULL,
  privacy_notice_version TEXT NOT NULL CHECK (length(privacy_notice_version) BETWEEN 1 AND 40),
  privacy_accepted_at TEXT NOT NULL
);
CREATE INDEX enrolments_code ON enrolments (code_id);

-- The commuter's usual commute, one way to work: logged again with one tap.
CREATE TABLE usual_commutes (
  commuter_id TEXT PRIMARY KEY REFERENCES commuters (id) ON DELETE CASCADE,
  -- JSON array of {mode, distanceKm, durationMin?, replacedMode?}, in travel order to work
  legs TEXT NOT NULL,
  replaced_mode TEXT CHECK (replaced_mode IN ('walk', 'bike', 'ebike', 'bus', 'tram', 'metro', 'train', 'car_driver', 'car_passenger', 'motorbike', 'other', 'none')),
  -- local times 'HH:MM' in the partner's time zone
  depart_to_work TEXT CHECK (depart_to_work IS NULL OR length(depart_to_work) = 5),
  depart_back TEXT CHECK (depart_back IS NULL OR length(depart_back) = 5),
  updated_at TEXT NOT NULL
);

-- A commuter may choose to show their display name to their partner's staff; otherwise staff
-- see a pseudonym.
ALTER TABLE commuters ADD COLUMN share_name INTEGER NOT NULL DEFAULT 0 CHECK (share_name IN (0, 1));

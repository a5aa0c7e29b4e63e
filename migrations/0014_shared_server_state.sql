-- State that every app server on one database must share (issue 14, point 2), so that requests
-- of one user may go to any process: what was in-process Maps is now rows here.

-- Named counters. 'auth' rises with every revocation (logout, revoked API token, disabled
-- account, password change, deleted commuter): each process reads it once per authenticated
-- request and empties its auth cache when it moved. 'commuter_scopes' does the same for the
-- cache of commuters' partner, site and time zone used by trip writes. 'login_throttle' is
-- only updated, as a row lock: it orders concurrent login reservations of all processes.
CREATE TABLE shared_counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);

-- Login attempts inside the limits' window (auth/rate-limit.ts); older rows are pruned as new
-- attempts arrive. A successful login deletes its own attempt and marks the address's earlier
-- failures pair_forgiven: they no longer count for (account, address), still for each alone.
CREATE TABLE login_attempts (
  id TEXT PRIMARY KEY,
  account_key TEXT NOT NULL,
  address TEXT NOT NULL,
  attempted_at_ms BIGINT NOT NULL,
  pair_forgiven INTEGER NOT NULL DEFAULT 0 CHECK (pair_forgiven IN (0, 1))
);
CREATE INDEX login_attempts_pair ON login_attempts (account_key, address, attempted_at_ms);
CREATE INDEX login_attempts_address ON login_attempts (address, attempted_at_ms);
CREATE INDEX login_attempts_time ON login_attempts (attempted_at_ms);

-- Addresses an account logged in from: they skip the account's back-off for 30 days.
CREATE TABLE login_known_addresses (
  account_key TEXT NOT NULL,
  address TEXT NOT NULL,
  logged_in_at_ms BIGINT NOT NULL,
  PRIMARY KEY (account_key, address)
);
CREATE INDEX login_known_addresses_time ON login_known_addresses (logged_in_at_ms);

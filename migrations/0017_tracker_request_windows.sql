-- The per-device request limit of the tracker endpoints (TRACKER_REQUESTS_PER_MINUTE), shared by
-- every app server on the database (issue 14, point 2): it was a Map in each process, so a phone
-- behind a load balancer got the limit once per process. One row per device: the start of its
-- current one-minute window and the requests counted in it.
CREATE TABLE tracker_request_windows (
  device_id TEXT PRIMARY KEY REFERENCES tracker_devices (id) ON DELETE CASCADE,
  window_start_ms BIGINT NOT NULL,
  requests INTEGER NOT NULL
);

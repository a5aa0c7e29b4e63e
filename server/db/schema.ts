import type { Generated } from 'kysely';

/** Kysely table types. Columns are snake_case as in migrations/; repositories map rows to domain types. */
export interface PartnersTable {
  id: string;
  name: string;
  country: string;
  timezone: string;
  locale: string;
  center_lon: number;
  center_lat: number;
  factor_set_id: string;
  /** 1 for the demo network's partners (migration 0006). */
  demo: Generated<number>;
  /** The partner's own HEAT mortality rate and VSL (migration 0010); NULL: country default. */
  heat_mortality_per_100k: number | null;
  heat_mortality_age_from: number | null;
  heat_mortality_age_to: number | null;
  heat_mortality_source: string | null;
  heat_mortality_year: number | null;
  heat_vsl: number | null;
  heat_vsl_currency: string | null;
  heat_vsl_year: number | null;
  heat_vsl_source: string | null;
  created_at: string;
  updated_at: string;
}

export interface SitesTable {
  id: string;
  partner_id: string;
  name: string;
  kind: string;
  lon: number | null;
  lat: number | null;
  created_at: string;
  updated_at: string;
}

export interface CommutersTable {
  id: string;
  partner_id: string;
  site_id: string | null;
  age_band: string | null;
  weight_kg: number | null;
  joined_on: string;
  /** 1: staff see the account's display name instead of a pseudonym (migration 0011). */
  share_name: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AccountsTable {
  id: string;
  email: string;
  password_hash: string;
  role: string;
  partner_id: string | null;
  commuter_id: string | null;
  display_name: string | null;
  locale: string | null;
  disabled_at: string | null;
  /** 1 for the demo's accounts, whose passwords are public (migration 0006). */
  demo: Generated<number>;
  /** 1 after an admin set a temporary password: the next login may only change it. */
  must_change_password: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  /** 'read' or 'read_write' (migration 0007). */
  scope: string;
  /** UTC ISO 8601; null: no expiry (migration 0007). */
  expires_at: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TrackerDevicesTable {
  id: string;
  commuter_id: string;
  name: string;
  kind: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** Points up to this instant (ms) have become trips (migration 0013). */
  processed_until_ms: number | null;
}

export interface TrackPointsTable {
  device_id: string;
  t_ms: number;
  lat: number;
  lon: number;
  accuracy_m: number | null;
  speed_mps: number | null;
  altitude_m: number | null;
  hint_mode: string | null;
  hint_confidence: number | null;
  hint_source: string | null;
  received_at_ms: number;
}

export interface SurveysTable {
  id: string;
  commuter_id: string;
  kind: string;
  taken_on: string;
  usual_mode: string;
  usual_legs: string | null;
  one_way_km: number;
  days_per_week: number;
  created_at: string;
}

export interface TripsTable {
  id: string;
  commuter_id: string;
  partner_id: string;
  site_id: string | null;
  started_at: string;
  ended_at: string | null;
  local_day: string;
  purpose: string | null;
  replaced_mode: string | null;
  main_mode: string;
  distance_km: number;
  duration_min: number | null;
  leg_count: number;
  source: string;
  content_hash: string;
  created_at: string;
  updated_at: string;
  /** 'confirmed' | 'unconfirmed' (migration 0012): inferred trips wait for the commuter. */
  status: Generated<string>;
  /** 'file:<sha-256>' for imports, the device id for trackers, NULL otherwise. */
  origin: string | null;
  confirmed_at: string | null;
}

export interface LegsTable {
  trip_id: string;
  seq: number;
  mode: string;
  distance_km: number;
  duration_min: number | null;
  started_at: string | null;
  replaced_mode: string | null;
  geometry: string | null;
}

export interface FactorSetsTable {
  id: string;
  name: string;
  scope: string;
  source: string;
  year: number;
  version: number;
  definition: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  account_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string | null;
}

export interface RollupLegDayTable {
  partner_id: string;
  site_id: string;
  local_day: string;
  mode: string;
  replaced_mode: string;
  legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
}

export interface RollupTripDayTable {
  partner_id: string;
  site_id: string;
  local_day: string;
  main_mode: string;
  trips: number;
  distance_km: number;
}

export interface RollupCommuterDayTable {
  commuter_id: string;
  local_day: string;
  mode: string;
  partner_id: string;
  site_id: string;
  main_trips: number;
  legs: number;
  commute_legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
}

export interface RollupCellMonthTable {
  partner_id: string;
  site_id: string;
  local_month: string;
  cell: string;
  commuter_id: string;
  trips: number;
}

export interface RollupCommuterMonthTable {
  commuter_id: string;
  local_month: string;
  mode: string;
  partner_id: string;
  site_id: string;
  main_trips: number;
  legs: number;
  commute_legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
  days: number;
}

/** Migration 0015: partner × site × month sums of rollup_leg_day. */
export interface RollupLegMonthTable {
  partner_id: string;
  site_id: string;
  local_month: string;
  mode: string;
  replaced_mode: string;
  legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
}

/** Migration 0015: partner × site × month sums of rollup_trip_day. */
export interface RollupTripMonthTable {
  partner_id: string;
  site_id: string;
  local_month: string;
  main_mode: string;
  trips: number;
  distance_km: number;
}

/** Migration 0015: running totals of rollup_commuter_month (domain/commuter-cum.ts). */
export interface RollupCommuterCumTable {
  commuter_id: string;
  mode: string;
  month_no: number;
  partner_id: string;
  is_last: number;
  main_trips: number;
  legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
  days: number;
}

/** Map release units frozen when first released (migration 0009, route-cells.ts). */
export interface MapReleasePeriodsTable {
  partner_id: string;
  /** '' for the partner's own units */
  site_id: string;
  /** a calendar quarter, `2011-Q3` */
  time_unit: string;
  resolution: number;
  released_units: number;
  withheld_units: number;
  released_at: string;
}

export interface MapReleaseUnitsTable {
  partner_id: string;
  site_id: string;
  time_unit: string;
  resolution: number;
  /** H3 cell at `resolution` */
  cell: string;
  trips: number;
  commuters: number;
}

/** Issue 10: released months and their frozen copies (migrations/0008_release_units.sql). */
export interface ReleaseMonthsTable {
  month: string;
  released_at: string;
  rereleased_at: string | null;
}

export interface ReleaseCommuterMonthTable {
  month: string;
  partner_id: string;
  site_id: string;
  commuter_id: string;
  mode: string;
  main_trips: number;
  legs: number;
  commute_legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
  days: number;
}

export interface ReleaseLegMonthTable {
  month: string;
  partner_id: string;
  site_id: string;
  mode: string;
  replaced_mode: string;
  legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
}

export interface ReleaseTripMonthTable {
  month: string;
  partner_id: string;
  site_id: string;
  main_mode: string;
  trips: number;
  distance_km: number;
}

export interface ReleaseCommuterProfileTable {
  month: string;
  commuter_id: string;
  partner_id: string;
  site_id: string;
  age_band: string | null;
  weight_kg: number | null;
  baseline_legs: string | null;
  baseline_days_per_week: number | null;
}

export interface DataVersionsTable {
  partner_id: string;
  version: number;
}

/** Migration 0018: the commuters each data version of a partner changed ('' = any). */
export interface DataChangesTable {
  partner_id: string;
  version: number;
  commuter_id: string;
}

/** Migration 0014: counters every app server reads to know that its caches are stale. */
export interface SharedCountersTable {
  name: string;
  value: number;
}

/** Migration 0014: login attempts inside the limits' window, shared by all app servers. */
export interface LoginAttemptsTable {
  id: string;
  account_key: string;
  address: string;
  attempted_at_ms: number;
  pair_forgiven: Generated<number>;
}

/** Migration 0014: addresses an account logged in from. */
export interface LoginKnownAddressesTable {
  account_key: string;
  address: string;
  logged_in_at_ms: number;
}

export interface Database {
  partners: PartnersTable;
  sites: SitesTable;
  commuters: CommutersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  tracker_devices: TrackerDevicesTable;
  track_points: TrackPointsTable;
  surveys: SurveysTable;
  trips: TripsTable;
  legs: LegsTable;
  factor_sets: FactorSetsTable;
  audit_log: AuditLogTable;
  rollup_leg_day: RollupLegDayTable;
  rollup_trip_day: RollupTripDayTable;
  rollup_commuter_day: RollupCommuterDayTable;
  rollup_cell_month: RollupCellMonthTable;
  data_versions: DataVersionsTable;
  data_changes: DataChangesTable;
  rollup_commuter_month: RollupCommuterMonthTable;
  rollup_leg_month: RollupLegMonthTable;
  rollup_trip_month: RollupTripMonthTable;
  rollup_commuter_cum: RollupCommuterCumTable;
  map_release_periods: MapReleasePeriodsTable;
  map_release_units: MapReleaseUnitsTable;
  enrolment_codes: EnrolmentCodesTable;
  enrolments: EnrolmentsTable;
  usual_commutes: UsualCommutesTable;
  release_months: ReleaseMonthsTable;
  release_commuter_month: ReleaseCommuterMonthTable;
  release_leg_month: ReleaseLegMonthTable;
  release_trip_month: ReleaseTripMonthTable;
  release_commuter_profile: ReleaseCommuterProfileTable;
  shared_counters: SharedCountersTable;
  login_attempts: LoginAttemptsTable;
  login_known_addresses: LoginKnownAddressesTable;
  tracker_request_windows: TrackerRequestWindowsTable;
}

/** Migration 0017: each tracker device's current one-minute request window, for all servers. */
export interface TrackerRequestWindowsTable {
  device_id: string;
  window_start_ms: number;
  requests: number;
}

/** Migration 0011: codes a commuter joins with. */
export interface EnrolmentCodesTable {
  id: string;
  code: string;
  partner_id: string;
  site_id: string | null;
  label: string | null;
  expires_at: string | null;
  max_uses: number | null;
  uses: Generated<number>;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** Migration 0011: how a commuter joined, and the privacy notice they accepted. */
export interface EnrolmentsTable {
  commuter_id: string;
  code_id: string | null;
  joined_at: string;
  privacy_notice_version: string;
  privacy_accepted_at: string;
}

/** Migration 0011: the commuter's usual commute to work (legs as JSON). */
export interface UsualCommutesTable {
  commuter_id: string;
  legs: string;
  replaced_mode: string | null;
  depart_to_work: string | null;
  depart_back: string | null;
  updated_at: string;
}

/** Shapes of the /api/v1 answers the dashboard reads (see /api/v1/openapi.json). */
export type Role = 'commuter' | 'staff' | 'analyst' | 'admin';
export type ModeRecord = Partial<Record<string, number>>;

export interface Account {
  id: string;
  email: string;
  role: Role;
  partnerId: string | null;
  commuterId: string | null;
  displayName: string | null;
  locale: string | null;
  disabled: boolean;
  /** Signed in with a temporary password: only the password change is open. */
  mustChangePassword: boolean;
  /** A demo account (public password). */
  demo: boolean;
}

/** An API token as listed: never its secret. */
export interface ApiToken {
  id: string;
  name: string;
  /** `read`: GET and HEAD only. */
  scope: 'read' | 'read_write';
  createdAt: string;
  /** null: until revoked. */
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to creating a token: the only time its secret is shown. */
export interface ApiTokenCreated extends ApiToken {
  token: string;
}

export interface Partner {
  id: string;
  name: string;
  country: string;
  timezone: string;
  locale: string;
  center: [number, number];
  factorSetId: string;
}

export interface Site {
  id: string;
  partnerId: string;
  name: string;
  kind: string;
  location: [number, number] | null;
}

export interface AppConfig {
  mapStyleUrl: string | null;
  defaultLocale: string;
  version: string;
  locales?: string[];
  /** Demo data with public passwords is stored: every page shows a banner. */
  demo: boolean;
}

export interface DataRange {
  from: string;
  to: string;
}

export interface HealthPart {
  people: number;
  minutesPerWeek: number;
  riskReduction: number;
  deathsPreventedPerYear: number;
  valuePerYear: number;
  currency: string;
}

export interface Transition {
  from: string;
  to: string;
  /** null when the cell is suppressed (fewer than 5 commuters). */
  commuters: number | null;
  suppressed?: boolean;
}

export interface IndicatorScope {
  partner: string;
  site: string | null;
  from: string;
  to: string;
  days: number;
  weeks: number;
}

/** A site with fewer than 5 active commuters: the API gives no figures at all. */
export interface WithheldIndicators {
  scope: IndicatorScope;
  dataRange: DataRange | null;
  withheld: true;
  suppressed: Array<{ what: string; reason: string }>;
}

export type IndicatorsAnswer = Indicators | WithheldIndicators;

export interface Indicators {
  scope: IndicatorScope;
  dataRange: DataRange | null;
  withheld: false;
  participants: { registered: number; active: number };
  trips: number;
  distanceKm: number;
  modalSplit: { byTrips: ModeRecord; byDistance: ModeRecord };
  baseline: { byTrips: ModeRecord; byDistance: ModeRecord; commuters: number };
  modalShift: {
    byTripsPp: ModeRecord;
    byDistancePp: ModeRecord;
    activeShare: { baseline: number | null; followUp: number | null };
    carReplacementRate: number | null;
    transitions: Transition[];
    commutersCompared?: number;
  };
  carKmSubstituted: { replacedModeKm: number; surveyKmPerWeek: number | null; replacedModeKmPerWeek?: number; surveyCommuters?: number };
  unlabelledKm: number;
  unlabelledShare?: number;
  co2AvoidedKg: number;
  factorSet: { id: string; name: string; scope: string; source: string; year: number; kgPerKm: ModeRecord };
  activity: { activeMinutesPerCommuterWeek: number; whoTargetMinutesPerWeek?: number; shareMeetingWhoTarget?: number; kcalNet: number; kcalGross?: number; cyclingDays: number; cyclists?: number };
  health: { cycling: HealthPart; walking: HealthPart };
  suppressed: Array<{ what: string; reason: string }>;
}

export interface MonthRow {
  month: string;
  trips: ModeRecord;
  distanceKm: ModeRecord;
  /** null when the month of a site is withheld (fewer than 5 active commuters). */
  activeCommuters: number | null;
}

export interface Monthly {
  withheld?: boolean;
  months: MonthRow[];
}

export interface PartnerComparisonRow {
  partnerId: string;
  name: string;
  participants: { registered: number; active: number };
  trips: number;
  distanceKm: number;
  co2AvoidedKg: number;
  carKmSubstituted: { replacedModeKm: number };
  activeShare: { baseline: number | null; followUp: number | null };
  carShare?: { baseline: number; followUp: number };
  tripsPerActiveCommuter: number | null;
  co2AvoidedKgPerActiveCommuter: number | null;
  healthValuePerYear?: number;
}

export interface PartnerComparison {
  items: PartnerComparisonRow[];
  network: Omit<PartnerComparisonRow, 'partnerId' | 'name'> & { partnerId?: string; name?: string };
}

export interface DensityProperties {
  h3: string;
  trips: number;
  commuters: number;
}

export interface DensityCollection extends GeoJSON.FeatureCollection<GeoJSON.Polygon, DensityProperties> {
  suppressedCells?: number;
  /** More cells passed the k rule than the server answers (MAP_MAX_CELLS): only the busiest came. */
  truncated?: boolean;
  maxCells?: number;
  resolution?: number;
  k?: number;
}

export interface DataQuality {
  partner?: string;
  implausibleTrips: {
    count: number;
    byReason?: Record<string, number>;
    examples: Array<{ id: string; commuterId: string; reason: string; detail?: string; startedAt?: string }>;
  };
  unlabelledKm?: number;
  totalKm?: number;
  unlabelledKmShare: number | null;
  commutersWithoutBaseline: { count: number; examples: Array<{ id: string; siteId: string | null; joinedOn?: string }> };
  commutersWithoutTrips?: number;
}

export interface Leg {
  mode: string;
  distanceKm: number;
  durationMin: number | null;
  startedAt?: string | null;
  replacedMode: string | null;
  geometry?: GeoJSON.LineString | null;
}

export interface Trip {
  id: string;
  commuterId: string;
  partnerId: string;
  siteId: string | null;
  startedAt: string;
  endedAt: string | null;
  localDay: string;
  purpose: string | null;
  replacedMode: string | null;
  mainMode: string;
  distanceKm: number;
  durationMin: number | null;
  source: string;
  legs: Leg[];
}

export interface Commuter {
  id: string;
  partnerId: string;
  siteId: string | null;
  ageBand: string | null;
  weightKg: number | null;
  joinedOn: string | null;
}

export interface Survey {
  id: string;
  commuterId: string;
  kind: 'baseline' | 'followup';
  takenOn: string;
  usualMode: string;
  oneWayKm: number;
  daysPerWeek: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

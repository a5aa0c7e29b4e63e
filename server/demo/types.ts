import type { AgeBand } from '../domain/age-bands.js';
import type { Mode } from '../domain/modes.js';
import type { TripInput } from '../domain/trips.js';

/** What the demo generator produces; server/demo/seed.ts stores it through the repositories. */
export interface DemoPartner {
  id: string;
  name: string;
  country: string;
  timezone: string;
  locale: string;
  /** [lon, lat] */
  center: [number, number];
}

export interface DemoSite {
  id: string;
  partnerId: string;
  name: string;
  kind: 'workplace' | 'school' | 'other';
  /** [lon, lat] */
  location: [number, number];
}

export interface DemoCommuter {
  id: string;
  partnerId: string;
  siteId: string | null;
  ageBand: AgeBand | null;
  weightKg: number | null;
  /** YYYY-MM-DD, the day they joined the programme */
  joinedOn: string;
}

export interface DemoSurvey {
  id: string;
  commuterId: string;
  kind: 'baseline' | 'followup';
  takenOn: string;
  usualMode: Mode;
  usualLegs: Array<{ mode: Mode; distanceKm: number }> | null;
  oneWayKm: number;
  daysPerWeek: number;
}

export interface DemoNetwork {
  partners: DemoPartner[];
  sites: DemoSite[];
  commuters: DemoCommuter[];
  surveys: DemoSurvey[];
}

export interface DemoOptions {
  seed: number;
  /** 1 = the default demo (about 1,010 commuters); larger values scale commuters, for benchmarks. */
  scale: number;
  /** Inclusive local dates of the programme. Default 2011-09-01 .. 2012-08-31. */
  from?: string;
  to?: string;
}

/** Trips carry a client id (deterministic), so reseeding is idempotent. */
export type DemoTrip = TripInput & { id: string };

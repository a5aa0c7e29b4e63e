import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Mode, ReplacedMode } from '../domain/modes.js';

/**
 * One commuter's rollups and legs for "my impact" (issue 11): every query is bounded by the
 * commuter and a range of local days, and runs on the primary key of rollup_commuter_day
 * (commuter_id, local_day, mode) or the trips_commuter_time index.
 */

export interface CommuterDayRow {
  localDay: string;
  mode: Mode;
  mainTrips: number;
  legs: number;
  commuteLegs: number;
  distanceKm: number;
  timedDistanceKm: number;
  durationMin: number;
}

export async function readCommuterDays(
  db: Kysely<Database>,
  commuterId: string,
  from: string,
  to: string,
): Promise<CommuterDayRow[]> {
  const rows = await db
    .selectFrom('rollup_commuter_day')
    .select([
      'local_day',
      'mode',
      'main_trips',
      'legs',
      'commute_legs',
      'distance_km',
      'timed_distance_km',
      'duration_min',
    ])
    .where('commuter_id', '=', commuterId)
    .where('local_day', '>=', from)
    .where('local_day', '<=', to)
    .orderBy('local_day')
    .execute();
  return rows.map((r) => ({
    localDay: r.local_day,
    mode: r.mode as Mode,
    mainTrips: Number(r.main_trips),
    legs: Number(r.legs),
    commuteLegs: Number(r.commute_legs),
    distanceKm: Number(r.distance_km),
    timedDistanceKm: Number(r.timed_distance_km),
    durationMin: Number(r.duration_min),
  }));
}

export interface CommuterLegDayRow {
  localDay: string;
  mode: Mode;
  /** The leg's own replaced mode, else the trip's; null when neither was given. */
  replacedMode: ReplacedMode | null;
  distanceKm: number;
  legs: number;
}

/** Leg km by day, mode and effective replaced mode: what CO2 avoided needs, for one commuter. */
export async function readCommuterLegDays(
  db: Kysely<Database>,
  commuterId: string,
  from: string,
  to: string,
): Promise<CommuterLegDayRow[]> {
  const rows = await db
    .selectFrom('trips')
    .innerJoin('legs', 'legs.trip_id', 'trips.id')
    .select([
      'trips.local_day as local_day',
      'legs.mode as mode',
      sql<string | null>`coalesce(legs.replaced_mode, trips.replaced_mode)`.as('replaced_mode'),
      sql<number>`sum(legs.distance_km)`.as('distance_km'),
      sql<number>`count(*)`.as('legs'),
    ])
    .where('trips.commuter_id', '=', commuterId)
    .where('trips.local_day', '>=', from)
    .where('trips.local_day', '<=', to)
    .groupBy([
      'trips.local_day',
      'legs.mode',
      sql`coalesce(legs.replaced_mode, trips.replaced_mode)`,
    ])
    .execute();
  return rows.map((r) => ({
    localDay: r.local_day,
    mode: r.mode as Mode,
    replacedMode: (r.replaced_mode ?? null) as ReplacedMode | null,
    distanceKm: Number(r.distance_km),
    legs: Number(r.legs),
  }));
}

/** The first local day with a trip of the commuter, or null. */
export async function readFirstTripDay(
  db: Kysely<Database>,
  commuterId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('trips')
    .select(sql<string | null>`min(local_day)`.as('d'))
    .where('commuter_id', '=', commuterId)
    .executeTakeFirst();
  return row?.d ?? null;
}

import type { Kysely, Selectable } from 'kysely';
import type { Database, LegsTable, TripsTable } from '../db/schema.js';
import type { Mode, ReplacedMode } from '../domain/modes.js';
import type { NormalizedTrip } from '../domain/trip-rules.js';
import { addTripToDeltas, emptyDeltas } from '../domain/rollup-deltas.js';
import type { LineGeometry, TripPurpose } from '../domain/trips.js';
import { applyRollupDeltas } from './rollups.js';
import type { SqliteBulkWriter } from './sqlite-bulk.js';

export type { TripSource, TripStatus } from '../domain/trips.js';
import type { TripSource, TripStatus } from '../domain/trips.js';

export interface StoredLeg {
  mode: Mode;
  distanceKm: number;
  durationMin: number | null;
  startedAt: string | null;
  replacedMode: ReplacedMode | null;
  geometry: LineGeometry | null;
}

export interface StoredTrip {
  id: string;
  commuterId: string;
  partnerId: string;
  siteId: string | null;
  startedAt: string;
  endedAt: string | null;
  localDay: string;
  purpose: TripPurpose | null;
  replacedMode: ReplacedMode | null;
  mainMode: Mode;
  distanceKm: number;
  durationMin: number | null;
  source: TripSource;
  status: TripStatus;
  /** 'file:<sha-256>' for imported trips, the device id for tracked ones, else null. */
  origin: string | null;
  confirmedAt: string | null;
  legs: StoredLeg[];
  createdAt: string;
  updatedAt: string;
}

/** A validated trip ready to store: ids, partner scope and local day already resolved. */
export interface TripWrite {
  trip: NormalizedTrip & { id: string };
  partnerId: string;
  siteId: string | null;
  localDay: string;
  contentHash: string;
  source: TripSource;
  /** Default 'confirmed'. Unconfirmed trips are stored without their rollup contributions. */
  status?: TripStatus;
  origin?: string | null;
  confirmedAt?: string | null;
  /** Kept when a trip is rewritten by a correction. */
  createdAt?: string;
}

/** Only confirmed trips feed the rollups that indicators read (migration 0012). */
export function countsInRollups(t: { status?: TripStatus }): boolean {
  return (t.status ?? 'confirmed') === 'confirmed';
}

export type WriteOutcome = { id: string; status: 'created' | 'replayed' };

/**
 * Trip ids of a write that are already used by different trips (index: position in the write).
 * Nothing of the write was stored; the caller decides the answer and rolls its transaction back.
 */
export interface IdConflicts {
  conflicts: Array<{ index: number; id: string }>;
}

const CHUNK = 300;

export interface InsertPlan {
  outcomes: WriteOutcome[];
  tripRows: Array<Record<string, unknown> & Selectable<TripsTable>>;
  legRows: Array<Record<string, unknown> & Selectable<LegsTable>>;
  deltas: ReturnType<typeof emptyDeltas>;
}

/**
 * What storing `writes` means given the trips already stored: replays, conflicts (nothing to
 * write then), and the rows and rollup deltas of the new trips.
 */
function planInsert(
  writes: TripWrite[],
  existing: Map<string, { hash: string; commuterId: string }>,
  now: string,
): InsertPlan | IdConflicts {
  const outcomes: WriteOutcome[] = [];
  const fresh: TripWrite[] = [];
  const conflicts: Array<{ index: number; id: string }> = [];
  writes.forEach((w, index) => {
    const seen = existing.get(w.trip.id);
    if (seen) {
      if (seen.hash === w.contentHash && seen.commuterId === w.trip.commuterId)
        outcomes.push({ id: w.trip.id, status: 'replayed' });
      else conflicts.push({ index, id: w.trip.id });
      return;
    }
    existing.set(w.trip.id, { hash: w.contentHash, commuterId: w.trip.commuterId });
    fresh.push(w);
    outcomes.push({ id: w.trip.id, status: 'created' });
  });
  if (conflicts.length > 0) return { conflicts };
  const tripRows = fresh.map((w) => ({
    id: w.trip.id,
    commuter_id: w.trip.commuterId,
    partner_id: w.partnerId,
    site_id: w.siteId,
    started_at: w.trip.startedAt,
    ended_at: w.trip.endedAt,
    local_day: w.localDay,
    purpose: w.trip.purpose,
    replaced_mode: w.trip.replacedMode,
    main_mode: w.trip.mainMode,
    distance_km: w.trip.distanceKm,
    duration_min: w.trip.durationMin,
    leg_count: w.trip.legs.length,
    source: w.source,
    content_hash: w.contentHash,
    created_at: w.createdAt ?? now,
    updated_at: now,
    status: w.status ?? 'confirmed',
    origin: w.origin ?? null,
    confirmed_at: w.confirmedAt ?? null,
  }));
  const legRows = fresh.flatMap((w) =>
    w.trip.legs.map((l) => ({
      trip_id: w.trip.id,
      seq: l.seq,
      mode: l.mode,
      distance_km: l.distanceKm,
      duration_min: l.durationMin,
      started_at: l.startedAt,
      replaced_mode: l.replacedMode,
      geometry: l.geometry ? JSON.stringify(l.geometry) : null,
    })),
  );
  const deltas = emptyDeltas();
  for (const w of fresh) {
    if (!countsInRollups(w)) continue;
    addTripToDeltas(
      deltas,
      {
        commuterId: w.trip.commuterId,
        partnerId: w.partnerId,
        siteId: w.siteId,
        localDay: w.localDay,
        purpose: w.trip.purpose,
        replacedMode: w.trip.replacedMode,
        mainMode: w.trip.mainMode,
        distanceKm: w.trip.distanceKm,
        legs: w.trip.legs,
      },
      1,
    );
  }
  return { outcomes, tripRows, legRows, deltas };
}

/** Inserts a plan's trip and leg rows in chunks (bound parameters per statement stay small). */
async function insertTripRows(
  db: Kysely<Database>,
  plan: Pick<InsertPlan, 'tripRows' | 'legRows'>,
): Promise<void> {
  for (let i = 0; i < plan.tripRows.length; i += CHUNK)
    await db
      .insertInto('trips')
      .values(plan.tripRows.slice(i, i + CHUNK))
      .execute();
  for (let i = 0; i < plan.legRows.length; i += CHUNK * 2)
    await db
      .insertInto('legs')
      .values(plan.legRows.slice(i, i + CHUNK * 2))
      .execute();
}

/**
 * Stores trips with their legs and rollup contributions. Must run inside a transaction (the
 * caller's): either every trip is stored or none. A trip whose id is already stored with the
 * same content is a replay and changes nothing; the same id with other content is a conflict,
 * answered before anything is written. On SQLite, pass the database's bulk writer to skip
 * query building (same rows, same transaction).
 */
export async function insertTrips(
  db: Kysely<Database>,
  writes: TripWrite[],
  now: string,
  bulk: SqliteBulkWriter | null = null,
): Promise<WriteOutcome[] | IdConflicts> {
  if (bulk) return insertTripsWithBulkWriter(bulk, writes, now);
  const ids = [...new Set(writes.map((w) => w.trip.id))];
  const existing = new Map<string, { hash: string; commuterId: string }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('trips')
      .select(['id', 'content_hash', 'commuter_id'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) existing.set(r.id, { hash: r.content_hash, commuterId: r.commuter_id });
  }
  const plan = planInsert(writes, existing, now);
  if ('conflicts' in plan) return plan;
  await insertTripRows(db, plan);
  await applyRollupDeltas(db, plan.deltas);
  return plan.outcomes;
}

/**
 * insertTrips on SQLite's bulk writer: synchronous, so a caller may run it inside
 * better-sqlite3's own transaction without yielding to other requests.
 */
export function insertTripsWithBulkWriter(
  bulk: SqliteBulkWriter,
  writes: TripWrite[],
  now: string,
): WriteOutcome[] | IdConflicts {
  const plan = planInsert(writes, bulk.findStored([...new Set(writes.map((w) => w.trip.id))]), now);
  if ('conflicts' in plan) return plan;
  storePlanRows(bulk, plan);
  return plan.outcomes;
}

function storePlanRows(bulk: SqliteBulkWriter, plan: Omit<InsertPlan, 'outcomes'>): void {
  bulk.insertTripRows(plan.tripRows);
  bulk.insertLegRows(plan.legRows);
  bulk.applyAdditions(plan.deltas);
}

/**
 * The rows and rollup deltas of trips none of which is stored yet: what insertTrips would
 * write into a database without them. Pure, so it can be worked out on another thread (the
 * demo seeder does) while this one writes.
 */
export function planFreshInsert(writes: TripWrite[], now: string): Omit<InsertPlan, 'outcomes'> {
  const plan = planInsert(writes, new Map(), now);
  // Only ids repeated within the batch itself can conflict here: a generator's bug.
  if ('conflicts' in plan)
    throw new Error(`${plan.conflicts.length} trip ids repeat within the planned batch`);
  const { tripRows, legRows, deltas } = plan;
  return { tripRows, legRows, deltas };
}

/**
 * Stores a plan from planFreshInsert on SQLite's bulk writer, inside the caller's transaction.
 * The plan assumed none of its trips was stored: if one is already there, nothing is written
 * and the conflicts are answered.
 */
export function storeFreshPlan(
  bulk: SqliteBulkWriter,
  plan: Omit<InsertPlan, 'outcomes'>,
): IdConflicts | undefined {
  const stored = bulk.findStored(plan.tripRows.map((r) => r.id));
  if (stored.size > 0) {
    return {
      conflicts: plan.tripRows.flatMap((r, index) =>
        stored.has(r.id) ? [{ index, id: r.id }] : [],
      ),
    };
  }
  storePlanRows(bulk, plan);
  return undefined;
}

/**
 * A bulk load's part of a plan from planFreshInsert: its trips, legs and route cells, but none
 * of the summed rollups, which the load rebuilds once at the end with rebuildSumRollups (one
 * GROUP BY instead of a dozen upserts per trip). Run inside the caller's transaction; the
 * rollups are wrong until that rebuild, so only a loader that owns the database (the demo
 * command) may use it. A trip id already stored fails the primary key and the transaction.
 */
export async function storeFreshRowsWithoutSums(
  db: Kysely<Database>,
  plan: Omit<InsertPlan, 'outcomes'>,
  bulk: SqliteBulkWriter | null,
): Promise<void> {
  if (bulk) {
    bulk.insertTripRows(plan.tripRows);
    bulk.insertLegRows(plan.legRows);
    bulk.applyCellAdditions(plan.deltas);
    return;
  }
  await insertTripRows(db, plan);
  await applyRollupDeltas(db, { ...emptyDeltas(), cellMonth: plan.deltas.cellMonth });
}

/** The trip as it reads back after insertTrips stored it (same shape as findTrip answers). */
export function storedTripOf(w: TripWrite, now: string): StoredTrip {
  return {
    id: w.trip.id,
    commuterId: w.trip.commuterId,
    partnerId: w.partnerId,
    siteId: w.siteId,
    startedAt: w.trip.startedAt,
    endedAt: w.trip.endedAt,
    localDay: w.localDay,
    purpose: w.trip.purpose,
    replacedMode: w.trip.replacedMode,
    mainMode: w.trip.mainMode,
    distanceKm: w.trip.distanceKm,
    durationMin: w.trip.durationMin,
    source: w.source,
    status: w.status ?? 'confirmed',
    origin: w.origin ?? null,
    confirmedAt: w.confirmedAt ?? null,
    legs: w.trip.legs.map((l) => ({
      mode: l.mode,
      distanceKm: l.distanceKm,
      durationMin: l.durationMin,
      startedAt: l.startedAt,
      replacedMode: l.replacedMode,
      geometry: l.geometry,
    })),
    createdAt: w.createdAt ?? now,
    updatedAt: now,
  };
}

function toLeg(row: Selectable<LegsTable>): StoredLeg {
  return {
    mode: row.mode as Mode,
    distanceKm: row.distance_km,
    durationMin: row.duration_min,
    startedAt: row.started_at,
    replacedMode: row.replaced_mode as ReplacedMode | null,
    geometry: row.geometry ? (JSON.parse(row.geometry) as LineGeometry) : null,
  };
}

function toTrip(row: Selectable<TripsTable>, legs: StoredLeg[]): StoredTrip {
  return {
    id: row.id,
    commuterId: row.commuter_id,
    partnerId: row.partner_id,
    siteId: row.site_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    localDay: row.local_day,
    purpose: row.purpose as TripPurpose | null,
    replacedMode: row.replaced_mode as ReplacedMode | null,
    mainMode: row.main_mode as Mode,
    distanceKm: row.distance_km,
    durationMin: row.duration_min,
    source: row.source as TripSource,
    status: row.status as TripStatus,
    origin: row.origin,
    confirmedAt: row.confirmed_at,
    legs,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function legsOf(db: Kysely<Database>, tripIds: string[]): Promise<Map<string, StoredLeg[]>> {
  const out = new Map<string, StoredLeg[]>();
  for (let i = 0; i < tripIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('legs')
      .selectAll()
      .where('trip_id', 'in', tripIds.slice(i, i + CHUNK))
      .orderBy('trip_id')
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      const list = out.get(r.trip_id) ?? [];
      list.push(toLeg(r));
      out.set(r.trip_id, list);
    }
  }
  return out;
}

export async function findTrip(db: Kysely<Database>, id: string): Promise<StoredTrip | null> {
  const row = await db.selectFrom('trips').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toTrip(row, (await legsOf(db, [id])).get(id) ?? []);
}

export async function findTrips(db: Kysely<Database>, ids: string[]): Promise<StoredTrip[]> {
  const rows: Selectable<TripsTable>[] = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    rows.push(
      ...(await db
        .selectFrom('trips')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute()),
    );
  const legs = await legsOf(
    db,
    rows.map((r) => r.id),
  );
  const byId = new Map(rows.map((r) => [r.id, toTrip(r, legs.get(r.id) ?? [])]));
  return ids.map((id) => byId.get(id)).filter((t): t is StoredTrip => !!t);
}

/** Removes trips with their legs and rollup contributions. Must run inside a transaction. */
export async function deleteTrips(db: Kysely<Database>, trips: StoredTrip[]): Promise<void> {
  if (trips.length === 0) return;
  const deltas = emptyDeltas();
  for (const t of trips) if (countsInRollups(t)) addTripToDeltas(deltas, t, -1);
  const ids = trips.map((t) => t.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db
      .deleteFrom('legs')
      .where('trip_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    await db
      .deleteFrom('trips')
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  }
  await applyRollupDeltas(db, deltas);
}

export interface TripListFilter {
  partnerId: string | null;
  commuterId: string | null;
  siteId?: string;
  mainMode?: Mode;
  status?: TripStatus;
  source?: TripSource;
  /** Inclusive lower bound: a local day 'YYYY-MM-DD' or a UTC instant. */
  from?: { day: string } | { instant: string };
  /** Inclusive upper bound. */
  to?: { day: string } | { instant: string };
  limit: number;
  cursor?: { startedAt: string; id: string };
}

/** Newest first; the cursor is the last row's (startedAt, id), so pages never skip or repeat. */
export async function listTrips(db: Kysely<Database>, f: TripListFilter): Promise<StoredTrip[]> {
  let q = db
    .selectFrom('trips')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.partnerId !== null) q = q.where('partner_id', '=', f.partnerId);
  if (f.commuterId !== null) q = q.where('commuter_id', '=', f.commuterId);
  if (f.siteId) q = q.where('site_id', '=', f.siteId);
  if (f.mainMode) q = q.where('main_mode', '=', f.mainMode);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.from)
    q =
      'day' in f.from
        ? q.where('local_day', '>=', f.from.day)
        : q.where('started_at', '>=', f.from.instant);
  if (f.to)
    q =
      'day' in f.to
        ? q.where('local_day', '<=', f.to.day)
        : q.where('started_at', '<=', f.to.instant);
  if (f.cursor) {
    const c = f.cursor;
    q = q.where((eb) =>
      eb.or([
        eb('started_at', '<', c.startedAt),
        eb.and([eb('started_at', '=', c.startedAt), eb('id', '<', c.id)]),
      ]),
    );
  }
  const rows = await q.execute();
  const legs = await legsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTrip(r, legs.get(r.id) ?? []));
}

/**
 * Marks an unconfirmed trip confirmed and adds it to the rollups, inside the caller's
 * transaction. Confirming a confirmed trip changes nothing (a second tap is harmless).
 */
export async function confirmTrip(
  db: Kysely<Database>,
  trip: StoredTrip,
  now: string,
): Promise<void> {
  if (trip.status === 'confirmed') return;
  // The guard on status makes two concurrent confirmations add the trip to rollups once.
  const result = await db
    .updateTable('trips')
    .set({ status: 'confirmed', confirmed_at: now, updated_at: now })
    .where('id', '=', trip.id)
    .where('status', '=', 'unconfirmed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return;
  const deltas = emptyDeltas();
  addTripToDeltas(deltas, trip, 1);
  await applyRollupDeltas(db, deltas);
}

/**
 * The time spans of a commuter's stored trips that overlap [fromIso, toIso]: an import drops
 * inferred trips that overlap one of them, so an overlapping file adds no duplicates.
 * Trips without an end are taken as instants. Bounded: at most `limit` spans.
 */
export async function tripSpansBetween(
  db: Kysely<Database>,
  commuterId: string,
  fromIso: string,
  toIso: string,
  limit: number,
): Promise<Array<{ id: string; startedAt: string; endedAt: string | null }>> {
  const rows = await db
    .selectFrom('trips')
    .select(['id', 'started_at', 'ended_at'])
    .where('commuter_id', '=', commuterId)
    .where('started_at', '<=', toIso)
    .where((eb) =>
      eb.or([
        eb('ended_at', '>=', fromIso),
        eb.and([eb('ended_at', 'is', null), eb('started_at', '>=', fromIso)]),
      ]),
    )
    .orderBy('started_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, startedAt: r.started_at, endedAt: r.ended_at }));
}

import { hash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { trimTripGeometries } from '../domain/geometry.js';
import { canWriteCommuter, type Actor } from '../domain/roles.js';
import {
  DEFAULT_GEOMETRY_LIMITS,
  localDayOf,
  normalizeTrip,
  type GeometryLimits,
  type NormalizedTrip,
} from '../domain/trip-rules.js';
import type { TripInput } from '../domain/trips.js';
import { AppError } from '../errors.js';
import {
  insertTrips,
  type IdConflicts,
  type TripSource,
  type TripWrite,
  type WriteOutcome,
} from '../repositories/trips.js';
import type { SqliteBulkWriter } from '../repositories/sqlite-bulk.js';
import { readSharedCounter } from '../repositories/shared-counters.js';

/** A trip as the API receives it: the commuter may be implied by the caller. */
export type TripRequest = Omit<TripInput, 'commuterId'> & { commuterId?: string | undefined };

export interface ItemIssue {
  index: number;
  path: string;
  code: string;
  message: string;
}

/** Geometry bounds of one trip, and of all trips of one request together. */
export type TripLimits = GeometryLimits & {
  maxPointsPerRequest: number;
  maxRouteCellsPerRequest: number;
};

export const DEFAULT_TRIP_LIMITS: TripLimits = Object.freeze({
  ...DEFAULT_GEOMETRY_LIMITS,
  maxPointsPerRequest: 200_000,
  maxRouteCellsPerRequest: 250_000,
});

export interface PreparedTrips {
  writes: TripWrite[];
}

export interface CommuterScope {
  id: string;
  partnerId: string;
  siteId: string | null;
  timezone: string;
}

/** Where prepareTrips finds commuters' scopes before asking the database. */
export interface CommuterScopeLookup {
  get(id: string): CommuterScope | undefined;
  /** `epoch`: the shared 'commuter_scopes' counter read before the lookup (see sync). */
  set(scope: CommuterScope, epoch?: number): void;
  /** Caches shared with other server processes' writes: told the counter before each use. */
  sync?(epoch: number): void;
}

/**
 * Partner, site and time zone of commuters, for a few seconds: a phone uploading trip after
 * trip should not cost a join each time. Editing or deleting a commuter, or a partner's time
 * zone, raises the shared 'commuter_scopes' counter, which every use reads first: an edit
 * through any server process on the database empties the cache of all of them.
 */
export class CommuterScopeCache implements CommuterScopeLookup {
  private readonly entries = new Map<string, { scope: CommuterScope; until: number }>();
  private epoch = -1;
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}
  sync(epoch: number): void {
    if (epoch <= this.epoch) return;
    this.epoch = epoch;
    this.entries.clear();
  }
  get(id: string): CommuterScope | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.until <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return e.scope;
  }
  set(scope: CommuterScope, epoch?: number): void {
    // Looked up before the latest edit we know of: it may be stale.
    if (epoch !== this.epoch) return;
    if (this.entries.size >= 50_000) this.entries.clear();
    this.entries.set(scope.id, { scope, until: this.now() + this.ttlMs });
  }
  clear(): void {
    this.entries.clear();
  }
}

export async function loadCommuterScopes(
  db: Kysely<Database>,
  wanted: string[],
  cache: CommuterScopeLookup | null,
): Promise<Map<string, CommuterScope>> {
  const out = new Map<string, CommuterScope>();
  const ids: string[] = [];
  const epoch = cache?.sync ? await readSharedCounter(db, 'commuter_scopes') : undefined;
  if (epoch !== undefined) cache?.sync?.(epoch);
  for (const id of wanted) {
    const hit = cache?.get(id);
    if (hit) out.set(id, hit);
    else ids.push(id);
  }
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('commuters')
      .innerJoin('partners', 'partners.id', 'commuters.partner_id')
      .select(['commuters.id', 'commuters.partner_id', 'commuters.site_id', 'partners.timezone'])
      .where('commuters.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const scope = { id: r.id, partnerId: r.partner_id, siteId: r.site_id, timezone: r.timezone };
      out.set(r.id, scope);
      cache?.set(scope, epoch);
    }
  }
  return out;
}

/**
 * The content a replay must match: everything the caller sent, normalised, except the id.
 * Two sends of the same trip hash the same even if keys came in another order.
 */
export function contentHashOf(trip: NormalizedTrip): string {
  const { id: _id, ...content } = trip;
  return hash('sha256', JSON.stringify(content), 'base64url');
}

/**
 * Checks who may write each trip, applies the plausibility rules and resolves partner, site
 * and local day. Throws one AppError listing every item's problems, so a batch is all or nothing.
 */
export async function prepareTrips(
  db: Kysely<Database>,
  actor: Actor,
  requests: TripRequest[],
  options: {
    source: TripSource;
    nowMs: number;
    privacyRadiusM: number;
    pathPrefix?: (index: number) => string;
    scopeCache?: CommuterScopeLookup | null;
    limits?: TripLimits;
  },
): Promise<PreparedTrips> {
  const issues: ItemIssue[] = [];
  const prefix = options.pathPrefix ?? (() => '');
  const limits = options.limits ?? DEFAULT_TRIP_LIMITS;
  // Counted before any other work: a batch of 1000 trips of 10,000 points each would cost
  // seconds of checking even if every trip were then refused.
  let pointsInRequest = 0;
  for (const r of requests)
    for (const leg of r.legs) pointsInRequest += leg.geometry?.coordinates.length ?? 0;
  if (pointsInRequest > limits.maxPointsPerRequest) {
    const max = limits.maxPointsPerRequest;
    throw new AppError(
      'validation_failed',
      `the trips' lines have ${pointsInRequest} points together; one request carries at most ${max}`,
      [
        {
          path: requests.length === 1 ? 'legs' : 'trips',
          message: `at most ${max} points of geometry per request`,
          code: 'too_many_points',
        },
      ],
    );
  }
  const commuterIds: string[] = requests.map((r, index) => {
    if (actor.role === 'commuter') {
      if (r.commuterId !== undefined && r.commuterId !== actor.commuterId) {
        issues.push({
          index,
          path: `${prefix(index)}commuterId`,
          code: 'forbidden',
          message: 'a commuter logs only their own trips',
        });
      }
      return actor.commuterId;
    }
    if (r.commuterId === undefined)
      issues.push({
        index,
        path: `${prefix(index)}commuterId`,
        code: 'required',
        message: 'commuterId is required',
      });
    return r.commuterId ?? '';
  });
  if (actor.role === 'analyst')
    throw new AppError('forbidden', 'analysts read aggregates and cannot write trips');

  const scopes = await loadCommuterScopes(
    db,
    [...new Set(commuterIds.filter((id) => id !== ''))],
    options.scopeCache ?? null,
  );
  const writes: TripWrite[] = [];
  let routeSamplesInRequest = 0;
  requests.forEach((request, index) => {
    const commuterId = commuterIds[index]!;
    if (commuterId === '') return;
    const scope = scopes.get(commuterId);
    // An unknown commuter and another partner's commuter answer alike: ids do not leak.
    if (!scope || !canWriteCommuter(actor, { id: scope.id, partnerId: scope.partnerId })) {
      issues.push({
        index,
        path: `${prefix(index)}commuterId`,
        code: 'unknown_commuter',
        message: `no commuter ${commuterId} that you may log trips for`,
      });
      return;
    }
    const result = normalizeTrip({ ...request, commuterId }, options.nowMs, limits);
    if (!result.ok) {
      for (const issue of result.issues)
        issues.push({
          index,
          path: `${prefix(index)}${issue.path}`,
          code: issue.code,
          message: issue.message,
        });
      return;
    }
    const trip = result.trip;
    routeSamplesInRequest += result.routeSamples;
    const contentHash = contentHashOf(trip);
    const trimmed = trimTripGeometries(
      trip.legs.map((l) => l.geometry),
      options.privacyRadiusM,
    );
    for (const [i, leg] of trip.legs.entries()) leg.geometry = trimmed[i] ?? null;
    writes.push({
      trip: { ...trip, id: trip.id ?? `trp_${randomUUID()}` },
      partnerId: scope.partnerId,
      siteId: scope.siteId,
      localDay: localDayOf(trip.startedAt, scope.timezone),
      contentHash,
      source: options.source,
    });
  });
  if (issues.length === 0 && routeSamplesInRequest > limits.maxRouteCellsPerRequest) {
    // Each trip may be fine and 1000 long routes together still too much map work for one request.
    const max = limits.maxRouteCellsPerRequest;
    const message = `the trips' routes would cross up to ${routeSamplesInRequest} map cells together; one request may cross at most ${max}`;
    throw new AppError('validation_failed', message, [
      {
        path: requests.length === 1 ? 'legs' : 'trips',
        message: `at most ${max} map cells per request`,
        code: 'too_many_cells',
      },
    ]);
  }
  if (issues.length > 0) {
    const implausible = issues.every(
      (i) => !['forbidden', 'required', 'unknown_commuter'].includes(i.code),
    );
    const items = new Set(issues.map((i) => i.index)).size;
    throw new AppError(
      implausible ? 'implausible_trip' : 'validation_failed',
      requests.length === 1
        ? issues.map((i) => `${i.path}: ${i.message}`).join('; ')
        : `${items} of ${requests.length} trips were rejected; nothing was stored`,
      requests.length === 1 ? issues.map(({ index: _i, ...rest }) => rest) : issues,
    );
  }
  return { writes };
}

/**
 * The outcomes of a trip write, or its id conflicts as the 409 that names each trip. Call it
 * inside the write's transaction: the throw rolls back what the transaction did before.
 */
export function outcomesOrConflict(
  result: WriteOutcome[] | IdConflicts,
  writeCount: number,
): WriteOutcome[] {
  if (!('conflicts' in result)) return result;
  const { conflicts } = result;
  const message =
    conflicts.length === 1
      ? `trip id ${conflicts[0]!.id} is already used by a different trip`
      : `${conflicts.length} trip ids are already used by different trips`;
  throw new AppError(
    'id_conflict',
    message,
    conflicts.map((c) => ({
      index: c.index,
      path: writeCount > 1 ? `trips[${c.index}].id` : 'id',
      id: c.id,
      message: 'this id is already used by a different trip',
    })),
  );
}

/** Stores prepared trips inside the caller's transaction; an id used by a different trip is a 409. */
export async function storeTrips(
  trx: Kysely<Database>,
  writes: TripWrite[],
  now: string,
  bulk: SqliteBulkWriter | null = null,
): Promise<WriteOutcome[]> {
  return outcomesOrConflict(await insertTrips(trx, writes, now, bulk), writes.length);
}

/** Prepares and stores trips in one transaction. */
export async function ingestTrips(
  db: Kysely<Database>,
  actor: Actor,
  requests: TripRequest[],
  options: {
    source: TripSource;
    nowMs: number;
    privacyRadiusM: number;
    pathPrefix?: (index: number) => string;
    bulk?: SqliteBulkWriter | null;
    scopeCache?: CommuterScopeCache | null;
    limits?: TripLimits;
  },
): Promise<WriteOutcome[]> {
  const { writes } = await prepareTrips(db, actor, requests, options);
  const now = new Date(options.nowMs).toISOString();
  return db.transaction().execute((trx) => storeTrips(trx, writes, now, options.bulk ?? null));
}

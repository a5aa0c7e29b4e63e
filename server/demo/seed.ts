import { seedDemoEnrolmentCodes } from './enrolment.js';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { hashPassword, type PasswordHashCost } from '../auth/passwords.js';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/connection.js';
import type { Actor } from '../domain/roles.js';
import { insertAccount } from '../repositories/accounts.js';
import { markDemoRows } from '../repositories/demo.js';
import { insertSurvey } from '../repositories/commuters.js';
import { insertPartner, insertSite } from '../repositories/partners.js';
import {
  planFreshInsert,
  storeFreshPlan,
  storeFreshRowsWithoutSums,
  type InsertPlan,
} from '../repositories/trips.js';
import { bumpDataVersions } from '../repositories/data-versions.js';
import {
  rebuildCommuterMonths,
  rebuildPeriodRollups,
  rebuildSumRollups,
} from '../repositories/rollups.js';
import { isConflict, type Conflict } from '../repositories/results.js';
import { bulkLoadSettings, dropSecondaryIndexes } from '../repositories/sqlite-bulk.js';
import { createCommuter } from '../services/commuters.js';
import {
  DEFAULT_TRIP_LIMITS,
  prepareTrips,
  storeTrips,
  type CommuterScope,
  type CommuterScopeLookup,
  type TripLimits,
} from '../services/trips.js';
import { DEMO_ACCOUNTS, generateDemoNetwork, generateDemoTrips } from './generate.js';
import type { DemoNetwork, DemoOptions } from './types.js';

export interface SeedReport {
  counts: {
    partners: number;
    sites: number;
    commuters: number;
    surveys: number;
    trips: number;
    legs: number;
  };
  /** Whether a second thread generated and planned the trips. */
  plannerThread: boolean;
  accounts: Array<{ email: string; password: string; role: string; partnerId: string | null }>;
}

/** The seeder writes as a system admin, through the same checks as the API. */
const SEEDER: Actor = { role: 'admin', accountId: 'system-demo-seeder' };

/** Trips prepared and written together: bounds memory whatever the demo's scale. */
const TRIPS_PER_BATCH = 5000;

type PlannedBatch = Omit<InsertPlan, 'outcomes'> & { trips: number; legs: number };
type PlannerOptions = DemoOptions & { nowMs: number };

/** The scopes of the demo's commuters, known from the network itself: no database needed. */
function networkScopes(network: DemoNetwork): CommuterScopeLookup {
  const timezones = new Map(network.partners.map((p) => [p.id, p.timezone]));
  const scopes = new Map<string, CommuterScope>(
    network.commuters.map((c) => [
      c.id,
      { id: c.id, partnerId: c.partnerId, siteId: c.siteId, timezone: timezones.get(c.partnerId)! },
    ]),
  );
  return { get: (id) => scopes.get(id), set: () => {} };
}

/**
 * The API's limits per trip; none per request, since the seeder's batches are its own chunking
 * of generated data, not requests (a batch holds thousands of tracked trips).
 */
const SEEDER_LIMITS: TripLimits = Object.freeze({
  ...DEFAULT_TRIP_LIMITS,
  maxPointsPerRequest: Number.POSITIVE_INFINITY,
  maxRouteCellsPerRequest: Number.POSITIVE_INFINITY,
});

/** The demo's trips in batches, through the same checks as the API's (services/trips.ts). */
async function* preparedBatches(
  db: Kysely<Database>,
  network: DemoNetwork,
  options: PlannerOptions,
) {
  const scopes = networkScopes(network);
  const prepared = async (requests: Parameters<typeof prepareTrips>[2]) =>
    (
      await prepareTrips(db, SEEDER, requests, {
        source: 'demo',
        nowMs: options.nowMs,
        privacyRadiusM: 200,
        scopeCache: scopes,
        limits: SEEDER_LIMITS,
      })
    ).writes;
  let pending: Parameters<typeof prepareTrips>[2] = [];
  for (const batch of generateDemoTrips(network, options)) {
    pending.push(...batch);
    if (pending.length >= TRIPS_PER_BATCH) {
      yield await prepared(pending);
      pending = [];
    }
  }
  if (pending.length > 0) yield await prepared(pending);
}

/**
 * SQLite page cache of a bulk load (the server's is 16 MiB): the rebuild's GROUP BYs over
 * millions of legs sort in memory up to this size instead of spilling to temporary files.
 */
const BULK_CACHE_MIB = 256;

const PLANNER_TAG = 'modeshift-demo-planner';
/** Batches the planner may have sent ahead of the writer: bounds memory, keeps both threads busy. */
const PLANNED_AHEAD = 2;

/**
 * The planner thread's program: generate, check and plan the demo's trips (about half of the
 * seeding time), sending each batch's rows to the thread that writes them. It needs no
 * database: the network tells every commuter's scope, and the demo starts from empty tables.
 */
async function runPlanner(network: DemoNetwork, options: PlannerOptions): Promise<void> {
  const port = parentPort!;
  const now = new Date(options.nowMs).toISOString();
  let ahead = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    ahead--;
    wake?.();
  });
  const noDatabase = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the demo planner has no database');
      },
    },
  ) as Kysely<Database>;
  for await (const writes of preparedBatches(noDatabase, network, options)) {
    const plan = planFreshInsert(writes, now);
    port.postMessage({
      ...plan,
      trips: writes.length,
      legs: plan.legRows.length,
    } satisfies PlannedBatch);
    ahead++;
    while (ahead >= PLANNED_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
  }
  port.postMessage(null);
}

// A failure ends the thread with an unhandled rejection, which the writer's 'error' handler receives.
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[PLANNER_TAG]) {
  const { network, options } = workerData as { network: DemoNetwork; options: PlannerOptions };
  void runPlanner(network, options);
}

/**
 * Planned batches from a planner thread, in order. The thread runs this same module file (the
 * bundled server's, or this source under tsx). Null when no thread can be started here.
 */
function plannerBatches(
  network: DemoNetwork,
  options: PlannerOptions,
): AsyncGenerator<PlannedBatch> | null {
  let worker: Worker;
  try {
    const self = new URL(import.meta.url);
    const data = { [PLANNER_TAG]: true, network, options };
    if (self.pathname.endsWith('.ts')) {
      // Run from TypeScript sources (npm run demo, the dev server): the thread registers tsx
      // first, as Node 20 does not pass the parent's module hooks on to threads.
      const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
      worker = new Worker(
        `import(${tsx}).then((api) => { api.register(); return import(${JSON.stringify(self.href)}); })`,
        { eval: true, workerData: data },
      );
    } else {
      worker = new Worker(self, { workerData: data });
    }
  } catch {
    return null;
  }
  const queue: Array<PlannedBatch | null> = [];
  let failure: Error | null = null;
  let notify: (() => void) | null = null;
  worker.on('message', (m: PlannedBatch | null) => {
    queue.push(m);
    notify?.();
  });
  worker.on('error', (err) => {
    failure = err;
    notify?.();
  });
  let finished = false;
  worker.on('exit', (code) => {
    if (!finished && !failure)
      failure = new Error(
        `the demo planner thread stopped (code ${code}) before it planned every trip`,
      );
    notify?.();
  });
  return (async function* () {
    try {
      for (;;) {
        while (queue.length === 0 && !failure)
          await new Promise<void>((resolve) => (notify = resolve));
        if (queue.length === 0) throw failure!;
        const next = queue.shift()!;
        if (next === null) {
          finished = true;
          return;
        }
        yield next;
        worker.postMessage('ack');
      }
    } finally {
      await worker.terminate();
    }
  })();
}

/**
 * The demo is seeded only where its ids are free (bootstrap checks the towns first): a row that
 * is refused all the same fails the seeding, whose transaction then stores nothing.
 */
function stored<T extends object>(result: T | Conflict | undefined, what: string): T {
  if (!result) throw new Error(`demo ${what} cannot be stored: its partner is missing`);
  if (isConflict(result)) throw new Error(`demo ${what} cannot be stored: it already exists`);
  return result;
}

/**
 * Stores the deterministic demo network (server/demo/generate.ts) through the repositories and
 * the trip service, so the demo's trips pass the same plausibility rules and build the same
 * rollups as real ones. With `plannerThread` (the server and the demo command), generating,
 * checking and planning the trips runs on a second thread while this one writes them: on
 * SQLite into empty tables only, where a plan made without the database is exact.
 */
export async function seedDemo(
  db: Db,
  options: DemoOptions & {
    passwordHash: PasswordHashCost;
    nowMs: number;
    onProgress?: (trips: number) => void;
    plannerThread?: boolean;
    /** Batched commits and rollups built once at the end (seedTripsInBulk): for large demos. */
    bulk?: boolean;
    onPhase?: (phase: string) => void;
  },
): Promise<SeedReport> {
  const now = new Date(options.nowMs).toISOString();
  const network = generateDemoNetwork(options);
  const k = db.kysely;
  await k.transaction().execute(async (trx) => {
    for (const p of network.partners) stored(await insertPartner(trx, p, now), `partner ${p.id}`);
    for (const s of network.sites)
      stored(await insertSite(trx, s.partnerId, s, now), `site ${s.id}`);
    for (const c of network.commuters) await createCommuter(trx, c, now);
    for (const s of network.surveys) await insertSurvey(trx, s, now);
    await markDemoRows(trx, { partnerIds: network.partners.map((p) => p.id), accountIds: [] });
    await seedDemoEnrolmentCodes(
      trx,
      network.partners.map((p) => p.id),
      now,
    );
  });

  const accounts: SeedReport['accounts'] = [];
  const hashes = new Map<string, string>();
  for (const a of DEMO_ACCOUNTS) {
    let hash = hashes.get(a.password);
    if (!hash)
      hashes.set(a.password, (hash = await hashPassword(a.password, options.passwordHash)));
  }
  // Marked in the transaction that stores them: `npm run demo -- --remove` finds every one.
  await k.transaction().execute(async (trx) => {
    const accountIds: string[] = [];
    for (const a of DEMO_ACCOUNTS) {
      const id = `acc_demo_${a.email.split('@')[0]!.replace(/[^a-z0-9]+/gi, '_')}`;
      stored(
        await insertAccount(
          trx,
          {
            id,
            email: a.email,
            passwordHash: hashes.get(a.password)!,
            role: a.role,
            partnerId: a.partnerId,
            commuterId: a.commuterId,
          },
          now,
        ),
        `account ${a.email}`,
      );
      accountIds.push(id);
      accounts.push({ email: a.email, password: a.password, role: a.role, partnerId: a.partnerId });
    }
    await markDemoRows(trx, { partnerIds: [], accountIds });
  });

  const plannerOptions: PlannerOptions = {
    seed: options.seed,
    scale: options.scale,
    nowMs: options.nowMs,
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
  };
  const counts = {
    partners: network.partners.length,
    sites: network.sites.length,
    commuters: network.commuters.length,
    surveys: network.surveys.length,
  };
  if (options.bulk) {
    const loaded = await seedTripsInBulk(db, network, plannerOptions, options);
    if (loaded) return { counts: { ...counts, ...loaded.counts }, accounts, ...loaded.thread };
  }

  // One transaction for all trips: commits and WAL checkpoints are most of SQLite's cost at
  // this volume, and a half-seeded demo is never left behind if start-up is interrupted.
  let trips = 0;
  let legs = 0;
  let plannerThread = false;
  await k.transaction().execute(async (trx) => {
    // The month rollup is rebuilt once at the end instead of kept up trip by trip, and on an
    // empty SQLite database the secondary indexes are built once after the load.
    const bulk = db.bulkWriter();
    if (bulk) bulk.monthRollupDeferred = true;
    const emptyBefore = !(await trx.selectFrom('trips').select('id').limit(1).executeTakeFirst());
    const restoreIndexes = db.sqlite && emptyBefore ? dropSecondaryIndexes(db.sqlite) : () => {};
    try {
      const planned =
        bulk && emptyBefore && options.plannerThread
          ? plannerBatches(network, plannerOptions)
          : null;
      if (planned && bulk) {
        plannerThread = true;
        for await (const batch of planned) {
          const refused = storeFreshPlan(bulk, batch);
          if (refused)
            throw new Error(`${refused.conflicts.length} trip ids of the batch are already stored`);
          trips += batch.trips;
          legs += batch.legs;
          options.onProgress?.(trips);
        }
      } else {
        for await (const writes of preparedBatches(trx, network, plannerOptions)) {
          await storeTrips(trx, writes, now, bulk);
          trips += writes.length;
          legs += writes.reduce((sum, w) => sum + w.trip.legs.length, 0);
          options.onProgress?.(trips);
        }
      }
    } finally {
      if (bulk) bulk.monthRollupDeferred = false;
      restoreIndexes();
    }
    if (bulk) {
      await rebuildCommuterMonths(trx);
      await rebuildPeriodRollups(trx);
    }
  });

  return { counts: { ...counts, trips, legs }, accounts, plannerThread };
}

/**
 * The bulk path for large demos (`npm run demo`, issue 14's national campaign): trips, legs and
 * route cells are stored in one transaction per planned batch, with no per-trip rollup work, and
 * every summed rollup is then built once in SQL from the raw rows (rebuildSumRollups), which
 * is the same data the per-trip path keeps up trip by trip (test/demo/seed.test.ts). One
 * transaction for millions of trips kept the whole database in SQLite's WAL until the commit,
 * and every page read then searched an ever longer WAL index: the per-trip path slowed down as
 * the demo grew. Batches commit, so the WAL is checkpointed as the load goes.
 *
 * Not all or nothing: if the load stops half-way, the demo's partners are already marked and
 * `npm run demo -- --remove` deletes what was stored (on SQLite the secondary indexes dropped
 * for the load are then missing too: rebuild such a file from scratch). Null when trips are
 * already stored: the plans assume empty tables, so the caller takes the per-trip path.
 */
async function seedTripsInBulk(
  db: Db,
  network: DemoNetwork,
  plannerOptions: PlannerOptions,
  options: {
    nowMs: number;
    plannerThread?: boolean;
    onProgress?: (trips: number) => void;
    onPhase?: (phase: string) => void;
  },
): Promise<{ counts: { trips: number; legs: number }; thread: { plannerThread: boolean } } | null> {
  const k = db.kysely;
  if (await k.selectFrom('trips').select('id').limit(1).executeTakeFirst()) return null;
  const now = new Date(options.nowMs).toISOString();
  const bulk = db.bulkWriter();
  let trips = 0;
  let legs = 0;
  const planned = bulk && options.plannerThread ? plannerBatches(network, plannerOptions) : null;
  const batches: AsyncIterable<Omit<InsertPlan, 'outcomes'> & { trips: number }> =
    planned ??
    (async function* () {
      for await (const writes of preparedBatches(k, network, plannerOptions))
        yield { ...planFreshInsert(writes, now), trips: writes.length };
    })();
  // SQLite builds the secondary indexes once from the loaded rows instead of row by row.
  const restoreIndexes = db.sqlite
    ? await k.transaction().execute(async () => dropSecondaryIndexes(db.sqlite!))
    : () => {};
  const restoreSettings = db.sqlite ? bulkLoadSettings(db.sqlite, BULK_CACHE_MIB) : () => {};
  try {
    try {
      for await (const batch of batches) {
        await k.transaction().execute((trx) => storeFreshRowsWithoutSums(trx, batch, bulk));
        trips += batch.trips;
        legs += batch.legRows.length;
        options.onProgress?.(trips);
      }
    } finally {
      options.onPhase?.('trips and legs stored; building the indexes');
      await k.transaction().execute(async () => restoreIndexes());
    }
    options.onPhase?.('building the rollups from the raw rows');
    await k.transaction().execute(async (trx) => {
      await rebuildSumRollups(trx);
      await bumpDataVersions(
        trx,
        network.partners.map((p) => p.id),
      );
    });
  } finally {
    restoreSettings();
  }
  return { counts: { trips, legs }, thread: { plannerThread: planned !== null } };
}

import { hashPassword, type PasswordHashCost } from '../auth/passwords.js';
import type { Db } from '../db/connection.js';
import type { Actor } from '../domain/roles.js';
import { insertAccount } from '../repositories/accounts.js';
import { insertCommuter, insertSurvey } from '../repositories/commuters.js';
import { insertPartner, insertSite } from '../repositories/partners.js';
import { insertTrips } from '../repositories/trips.js';
import { rebuildCommuterMonths } from '../repositories/rollups.js';
import { dropSecondaryIndexes } from '../repositories/sqlite-bulk.js';
import { prepareTrips } from '../services/trips.js';
import { DEMO_ACCOUNTS, generateDemoNetwork, generateDemoTrips } from './generate.js';
import type { DemoOptions } from './types.js';

export interface SeedReport {
  counts: { partners: number; sites: number; commuters: number; surveys: number; trips: number; legs: number };
  accounts: Array<{ email: string; password: string; role: string; partnerId: string | null }>;
}

/** The seeder writes as a system admin, through the same checks as the API. */
const SEEDER: Actor = { role: 'admin', accountId: 'system-demo-seeder' };

/** Trips prepared and written together: bounds memory whatever the demo's scale. */
const TRIPS_PER_BATCH = 5000;

/**
 * Stores the deterministic demo network (server/demo/generate.ts) through the repositories and
 * the trip service, so the demo's trips pass the same plausibility rules and build the same
 * rollups as real ones.
 */
export async function seedDemo(
  db: Db,
  options: DemoOptions & { passwordHash: PasswordHashCost; nowMs: number; onProgress?: (trips: number) => void },
): Promise<SeedReport> {
  const now = new Date(options.nowMs).toISOString();
  const network = generateDemoNetwork(options);
  const k = db.kysely;
  await k.transaction().execute(async (trx) => {
    for (const p of network.partners) await insertPartner(trx, p, now);
    for (const s of network.sites) await insertSite(trx, s.partnerId, s, now);
    for (const c of network.commuters) await insertCommuter(trx, c, now);
    for (const s of network.surveys) await insertSurvey(trx, s, now);
  });

  const accounts: SeedReport['accounts'] = [];
  const hashes = new Map<string, string>();
  for (const a of DEMO_ACCOUNTS) {
    let hash = hashes.get(a.password);
    if (!hash) hashes.set(a.password, (hash = await hashPassword(a.password, options.passwordHash)));
    await insertAccount(k, { id: `acc_demo_${a.email.split('@')[0]!.replace(/[^a-z0-9]+/gi, '_')}`, email: a.email, passwordHash: hash, role: a.role, partnerId: a.partnerId, commuterId: a.commuterId }, now);
    accounts.push({ email: a.email, password: a.password, role: a.role, partnerId: a.partnerId });
  }

  // One transaction for all trips: commits and WAL checkpoints are most of SQLite's cost at
  // this volume, and a half-seeded demo is never left behind if start-up is interrupted.
  let trips = 0;
  let legs = 0;
  await k.transaction().execute(async (trx) => {
    // The month rollup is rebuilt once at the end instead of kept up trip by trip, and on an
    // empty SQLite database the secondary indexes are built once after the load.
    const bulk = db.bulkWriter();
    if (bulk) bulk.monthRollupDeferred = true;
    const emptyBefore = !(await trx.selectFrom('trips').select('id').limit(1).executeTakeFirst());
    const restoreIndexes = db.sqlite && emptyBefore ? dropSecondaryIndexes(db.sqlite) : () => {};
    try {
      let pending: Parameters<typeof prepareTrips>[2] = [];
      const flush = async () => {
        if (pending.length === 0) return;
        const { writes } = await prepareTrips(trx, SEEDER, pending, { source: 'demo', nowMs: options.nowMs, privacyRadiusM: 200 });
        await insertTrips(trx, writes, now, bulk);
        trips += writes.length;
        legs += writes.reduce((s, w) => s + w.trip.legs.length, 0);
        options.onProgress?.(trips);
        pending = [];
      };
      for (const batch of generateDemoTrips(network, options)) {
        pending.push(...batch);
        if (pending.length >= TRIPS_PER_BATCH) await flush();
      }
      await flush();
    } finally {
      if (bulk) bulk.monthRollupDeferred = false;
      restoreIndexes();
    }
    if (bulk) await rebuildCommuterMonths(trx);
  });

  return {
    counts: { partners: network.partners.length, sites: network.sites.length, commuters: network.commuters.length, surveys: network.surveys.length, trips, legs },
    accounts,
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { bumpSharedCounter } from './shared-counters.js';

/**
 * The demo's rows: marked when seeded (migration 0006 adds the flags), counted at start-up and
 * for the web app's banner, and removed by `npm run demo -- --remove`. Everything stored under a
 * demo partner is demo data: its sites, commuters, their trips and surveys, its rollups and the
 * accounts that belong to it.
 */

export async function markDemoRows(
  db: Kysely<Database>,
  rows: { partnerIds: readonly string[]; accountIds: readonly string[] },
): Promise<void> {
  if (rows.partnerIds.length > 0)
    await db
      .updateTable('partners')
      .set({ demo: 1 })
      .where('id', 'in', [...rows.partnerIds])
      .execute();
  if (rows.accountIds.length > 0)
    await db
      .updateTable('accounts')
      .set({ demo: 1 })
      .where('id', 'in', [...rows.accountIds])
      .execute();
}

export interface DemoStatus {
  demoPartners: number;
  demoAccounts: number;
  /** Demo accounts that can log in (not disabled). */
  enabledDemoAccounts: number;
  realPartners: number;
  realAccounts: number;
}

async function count(q: {
  executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }>;
}): Promise<number> {
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Accounts that are demo data: marked, or tied to a demo partner. */
function demoAccountIds(db: Kysely<Database>) {
  return db
    .selectFrom('accounts')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('demo', '=', 1),
        eb('partner_id', 'in', eb.selectFrom('partners').select('id').where('demo', '=', 1)),
      ]),
    );
}

export async function readDemoStatus(db: Kysely<Database>): Promise<DemoStatus> {
  const demoIds = demoAccountIds(db);
  return {
    demoPartners: await count(
      db
        .selectFrom('partners')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('demo', '=', 1),
    ),
    demoAccounts: await count(
      db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', 'in', demoIds),
    ),
    enabledDemoAccounts: await count(
      db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', 'in', demoIds)
        .where('disabled_at', 'is', null),
    ),
    realPartners: await count(
      db
        .selectFrom('partners')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('demo', '=', 0),
    ),
    realAccounts: await count(
      db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', 'not in', demoIds),
    ),
  };
}

/** Whether any demo data is stored: the web app's banner asks on every page load, so one cheap probe. */
export async function hasDemoData(db: Kysely<Database>): Promise<boolean> {
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('demo', '=', 1)
    .limit(1)
    .executeTakeFirst();
  if (account) return true;
  return (
    (await db
      .selectFrom('partners')
      .select('id')
      .where('demo', '=', 1)
      .limit(1)
      .executeTakeFirst()) !== undefined
  );
}

/** Disables the demo's accounts and ends their sessions: public passwords then open nothing. */
export async function lockDemoAccounts(db: Kysely<Database>, now: string): Promise<number> {
  const ids = (await demoAccountIds(db).where('disabled_at', 'is', null).execute()).map(
    (r) => r.id,
  );
  if (ids.length === 0) return 0;
  await db
    .updateTable('accounts')
    .set({ disabled_at: now, updated_at: now })
    .where('id', 'in', ids)
    .execute();
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('account_id', 'in', ids)
    .where('revoked_at', 'is', null)
    .execute();
  await bumpSharedCounter(db, 'auth');
  return ids.length;
}

export interface DemoRemoval {
  partners: number;
  accounts: number;
  commuters: number;
  trips: number;
}

/**
 * Deletes every demo row and nothing else, child tables first. Rollups and data versions are
 * keyed by partner, so deleting a demo partner's rows leaves every real partner's exact.
 * Run inside a transaction: a removal is all or nothing.
 */
export async function removeDemoData(db: Kysely<Database>): Promise<DemoRemoval> {
  const demoPartners = db.selectFrom('partners').select('id').where('demo', '=', 1);
  const demoCommuters = db
    .selectFrom('commuters')
    .select('id')
    .where('partner_id', 'in', demoPartners);
  const demoTrips = db.selectFrom('trips').select('id').where('partner_id', 'in', demoPartners);
  const demoSites = db.selectFrom('sites').select('id').where('partner_id', 'in', demoPartners);
  const accountIds = (await demoAccountIds(db).execute()).map((r) => r.id);
  const counts: DemoRemoval = {
    partners: await count(
      db
        .selectFrom('partners')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('demo', '=', 1),
    ),
    accounts: accountIds.length,
    commuters: await count(
      db
        .selectFrom('commuters')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partner_id', 'in', demoPartners),
    ),
    trips: await count(
      db
        .selectFrom('trips')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partner_id', 'in', demoPartners),
    ),
  };

  await db
    .deleteFrom('audit_log')
    .where((eb) =>
      eb.or([
        ...(accountIds.length > 0
          ? [
              eb('account_id', 'in', accountIds),
              eb.and([eb('target_type', '=', 'account'), eb('target_id', 'in', accountIds)]),
            ]
          : []),
        eb.and([eb('target_type', '=', 'partner'), eb('target_id', 'in', demoPartners)]),
        eb.and([eb('target_type', '=', 'site'), eb('target_id', 'in', demoSites)]),
        eb.and([eb('target_type', '=', 'commuter'), eb('target_id', 'in', demoCommuters)]),
      ]),
    )
    .execute();
  if (accountIds.length > 0) {
    await db.deleteFrom('sessions').where('account_id', 'in', accountIds).execute();
    await db.deleteFrom('api_tokens').where('account_id', 'in', accountIds).execute();
    await db.deleteFrom('accounts').where('id', 'in', accountIds).execute();
    // A server running beside `npm run demo -- --remove` forgets the demo's sessions at once.
    await bumpSharedCounter(db, 'auth');
  }
  await bumpSharedCounter(db, 'commuter_scopes');
  for (const table of [
    'rollup_leg_day',
    'rollup_trip_day',
    'rollup_commuter_day',
    'rollup_commuter_month',
    'rollup_cell_month',
    'rollup_leg_month',
    'rollup_trip_month',
    'rollup_commuter_cum',
    'map_release_periods',
    'map_release_units',
    'data_versions',
    'data_changes',
  ] as const) {
    await db.deleteFrom(table).where('partner_id', 'in', demoPartners).execute();
  }
  await db.deleteFrom('legs').where('trip_id', 'in', demoTrips).execute();
  await db.deleteFrom('trips').where('partner_id', 'in', demoPartners).execute();
  await db.deleteFrom('surveys').where('commuter_id', 'in', demoCommuters).execute();
  await db.deleteFrom('enrolments').where('commuter_id', 'in', demoCommuters).execute();
  await db.deleteFrom('usual_commutes').where('commuter_id', 'in', demoCommuters).execute();
  await db.deleteFrom('enrolment_codes').where('partner_id', 'in', demoPartners).execute();
  await db.deleteFrom('tracker_devices').where('commuter_id', 'in', demoCommuters).execute();
  await db.deleteFrom('commuters').where('partner_id', 'in', demoPartners).execute();
  await db.deleteFrom('sites').where('partner_id', 'in', demoPartners).execute();
  await db.deleteFrom('partners').where('demo', '=', 1).execute();
  return counts;
}

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Checks on stored data that passed the hard plausibility rules at ingestion but deserve a
 * second look from staff. Scoped to one partner; each check gives a count and a few examples.
 */

/** Average speeds that pass the hard limits but are unusual for a commute, km/h. */
export const SUSPICIOUS_SPEED_KMH: Record<string, number> = { walk: 8, bike: 35, ebike: 40 };

export interface FlaggedTrip {
  id: string;
  commuterId: string;
  startedAt: string;
  reason: 'fast_for_mode' | 'replaced_by_itself' | 'duplicate_start';
  detail: string;
}

export async function findFlaggedTrips(
  db: Kysely<Database>,
  partnerId: string,
  limit: number,
): Promise<{ count: number; byReason: Record<string, number>; examples: FlaggedTrip[] }> {
  const speed = sql<number>`legs.distance_km * 60.0 / legs.duration_min`;
  const fast = db
    .selectFrom('legs')
    .innerJoin('trips', 'trips.id', 'legs.trip_id')
    .where('trips.partner_id', '=', partnerId)
    .where('legs.duration_min', 'is not', null)
    .where((eb) =>
      eb.or(
        Object.entries(SUSPICIOUS_SPEED_KMH).map(([mode, kmh]) =>
          eb.and([eb('legs.mode', '=', mode), eb(speed, '>', kmh)]),
        ),
      ),
    );
  const selfReplaced = db
    .selectFrom('legs')
    .innerJoin('trips', 'trips.id', 'legs.trip_id')
    .where('trips.partner_id', '=', partnerId)
    .where((eb) =>
      eb(eb.fn.coalesce('legs.replaced_mode', 'trips.replaced_mode'), '=', eb.ref('legs.mode')),
    )
    .whereRef('legs.mode', '=', 'trips.main_mode');
  const duplicates = db
    .selectFrom('trips')
    .where('partner_id', '=', partnerId)
    .groupBy(['commuter_id', 'started_at'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .select(['commuter_id', 'started_at', (eb) => eb.fn.countAll<number>().as('n')]);

  const [fastCount, selfCount, dupRows] = await Promise.all([
    fast
      .select((eb) => eb.fn.count<number>('trips.id').distinct().as('n'))
      .executeTakeFirstOrThrow(),
    selfReplaced
      .select((eb) => eb.fn.count<number>('trips.id').distinct().as('n'))
      .executeTakeFirstOrThrow(),
    duplicates.execute(),
  ]);
  const fastExamples = await fast
    .select(['trips.id', 'trips.commuter_id', 'trips.started_at', 'legs.mode', speed.as('kmh')])
    .orderBy('trips.started_at', 'desc')
    .limit(limit)
    .execute();
  const selfExamples = await selfReplaced
    .select(['trips.id', 'trips.commuter_id', 'trips.started_at', 'legs.mode'])
    .orderBy('trips.started_at', 'desc')
    .limit(limit)
    .execute();
  const examples: FlaggedTrip[] = [
    ...fastExamples.map((r) => ({
      id: r.id,
      commuterId: r.commuter_id,
      startedAt: r.started_at,
      reason: 'fast_for_mode' as const,
      detail: `${r.mode} at ${Math.round(Number(r.kmh) * 10) / 10} km/h`,
    })),
    ...selfExamples.map((r) => ({
      id: r.id,
      commuterId: r.commuter_id,
      startedAt: r.started_at,
      reason: 'replaced_by_itself' as const,
      detail: `${r.mode} labelled as replacing ${r.mode}`,
    })),
  ];
  for (const d of dupRows.slice(0, limit)) {
    const trip = await db
      .selectFrom('trips')
      .select(['id'])
      .where('commuter_id', '=', d.commuter_id)
      .where('started_at', '=', d.started_at)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    examples.push({
      id: trip.id,
      commuterId: d.commuter_id,
      startedAt: d.started_at,
      reason: 'duplicate_start',
      detail: `${d.n} trips start at the same time`,
    });
  }
  const byReason = {
    fast_for_mode: Number(fastCount.n),
    replaced_by_itself: Number(selfCount.n),
    duplicate_start: dupRows.length,
  };
  return {
    count: byReason.fast_for_mode + byReason.replaced_by_itself + byReason.duplicate_start,
    byReason,
    examples,
  };
}

export async function readUnlabelledShare(
  db: Kysely<Database>,
  partnerId: string,
): Promise<{ unlabelledKm: number; totalKm: number }> {
  const row = await db
    .selectFrom('rollup_leg_day')
    .where('partner_id', '=', partnerId)
    .select([
      sql<number>`coalesce(sum(case when replaced_mode = '' then distance_km else 0 end), 0)`.as(
        'unlabelled',
      ),
      sql<number>`coalesce(sum(distance_km), 0)`.as('total'),
    ])
    .executeTakeFirstOrThrow();
  return { unlabelledKm: Number(row.unlabelled), totalKm: Number(row.total) };
}

export async function findCommutersWithoutBaseline(
  db: Kysely<Database>,
  partnerId: string,
  limit: number,
): Promise<{
  count: number;
  examples: Array<{ id: string; siteId: string | null; joinedOn: string }>;
}> {
  const base = db
    .selectFrom('commuters')
    .where('commuters.partner_id', '=', partnerId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('surveys')
            .select('surveys.id')
            .whereRef('surveys.commuter_id', '=', 'commuters.id')
            .where('surveys.kind', '=', 'baseline'),
        ),
      ),
    );
  const count = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const examples = await base
    .select(['commuters.id', 'commuters.site_id', 'commuters.joined_on'])
    .orderBy('commuters.joined_on')
    .orderBy('commuters.id')
    .limit(limit)
    .execute();
  return {
    count: Number(count.n),
    examples: examples.map((e) => ({ id: e.id, siteId: e.site_id, joinedOn: e.joined_on })),
  };
}

export async function countCommutersWithoutTrips(
  db: Kysely<Database>,
  partnerId: string,
): Promise<number> {
  const row = await db
    .selectFrom('commuters')
    .where('commuters.partner_id', '=', partnerId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('trips')
            .select('trips.id')
            .whereRef('trips.commuter_id', '=', 'commuters.id'),
        ),
      ),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

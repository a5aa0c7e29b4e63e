import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getFactorSet } from '../../server/indicators/index.js';
import {
  insertCommuter,
  insertSurvey,
  updateCommuter,
} from '../../server/repositories/commuters.js';
import {
  CHANGE_LOG_VERSIONS,
  readChangedCommuters,
  readDataVersion,
} from '../../server/repositories/data-versions.js';
import { listPartners, updatePartner } from '../../server/repositories/partners.js';
import {
  computeIndicators,
  indicatorsFromInputs,
  readLiveInputs,
} from '../../server/services/indicators.js';
import { KeptPartnerRows } from '../../server/services/kept-partner-rows.js';
import { LiveInputsCache } from '../../server/services/live-inputs.js';
import { createTestContext, type TestContext } from '../helpers.js';

const MODES = ['walk', 'bike', 'ebike', 'bus', 'train', 'car_driver'] as const;
const COMMUTERS = ['cmt-a1', 'cmt-a2', 'li-a3', 'li-a4', 'li-a5', 'li-a6'];
/** Months 2010-11 .. 2012-04. */
const MONTHS = 18;
const dayOf = (monthIndex: number, day: number) =>
  new Date(Date.UTC(2010, 10 + monthIndex, day)).toISOString().slice(0, 10);

const tripArb = fc.record({
  commuter: fc.integer({ min: 0, max: COMMUTERS.length - 1 }),
  month: fc.integer({ min: 0, max: MONTHS - 1 }),
  day: fc.integer({ min: 1, max: 28 }),
  legs: fc.array(
    fc.record({
      mode: fc.constantFrom(...MODES),
      distanceKm: fc.integer({ min: 1, max: 200 }).map((x) => x / 10),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});
/** One write between two reads: trips, a deletion, a baseline survey or a new weight. */
const stepArb = fc.oneof(
  fc.record({
    kind: fc.constant('trips' as const),
    trips: fc.array(tripArb, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), n: fc.nat() }),
  fc.record({
    kind: fc.constant('survey' as const),
    commuter: fc.integer({ min: 0, max: COMMUTERS.length - 1 }),
    mode: fc.constantFrom(...MODES),
    km: fc.integer({ min: 1, max: 300 }).map((x) => x / 10),
    month: fc.integer({ min: 0, max: MONTHS - 1 }),
  }),
  fc.record({
    kind: fc.constant('weight' as const),
    commuter: fc.integer({ min: 0, max: COMMUTERS.length - 1 }),
    kg: fc.integer({ min: 45, max: 130 }),
  }),
);
/** Whole-month runs (the running totals) and ragged ends (the day rollups). */
const PERIODS = [
  { from: '2010-11-01', to: '2011-10-31' },
  { from: '2011-03-01', to: '2012-04-30' },
  { from: '2011-02-09', to: '2011-12-12' },
];

async function context(): Promise<{ t: TestContext; token: string }> {
  const t = await createTestContext();
  const now = new Date().toISOString();
  for (const id of COMMUTERS.slice(2))
    await insertCommuter(
      t.db.kysely,
      { id, partnerId: 'town-a', joinedOn: '2010-01-01', ageBand: '30-39', weightKg: 70 },
      now,
    );
  return { t, token: await t.token('admin') };
}

let tripNo = 0;
async function writeTrips(
  t: TestContext,
  token: string,
  trips: Array<typeof tripArb extends fc.Arbitrary<infer T> ? T : never>,
): Promise<string[]> {
  const batch = trips.map((trip) => ({
    id: `li-${tripNo++}`,
    commuterId: COMMUTERS[trip.commuter]!,
    startedAt: `${dayOf(trip.month, trip.day)}T07:10:00+01:00`,
    replacedMode: 'car_driver',
    legs: trip.legs,
  }));
  const res = await t.request('/api/v1/trips/batch', {
    method: 'POST',
    token,
    json: { trips: batch },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return batch.map((b) => b.id);
}

describe('kept own-staff inputs (issue 14): only the changed commuters re-read', () => {
  it('give exactly the answer of a full computation after random writes of every kind', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(tripArb, { minLength: 1, maxLength: 20 }),
        fc.array(stepArb, { minLength: 1, maxLength: 6 }),
        // The partner's kept rows: a new base after every change too, not only past 256.
        fc.boolean(),
        async (initial, steps, newBaseEachChange) => {
          const { t, token } = await context();
          try {
            const k = t.db.kysely;
            const ids = await writeTrips(t, token, initial);
            const cache = newBaseEachChange
              ? new LiveInputsCache(undefined, undefined, new KeptPartnerRows(undefined, 500, 0))
              : new LiveInputsCache();
            const partners = new Map((await listPartners(k)).map((p) => [p.id, p]));
            const scopes = PERIODS.map((p) => ({ partnerId: 'town-a', siteId: null, ...p }));
            for (const scope of scopes) expect((await cache.read(k, scope)).read.how).toBe('full');
            for (const [i, step] of steps.entries()) {
              const now = new Date().toISOString();
              if (step.kind === 'trips') ids.push(...(await writeTrips(t, token, step.trips)));
              else if (step.kind === 'delete') {
                const res = await t.request(`/api/v1/trips/${ids[step.n % ids.length]}`, {
                  method: 'DELETE',
                  token,
                });
                expect([204, 404]).toContain(res.status);
              } else if (step.kind === 'survey')
                await insertSurvey(
                  k,
                  {
                    id: `li-s-${i}-${tripNo++}`,
                    commuterId: COMMUTERS[step.commuter]!,
                    kind: 'baseline',
                    takenOn: dayOf(step.month, 3),
                    usualMode: step.mode,
                    usualLegs: null,
                    oneWayKm: step.km,
                    daysPerWeek: 5,
                  },
                  now,
                );
              else await updateCommuter(k, COMMUTERS[step.commuter]!, { weightKg: step.kg }, now);
              for (const scope of scopes) {
                const { inputs, read } = await cache.read(k, scope);
                // A deletion of a trip already gone writes nothing: the inputs are kept as they are.
                expect(['incremental', 'kept']).toContain(read.how);
                // Deep and exact: the same floats to the last bit, not merely close; the
                // per-commuter inputs themselves too (some of their fields barely move an answer).
                expect(inputs).toStrictEqual(await readLiveInputs(k, scope));
                expect(indicatorsFromInputs(scope, inputs, getFactorSet(), partners)).toStrictEqual(
                  await computeIndicators(k, scope, getFactorSet(), partners),
                );
              }
            }
          } finally {
            await t.close();
          }
        },
      ),
      // endOnFailure: a failing case is reported as generated (shrinking one runs for minutes).
      { numRuns: 6, endOnFailure: true },
    );
  }, 240_000);

  it('re-read the written commuter only, and everything where the log cannot say', async () => {
    const { t, token } = await context();
    try {
      const k = t.db.kysely;
      const scope = { partnerId: 'town-a', siteId: null, ...PERIODS[0]! };
      await writeTrips(t, token, [
        { commuter: 0, month: 2, day: 4, legs: [{ mode: 'bike', distanceKm: 4 }] },
      ]);
      const cache = new LiveInputsCache();
      expect((await cache.read(k, scope)).read.how).toBe('full');
      expect((await cache.read(k, scope)).read.how).toBe('kept');

      // A trip of li-a4: the log names li-a4 at the new version, and only li-a4 is re-read.
      const before = await readDataVersion(k, 'town-a');
      await writeTrips(t, token, [
        { commuter: 3, month: 3, day: 8, legs: [{ mode: 'walk', distanceKm: 2 }] },
      ]);
      const after = await readDataVersion(k, 'town-a');
      expect(after).toBe(before + 1);
      expect(await readChangedCommuters(k, 'town-a', before, after, 100)).toEqual(['li-a4']);
      const read = await cache.read(k, scope);
      expect(read.read).toEqual({ how: 'incremental', reread: 1, version: after });
      expect(read.inputs.summaries.map((s) => s.commuterId)).toEqual(['cmt-a1', 'li-a4']);

      // A partner setting is logged as "anything": the next read is a full one.
      await updatePartner(k, 'town-a', { name: 'Town A renamed' }, new Date().toISOString());
      expect(await readChangedCommuters(k, 'town-a', after, after + 1, 100)).toBe('all');
      expect((await cache.read(k, scope)).read.how).toBe('full');

      // A version missing from the log (pruned, or a database moved without its log): full.
      await writeTrips(t, token, [
        { commuter: 4, month: 3, day: 9, legs: [{ mode: 'bike', distanceKm: 3 }] },
      ]);
      const v = await readDataVersion(k, 'town-a');
      await k.deleteFrom('data_changes').where('version', '=', v).execute();
      expect(await readChangedCommuters(k, 'town-a', v - 1, v, 100)).toBe('all');
      expect((await cache.read(k, scope)).read.how).toBe('full');
      // More changed commuters than the limit, or a range past the kept window: full as well.
      expect(await readChangedCommuters(k, 'town-a', 0, v - 1, 1)).toBe('all');
      expect(await readChangedCommuters(k, 'town-a', v - CHANGE_LOG_VERSIONS, v, 100)).toBe('all');
    } finally {
      await t.close();
    }
  });

  it('prunes the log past its window in the write that bumps the version', async () => {
    const { t, token } = await context();
    try {
      const k = t.db.kysely;
      await writeTrips(t, token, [
        { commuter: 0, month: 1, day: 2, legs: [{ mode: 'bike', distanceKm: 4 }] },
      ]);
      const v = await readDataVersion(k, 'town-a');
      // Pretend the partner is far along: an old row below the window goes with the next write.
      await k
        .insertInto('data_changes')
        .values({ partner_id: 'town-a', version: v + 1 - CHANGE_LOG_VERSIONS, commuter_id: 'old' })
        .execute();
      await writeTrips(t, token, [
        { commuter: 1, month: 1, day: 3, legs: [{ mode: 'bike', distanceKm: 4 }] },
      ]);
      const rows = await k
        .selectFrom('data_changes')
        .select('commuter_id')
        .where('partner_id', '=', 'town-a')
        .execute();
      expect(rows.map((r) => r.commuter_id)).not.toContain('old');
      expect(rows.map((r) => r.commuter_id)).toContain('cmt-a2');
    } finally {
      await t.close();
    }
  });

  it('keeps periods up to its bound in per-commuter rows, the least recently read going first', async () => {
    const { t, token } = await context();
    try {
      const k = t.db.kysely;
      await writeTrips(t, token, [
        { commuter: 0, month: 2, day: 4, legs: [{ mode: 'bike', distanceKm: 4 }] },
        { commuter: 3, month: 3, day: 5, legs: [{ mode: 'walk', distanceKm: 2 }] },
      ]);
      const year = { partnerId: 'town-a', siteId: null, from: '2010-11-01', to: '2011-10-31' };
      const month = { ...year, from: '2011-01-01', to: '2011-01-31' };
      const other = { ...year, from: '2011-02-01', to: '2011-02-28' };
      const rows = async (scope: typeof year) => {
        const { inputs } = await new LiveInputsCache().read(k, scope);
        return inputs.summaries.length + inputs.surveys.length;
      };
      const [y, m, o] = [await rows(year), await rows(month), await rows(other)];
      expect(y > 0 && m > 0 && o > 0).toBe(true);
      // Room for the year and one month: reading the other month drops the least recent.
      const cache = new LiveInputsCache(y + Math.max(m, o));
      await cache.read(k, year);
      await cache.read(k, month);
      expect((await cache.read(k, year)).read.how).toBe('kept'); // the year is now the most recent
      expect(cache.size).toBe(y + m);
      await cache.read(k, other);
      expect(cache.size).toBe(y + o);
      expect((await cache.read(k, year)).read.how).toBe('kept');
      expect((await cache.read(k, month)).read.how).toBe('full');
      // A period larger than the whole bound is answered but not kept.
      const tiny = new LiveInputsCache(y - 1);
      expect((await tiny.read(k, year)).read.how).toBe('full');
      expect(tiny.size).toBe(0);
      expect((await tiny.read(k, year)).read.how).toBe('full');
    } finally {
      await t.close();
    }
  });

  it("computes a period it has not kept from the partner's kept rows, each survey the latest by the period's end", async () => {
    const { t, token } = await context();
    try {
      const k = t.db.kysely;
      const partners = new Map((await listPartners(k)).map((p) => [p.id, p]));
      const survey = (id: string, commuterId: string, takenOn: string, usualMode: string) =>
        insertSurvey(
          k,
          {
            id,
            commuterId,
            kind: 'baseline',
            takenOn,
            usualMode: usualMode as 'bike',
            usualLegs: null,
            oneWayKm: 6,
            daysPerWeek: 5,
          },
          new Date().toISOString(),
        );
      await writeTrips(t, token, [
        { commuter: 2, month: 1, day: 4, legs: [{ mode: 'bike', distanceKm: 6 }] },
        { commuter: 2, month: 7, day: 5, legs: [{ mode: 'bike', distanceKm: 6 }] },
        { commuter: 3, month: 2, day: 6, legs: [{ mode: 'bus', distanceKm: 9 }] },
      ]);
      // li-a3 drove before and cycles after its second survey; li-a4 has one survey.
      await survey('kp-1', 'li-a3', '2010-12-03', 'car_driver');
      await survey('kp-2', 'li-a3', '2011-06-03', 'bike');
      await survey('kp-3', 'li-a4', '2011-01-10', 'bus');
      const scopes = [
        { from: '2010-11-01', to: '2011-10-31' },
        { from: '2010-11-01', to: '2011-03-31' },
        { from: '2011-07-01', to: '2011-07-31' },
      ].map((p) => ({ partnerId: 'town-a', siteId: null, ...p }));
      const check = async (cache: LiveInputsCache) => {
        for (const scope of scopes) {
          const { inputs } = await cache.read(k, scope);
          expect(inputs).toStrictEqual(await readLiveInputs(k, scope));
          expect(indicatorsFromInputs(scope, inputs, getFactorSet(), partners)).toStrictEqual(
            await computeIndicators(k, scope, getFactorSet(), partners),
          );
        }
      };
      const cache = new LiveInputsCache();
      await check(cache);
      const year = (await cache.read(k, scopes[0]!)).inputs.surveys;
      expect(year.find((x) => x.commuterId === 'li-a3')?.usualLegs[0]?.mode).toBe('bike');
      const spring = (await cache.read(k, scopes[1]!)).inputs.surveys;
      expect(spring.find((x) => x.commuterId === 'li-a3')?.usualLegs[0]?.mode).toBe('car_driver');
      // A survey entered later but taken earlier does not replace the latest one taken.
      await survey('kp-4', 'li-a3', '2011-02-01', 'walk');
      await writeTrips(t, token, [
        { commuter: 3, month: 8, day: 7, legs: [{ mode: 'walk', distanceKm: 2 }] },
      ]);
      await check(cache);
      // A cache that keeps no period (bound 0) computes each from the partner's rows alone.
      await check(new LiveInputsCache(0));
    } finally {
      await t.close();
    }
  });

  it("reads a partner's rows once for many periods asked at the same time", async () => {
    const { t, token } = await context();
    try {
      const k = t.db.kysely;
      const partners = new Map((await listPartners(k)).map((p) => [p.id, p]));
      await writeTrips(t, token, [
        { commuter: 2, month: 1, day: 4, legs: [{ mode: 'bike', distanceKm: 6 }] },
        { commuter: 3, month: 5, day: 5, legs: [{ mode: 'walk', distanceKm: 2 }] },
      ]);
      const scopes = Array.from({ length: 8 }, (_, i) => ({
        partnerId: 'town-a',
        siteId: null,
        from: dayOf(i, 1),
        to: dayOf(i + 9, 0),
      }));
      const cache = new LiveInputsCache();
      const answers = await Promise.all(scopes.map((scope) => cache.read(k, scope)));
      expect(cache.partnerFullReads).toBe(1);
      for (const [i, scope] of scopes.entries())
        expect(
          indicatorsFromInputs(scope, answers[i]!.inputs, getFactorSet(), partners),
        ).toStrictEqual(await computeIndicators(k, scope, getFactorSet(), partners));
      // After a write, the same again: one read of the changed commuter, no full read.
      await writeTrips(t, token, [
        { commuter: 2, month: 3, day: 6, legs: [{ mode: 'bike', distanceKm: 5 }] },
      ]);
      await Promise.all(scopes.map((scope) => cache.read(k, scope)));
      expect(cache.partnerFullReads).toBe(1);
    } finally {
      await t.close();
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CYCLING_MODES, MODES, type Mode } from '../../server/domain/modes.js';
import {
  addTripToDeltas,
  commuterDayKey,
  commuterMonthDeltas,
  dayModesAfterAdding,
  dayPairsOf,
  emptyDeltas,
  isCyclingDay,
  partnersOf,
  type CommuterDayDelta,
  type CommuterMonthDelta,
  type DayModes,
  type RollupDeltas,
  type RollupTrip,
} from '../../server/domain/rollup-deltas.js';
import { mainModeOf } from '../../server/domain/trips.js';

/**
 * Every trip write, correction and deletion changes the rollups by these deltas, in the same
 * transaction; dashboards read nothing else. A delta that does not cancel out when its trip is
 * removed again leaves a figure wrong for good, so these are checked on generated trips.
 */

const TOLERANCE = 1e-9;

const lineArb = fc
  .tuple(
    fc.double({ min: 15.55, max: 15.65, noNaN: true }),
    fc.double({ min: 47.19, max: 47.24, noNaN: true }),
    fc.double({ min: -0.01, max: 0.01, noNaN: true }),
  )
  .map(([lon, lat, d]) => ({
    type: 'LineString' as const,
    coordinates: [
      [lon, lat],
      [lon + d, lat + d / 2],
    ] as Array<[number, number]>,
  }));

const legArb = fc.record({
  mode: fc.constantFrom(...MODES),
  distanceKm: fc.double({ min: 0.001, max: 50, noNaN: true }),
  durationMin: fc.option(fc.double({ min: 0.1, max: 180, noNaN: true })),
  replacedMode: fc.option(fc.constantFrom<string>(...MODES, 'none')),
  geometry: fc.option(lineArb, { freq: 4 }),
});

/** A small world (3 commuters, 2 partners, 6 days over a month boundary) so trips collide on keys. */
const tripArb: fc.Arbitrary<RollupTrip> = fc
  .record({
    commuterId: fc.constantFrom('c1', 'c2', 'c3'),
    partnerId: fc.constantFrom('town-a', 'town-b'),
    siteId: fc.option(fc.constantFrom('s1', 's2')),
    localDay: fc.constantFrom(
      '2011-09-29',
      '2011-09-30',
      '2011-10-01',
      '2011-10-02',
      '2012-02-29',
      '2012-03-01',
    ),
    purpose: fc.option(fc.constantFrom('commute', 'leisure', 'business')),
    replacedMode: fc.option(fc.constantFrom<string>('car_driver', 'bus', 'none')),
    legs: fc.array(legArb, { minLength: 1, maxLength: 4 }),
  })
  .map((t) => ({
    ...t,
    mainMode: mainModeOf(t.legs),
    distanceKm: t.legs.reduce((s, l) => s + l.distanceKm, 0),
  }));

function deltasOf(trips: readonly RollupTrip[], sign: 1 | -1, into = emptyDeltas()): RollupDeltas {
  for (const t of trips) addTripToDeltas(into, t, sign);
  return into;
}

function numbersOf(row: object): Array<[string, number]> {
  return Object.entries(row).filter((e): e is [string, number] => typeof e[1] === 'number');
}

function expectAllZero(d: RollupDeltas): void {
  for (const table of [d.legDay, d.tripDay, d.commuterDay, d.cellMonth] as Array<
    Map<string, object>
  >) {
    for (const [key, row] of table)
      for (const [field, v] of numbersOf(row))
        expect(Math.abs(v), `${key} ${field}`).toBeLessThan(TOLERANCE);
  }
}

/** Deltas as plain sums per table and key, for comparing two ways of building them. */
function summed(parts: RollupDeltas[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of parts) {
    for (const [name, table] of Object.entries(d) as Array<[string, Map<string, object>]>) {
      for (const [key, row] of table)
        for (const [field, v] of numbersOf(row))
          out.set(`${name}|${key}|${field}`, (out.get(`${name}|${key}|${field}`) ?? 0) + v);
    }
  }
  return out;
}

describe('addTripToDeltas', () => {
  it('a trip added then removed leaves every rollup delta at zero, in any order', () => {
    fc.assert(
      fc.property(
        fc.array(tripArb, { minLength: 1, maxLength: 8 }),
        fc.func(fc.integer()),
        (trips, order) => {
          const d = deltasOf(trips, 1);
          const shuffled = [...trips].sort((a, b) => order(a) - order(b));
          deltasOf(shuffled, -1, d);
          expectAllZero(d);
        },
      ),
      { numRuns: 100, seed: 9 },
    );
  });

  it("a batch's deltas are the sum of its trips' single deltas", () => {
    fc.assert(
      fc.property(fc.array(tripArb, { minLength: 1, maxLength: 8 }), (trips) => {
        const batch = summed([deltasOf(trips, 1)]);
        const singles = summed(trips.map((t) => deltasOf([t], 1)));
        expect([...batch.keys()].sort()).toEqual([...singles.keys()].sort());
        for (const [key, v] of batch)
          expect(Math.abs(v - singles.get(key)!), key).toBeLessThan(TOLERANCE);
      }),
      { numRuns: 100, seed: 9 },
    );
  });

  it('counts each trip once per table and each leg once per leg table', () => {
    fc.assert(
      fc.property(fc.array(tripArb, { minLength: 1, maxLength: 8 }), (trips) => {
        const d = deltasOf(trips, 1);
        const sum = (rows: Iterable<object>, field: string) =>
          [...rows].reduce((s, r) => s + (r as Record<string, number>)[field]!, 0);
        const legs = trips.reduce((s, t) => s + t.legs.length, 0);
        const km = trips.reduce((s, t) => s + t.distanceKm, 0);
        expect(sum(d.tripDay.values(), 'trips')).toBe(trips.length);
        // The main mode is one of the trip's leg modes: exactly one commuter-day row counts the trip.
        expect(sum(d.commuterDay.values(), 'main_trips')).toBe(trips.length);
        expect(sum(d.legDay.values(), 'legs')).toBe(legs);
        expect(sum(d.commuterDay.values(), 'legs')).toBe(legs);
        expect(sum(d.legDay.values(), 'distance_km')).toBeCloseTo(km, 6);
        expect(sum(d.commuterDay.values(), 'distance_km')).toBeCloseTo(km, 6);
        expect(partnersOf(d)).toEqual(new Set(trips.map((t) => t.partnerId)));
      }),
      { numRuns: 100, seed: 9 },
    );
  });
});

describe('cycling days', () => {
  it('follow the shared cycling-mode list: a commute leg by a cycling mode, and no other', () => {
    for (const mode of MODES) {
      const isCycling = CYCLING_MODES.includes(mode);
      expect(isCyclingDay(new Map([[mode, { legs: 1, commuteLegs: 1 }]])), mode).toBe(isCycling);
      expect(isCyclingDay(new Map([[mode, { legs: 1, commuteLegs: 0 }]])), `${mode} leisure`).toBe(
        false,
      );
      // The same rule through the month rollup: one commute trip on an empty day.
      const d = deltasOf(
        [
          {
            commuterId: 'c1',
            partnerId: 'p',
            siteId: null,
            localDay: '2011-10-03',
            purpose: 'commute',
            replacedMode: null,
            mainMode: mode,
            distanceKm: 2,
            legs: [{ mode, distanceKm: 2, durationMin: 8, replacedMode: null }],
          },
        ],
        1,
      );
      const rows = [...d.commuterDay.values()];
      const month = commuterMonthDeltas(rows, new Map(), dayModesAfterAdding(new Map(), rows));
      expect(month.get('c1|2011-10|_cycling')?.days ?? 0, mode).toBe(isCycling ? 1 : 0);
      expect(month.get('c1|2011-10|_any')?.days, mode).toBe(1);
    }
  });
});

/**
 * The commuter-month rollup is kept by deltas that depend on each touched day's modes before
 * and after the write. This is the repository's procedure on in-memory tables: after any
 * sequence of writes and removals the month table must equal the one rebuilt from the day table.
 */
describe('commuterMonthDeltas', () => {
  type DayTable = Map<string, CommuterDayDelta>;
  type MonthTable = Map<string, CommuterMonthDelta>;

  function readDayModes(days: DayTable, pairs: Array<[string, string]>): Map<string, DayModes> {
    const wanted = new Set(pairs.map(([c, day]) => commuterDayKey(c, day)));
    const out = new Map<string, DayModes>();
    for (const r of days.values()) {
      const key = commuterDayKey(r.commuter_id, r.local_day);
      if (!wanted.has(key)) continue;
      const modes = out.get(key) ?? new Map();
      modes.set(r.mode, { legs: r.legs, commuteLegs: r.commute_legs });
      out.set(key, modes);
    }
    return out;
  }

  function write(days: DayTable, months: MonthTable, trips: RollupTrip[], sign: 1 | -1): void {
    const rows = [...deltasOf(trips, sign).commuterDay.values()].filter((r) => r.legs !== 0);
    const pairs = dayPairsOf(rows);
    const before = readDayModes(days, pairs);
    for (const r of rows) {
      const key = `${r.commuter_id}|${r.local_day}|${r.mode}`;
      const stored = days.get(key) ?? {
        ...r,
        main_trips: 0,
        legs: 0,
        commute_legs: 0,
        distance_km: 0,
        timed_distance_km: 0,
        duration_min: 0,
      };
      for (const [field, v] of numbersOf(r))
        (stored as unknown as Record<string, number>)[field]! += v;
      if (stored.legs <= 0) days.delete(key);
      else days.set(key, stored);
    }
    const after = readDayModes(days, pairs);
    // The additions-only shortcut must agree with reading the rows again.
    if (sign === 1) expect(dayModesAfterAdding(before, rows)).toEqual(after);
    for (const r of commuterMonthDeltas(rows, before, after).values()) {
      const key = `${r.commuter_id}|${r.local_month}|${r.mode}`;
      const stored = months.get(key) ?? {
        ...r,
        main_trips: 0,
        legs: 0,
        commute_legs: 0,
        distance_km: 0,
        timed_distance_km: 0,
        duration_min: 0,
        days: 0,
      };
      for (const [field, v] of numbersOf(r))
        (stored as unknown as Record<string, number>)[field]! += v;
      if (stored.days <= 0) months.delete(key);
      else months.set(key, stored);
    }
  }

  /** The month table as rebuildCommuterMonths makes it from the day table. */
  function rebuilt(days: DayTable): Map<string, Record<string, number>> {
    const out = new Map<string, Record<string, number>>();
    const add = (key: string, r: Partial<Record<string, number>>) => {
      const m = out.get(key) ?? {
        main_trips: 0,
        legs: 0,
        commute_legs: 0,
        distance_km: 0,
        timed_distance_km: 0,
        duration_min: 0,
        days: 0,
      };
      for (const [f, v] of Object.entries(r)) m[f]! += v!;
      out.set(key, m);
    };
    const anyDays = new Set<string>();
    const cyclingDays = new Set<string>();
    for (const r of days.values()) {
      const month = r.local_day.slice(0, 7);
      add(`${r.commuter_id}|${month}|${r.mode}`, {
        main_trips: r.main_trips,
        legs: r.legs,
        commute_legs: r.commute_legs,
        distance_km: r.distance_km,
        timed_distance_km: r.timed_distance_km,
        duration_min: r.duration_min,
        days: 1,
      });
      anyDays.add(`${r.commuter_id}|${month}|${r.local_day}`);
      if ((CYCLING_MODES as readonly string[]).includes(r.mode) && r.commute_legs > 0)
        cyclingDays.add(`${r.commuter_id}|${month}|${r.local_day}`);
    }
    for (const k of anyDays) add(`${k.split('|').slice(0, 2).join('|')}|_any`, { days: 1 });
    for (const k of cyclingDays) add(`${k.split('|').slice(0, 2).join('|')}|_cycling`, { days: 1 });
    return out;
  }

  function expectSameTables(months: MonthTable, want: Map<string, Record<string, number>>): void {
    expect([...months.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, w] of want) {
      const have = months.get(key)!;
      for (const [f, v] of Object.entries(w))
        expect(
          Math.abs((have as unknown as Record<string, number>)[f]! - v),
          `${key} ${f}`,
        ).toBeLessThan(TOLERANCE);
    }
  }

  it('keeps the month table equal to its rebuild from the days, through writes and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(tripArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        fc.func(fc.integer()),
        (batches, order) => {
          const days: DayTable = new Map();
          const months: MonthTable = new Map();
          for (const batch of batches) {
            write(days, months, batch, 1);
            expectSameTables(months, rebuilt(days));
          }
          // Removed one trip at a time in another order, as corrections and deletions do.
          const all = batches.flat().sort((a, b) => order(a) - order(b));
          for (const trip of all) {
            write(days, months, [trip], -1);
            expectSameTables(months, rebuilt(days));
          }
          expect(days.size).toBe(0);
          expect(months.size).toBe(0);
        },
      ),
      { numRuns: 60, seed: 9 },
    );
  });

  it('counts a day once however many trips and modes it has', () => {
    const trip = (mode: Mode, purpose: string | null): RollupTrip => ({
      commuterId: 'c1',
      partnerId: 'p',
      siteId: null,
      localDay: '2011-10-03',
      purpose,
      replacedMode: null,
      mainMode: mode,
      distanceKm: 3,
      legs: [{ mode, distanceKm: 3, durationMin: null, replacedMode: null }],
    });
    const days: DayTable = new Map();
    const months: MonthTable = new Map();
    write(days, months, [trip('bike', 'commute'), trip('bus', null)], 1);
    write(days, months, [trip('ebike', 'commute')], 1);
    expect(months.get('c1|2011-10|_any')?.days).toBe(1);
    expect(months.get('c1|2011-10|_cycling')?.days).toBe(1);
    expect(months.get('c1|2011-10|bike')?.days).toBe(1);
    write(days, months, [trip('bike', 'commute')], -1);
    expect(months.get('c1|2011-10|_cycling')?.days).toBe(1);
    write(days, months, [trip('ebike', 'commute')], -1);
    expect(months.get('c1|2011-10|_cycling')).toBeUndefined();
    expect(months.get('c1|2011-10|_any')?.days).toBe(1);
  });
});

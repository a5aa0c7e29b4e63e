import { describe, expect, it } from 'vitest';
import {
  firstUnreleasedDay,
  isMonthReleased,
  releasedCarFigures,
  releasedMonthsIn,
  rereleaseViolations,
  type SurveyPartition,
  roundCount,
  selectReleasedUnits,
  subgroupReleased,
  type UnitMember,
  withheldSubgroupPartitions,
} from '../../server/indicators/release.js';
import { computeCarKmSubstitutedBySurvey } from '../../server/indicators/car-km.js';
import { computeCarReplacementRate } from '../../server/indicators/modal-shift.js';
import { freezeMonth, readStoredSnapshot } from '../../server/repositories/releases.js';
import { createTestContext } from '../helpers.js';

const members = (partnerId: string, siteId: string, month: string, n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i): UnitMember => ({
      partnerId,
      siteId,
      month,
      commuterId: `${partnerId}-${siteId}-${from + i}`,
    }),
  );

describe('release months', () => {
  it('releases a month RELEASE_DELAY_DAYS after its end, whole months only', () => {
    expect(isMonthReleased('2012-06', '2012-07-07', 7)).toBe(false);
    expect(isMonthReleased('2012-06', '2012-07-08', 7)).toBe(true);
    expect(releasedMonthsIn('2012-05-02', '2012-08-31', '2012-08-20', 7)).toEqual([
      '2012-06',
      '2012-07',
    ]);
    expect(releasedMonthsIn('2012-06-01', '2012-06-29', '2026-01-01', 7)).toEqual([]);
    // Every month before the first unreleased day is released; it and later months are not.
    expect(firstUnreleasedDay('2012-07-07', 7)).toBe('2012-06-01');
    expect(firstUnreleasedDay('2012-07-08', 7)).toBe('2012-07-01');
    expect(firstUnreleasedDay('2012-07-08', 0)).toBe('2012-07-01');
    expect(firstUnreleasedDay('2012-07-08', 60)).toBe('2012-05-01');
  });

  it('rounds counts to the nearest 5', () => {
    expect([0, 2, 3, 7, 8, 31].map((n) => roundCount(n))).toEqual([0, 0, 5, 5, 10, 30]);
  });
});

describe('selectReleasedUnits', () => {
  it('applies the partner floor per month', () => {
    const u = selectReleasedUnits([
      ...members('p', 's', '2012-05', 4),
      ...members('p', 's', '2012-06', 5),
    ]);
    expect([...u.partnerMonths]).toEqual(['p|2012-06']);
    expect([...u.siteMonths]).toEqual(['p|s|2012-06']);
  });

  it('hides the next smallest site when the rest of the partner is 1 to 4', () => {
    const u = selectReleasedUnits([
      ...members('p', 'a', '2012-05', 6),
      ...members('p', 'b', '2012-05', 5),
      ...members('p', '', '2012-05', 2),
    ]);
    expect([...u.siteMonths]).toEqual(['p|a|2012-05']);
    // A rest of 0 hides nothing.
    const v = selectReleasedUnits([
      ...members('q', 'a', '2012-05', 6),
      ...members('q', 'b', '2012-05', 5),
    ]);
    expect(v.siteMonths.size).toBe(2);
  });
});

describe('rereleaseViolations', () => {
  const fp = (commuterId: string, siteId: string, f: string) => ({
    partnerId: 'p',
    siteId,
    commuterId,
    fingerprint: f,
  });
  it('refuses a unit with 1 to 4 changed commuters, allows 0 or 5', () => {
    const before = Array.from({ length: 6 }, (_, i) => fp(`c${i}`, 's', 'x'));
    const one = before.map((r, i) => (i === 0 ? { ...r, fingerprint: 'y' } : r));
    expect(rereleaseViolations(before, one)).toEqual([{ unit: 'p|s', changedCommuters: 1 }]);
    const five = before.map((r, i) => (i < 5 ? { ...r, fingerprint: 'y' } : r));
    expect(rereleaseViolations(before, five)).toEqual([]);
    expect(rereleaseViolations(before, before)).toEqual([]);
    // A commuter that appears (a late first trip) counts as changed.
    expect(rereleaseViolations(before, [...before, fp('new', 's', 'z')])).toHaveLength(1);
  });
});

describe('freezeMonth', () => {
  it('freezes a month once under concurrent first readers', async () => {
    const t = await createTestContext();
    try {
      const results = await Promise.all([
        freezeMonth(t.db.kysely, '2011-03', '2026-01-01T00:00:00.000Z'),
        freezeMonth(t.db.kysely, '2011-03', '2026-01-01T00:00:00.000Z'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const snap = await readStoredSnapshot(t.db.kysely, '2011-03');
      const keys = snap.profiles.map((p) => p.commuter_id);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});

describe('releasedCarFigures (car replacement and survey car-km)', () => {
  /** One partition-month: `drivers` baseline car drivers (10 km one way, 5 days) who take the
   * bus `busTrips` times and drive `carTrips` times (8 km each), and `cyclists` who cycle. */
  const partition = (
    partner: string,
    month: string,
    drivers: number,
    busTrips: number,
    carTrips: number,
    cyclists = 5,
    withoutSurvey = 0,
  ): SurveyPartition => {
    const surveys = [];
    const summaries = [];
    for (let i = 0; i < drivers + cyclists; i++) {
      const driver = i < drivers;
      const commuterId = `${partner}-${driver ? 'd' : 'c'}${i}`;
      surveys.push({
        commuterId,
        usualLegs: [{ mode: driver ? ('car_driver' as const) : ('bike' as const), distanceKm: 10 }],
        daysPerWeek: 5,
      });
      summaries.push({
        commuterId,
        ageBand: null,
        weightKg: null,
        tripsByMainMode: driver ? { bus: busTrips, car_driver: carTrips } : { bike: 20 },
        kmByMode: driver ? { bus: busTrips * 8, car_driver: carTrips * 8 } : { bike: 200 },
        minutesByMode: {},
        cyclingDays: driver ? 0 : 20,
      });
    }
    return {
      partition: `${partner}||${month}`,
      surveys,
      summaries,
      activeCommuters: drivers + cyclists + withoutSurvey,
    };
  };

  it('sums the months: the rate is Σ replaced ÷ Σ trips, the km Σ (baseline × weeks − logged)', () => {
    const may = partition('a', '2012-05', 6, 15, 5);
    const june = partition('a', '2012-06', 6, 10, 10);
    const r = releasedCarFigures([may, june]);
    expect(r.replacedTrips).toBe(6 * 15 + 6 * 10);
    expect(r.driverTrips).toBe(6 * 20 * 2);
    expect(r.withheld).toEqual({ carReplacement: 0, surveyKm: 0 });
    // Each month equals the per-answer formula over that month alone.
    const kmOf = (p: SurveyPartition, days: number) =>
      computeCarKmSubstitutedBySurvey(p.surveys, p.summaries, days / 7).carKmSubstitutedPerWeek *
      (days / 7);
    expect(r.surveyCarKm).toBeCloseTo(kmOf(may, 31) + kmOf(june, 30), 9);
    // Baseline 6 × 100 km a week; logged 6 × 5 × 8 km in May and 6 × 10 × 8 in June.
    expect(r.surveyCarKm).toBeCloseTo(600 * (61 / 7) - 6 * 40 - 6 * 80, 9);
    // The same commuters in every month: the per-answer figures over the whole period.
    const whole = computeCarReplacementRate(may.surveys, [...may.summaries, ...june.summaries]);
    expect(whole.rate).toBeCloseTo(150 / 240, 9);
    expect(r.replacedTrips / r.driverTrips).toBeCloseTo(whole.rate!, 9);
    expect(r.surveyCommuters).toBe(11);
  });

  it('leaves out a partition-month of 1 to 4 baseline car drivers or car commuters', () => {
    const big = partition('a', '2012-05', 6, 15, 5);
    const few = partition('b', '2012-05', 2, 20, 0);
    const r = releasedCarFigures([big, few]);
    // b's two drivers, who left the car entirely, appear in neither figure.
    expect(r).toEqual({
      ...releasedCarFigures([big]),
      withheld: { carReplacement: 1, surveyKm: 1 },
    });
    // Exactly 5 drivers is a released subgroup.
    const five = releasedCarFigures([partition('c', '2012-05', 5, 20, 0)]);
    expect(five.replacedTrips).toBe(100);
    expect(five.withheld).toEqual({ carReplacement: 0, surveyKm: 0 });
    // No driver at all: nothing to leave out, and no rate.
    const none = releasedCarFigures([partition('d', '2012-05', 0, 0, 0, 6)]);
    expect(none.driverTrips).toBe(0);
    expect(none.withheld).toEqual({ carReplacement: 0, surveyKm: 0 });
    expect(none.surveyCommuters).toBe(6);
  });

  it('leaves out a partition-month whose other active commuters number 1 to 4', () => {
    // 5 drivers, no cyclist, 2 active commuters without a survey: the partition-month's trips by
    // mode minus the drivers' trips would be those 2 commuters' trips.
    const two = releasedCarFigures([partition('e', '2012-05', 5, 20, 0, 0, 2)]);
    expect(two.withheld).toEqual({ carReplacement: 1, surveyKm: 1 });
    expect(two.driverTrips).toBe(0);
    expect(two.surveyCarKm).toBe(0);
    expect(two.surveyCommuters).toBe(0);
    // 5 drivers beside 5 cyclists: both groups are 5, the figures are released.
    const ten = releasedCarFigures([partition('f', '2012-05', 5, 20, 0, 5)]);
    expect(ten.withheld).toEqual({ carReplacement: 0, surveyKm: 0 });
    expect(ten.driverTrips).toBe(100);
    // 5 drivers beside 4 cyclists (survey commuters, so also active): the 4 are the complement.
    const nine = releasedCarFigures([partition('g', '2012-05', 5, 20, 0, 4)]);
    expect(nine.withheld).toEqual({ carReplacement: 1, surveyKm: 1 });
  });
});

describe('subgroup rule (subgroup and its complement)', () => {
  it('releases a subgroup only when it and the rest of the partition-month are 0 or at least 5', () => {
    const cases: Array<[number, number, boolean]> = [
      [0, 0, true],
      [0, 3, true], // no subgroup: nothing about anyone
      [5, 5, true], // the whole partition-month
      [5, 10, true],
      [5, 7, false], // complement of 2
      [5, 9, false], // complement of 4
      [4, 12, false], // subgroup of 4
      [1, 6, false],
      [6, 11, true],
    ];
    for (const [subgroup, active, ok] of cases)
      expect(subgroupReleased(subgroup, active), `${subgroup} of ${active}`).toBe(ok);
    expect(subgroupReleased(3, 6, 3)).toBe(true);
  });

  it('names the partitions that break it, each checked on its own', () => {
    const ids = (prefix: string, n: number) =>
      new Set(Array.from({ length: n }, (_, i) => `${prefix}${i}`));
    const subgroups = new Map([
      ['p|s1|2012-05', ids('a', 5)], // 5 of 7: complement 2
      ['p|s2|2012-05', ids('b', 5)], // 5 of 5
      ['p|~rest|2012-05', ids('c', 6)], // 6 of 11
      ['q||2012-05', ids('d', 2)], // 2 of 9
    ]);
    const active = new Map([
      ['p|s1|2012-05', 7],
      ['p|s2|2012-05', 5],
      ['p|~rest|2012-05', 11],
      ['q||2012-05', 9],
    ]);
    expect([...withheldSubgroupPartitions(subgroups, active)].sort()).toEqual([
      'p|s1|2012-05',
      'q||2012-05',
    ]);
  });
});

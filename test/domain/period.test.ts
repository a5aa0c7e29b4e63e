import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, lastDayOf, shiftMonth, splitPeriod } from '../../server/domain/period.js';

/**
 * The commuter indicators read whole months from the month rollup and the days around them
 * from the day rollup: a day counted twice or missed would change every per-commuter figure.
 */

/** The days of an inclusive period, enumerated with Date.UTC's own day overflow. */
function enumerateDays(from: string, to: string): string[] {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const day = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
    if (day > to) return out;
    out.push(day);
  }
}

/** Local days between 2008 and 2031, leap years included. */
const dayArb = fc
  .integer({ min: Date.UTC(2008, 0, 1) / 86_400_000, max: Date.UTC(2031, 11, 31) / 86_400_000 })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
/** Periods of one day to about four years: long enough to hold several whole months. */
const periodArb = fc
  .tuple(dayArb, fc.integer({ min: 0, max: 1500 }))
  .map(
    ([from, extraDays]) =>
      [
        from,
        new Date(Date.parse(`${from}T00:00:00Z`) + extraDays * 86_400_000)
          .toISOString()
          .slice(0, 10),
      ] as [string, string],
  );

describe('splitPeriod', () => {
  it.each([
    ['2011-09-01', '2012-08-31', ['2011-09', '2012-08'], []],
    [
      '2011-09-15',
      '2012-03-10',
      ['2011-10', '2012-02'],
      [
        ['2011-09-15', '2011-09-30'],
        ['2012-03-01', '2012-03-10'],
      ],
    ],
    ['2011-11-03', '2011-11-20', null, [['2011-11-03', '2011-11-20']]],
    ['2012-02-01', '2012-02-29', ['2012-02', '2012-02'], []],
    ['2011-12-31', '2012-01-31', ['2012-01', '2012-01'], [['2011-12-31', '2011-12-31']]],
  ])('%s..%s → months %o, days %o', (from, to, months, dayRanges) => {
    expect(splitPeriod(from, to)).toEqual({ months, dayRanges });
  });

  it('covers every day of the period exactly once, in order', () => {
    fc.assert(
      fc.property(periodArb, ([from, to]) => {
        const { months, dayRanges } = splitPeriod(from, to);
        const covered = dayRanges.flatMap(([a, b]) => enumerateDays(a, b));
        if (months) covered.push(...enumerateDays(`${months[0]}-01`, lastDayOf(months[1])));
        covered.sort();
        expect(covered).toEqual(enumerateDays(from, to));
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('reads every whole calendar month inside the period from the month rollup', () => {
    fc.assert(
      fc.property(periodArb, ([from, to]) => {
        const { months, dayRanges } = splitPeriod(from, to);
        // No day range holds a whole month: those would be read day by day for nothing.
        for (const [a, b] of dayRanges) {
          for (const day of enumerateDays(a, b)) {
            if (day.endsWith('-01')) expect(lastDayOf(day.slice(0, 7)) > b).toBe(true);
          }
        }
        if (months) expect(months[0] <= months[1]).toBe(true);
        expect(dayRanges.length).toBeLessThanOrEqual(months ? 2 : 1);
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});

describe('period arithmetic', () => {
  it('daysBetween counts both ends', () => {
    expect(daysBetween('2010-09-01', '2012-08-31')).toBe(731);
    expect(daysBetween('2012-08-31', '2012-08-31')).toBe(1);
    fc.assert(
      fc.property(periodArb, ([from, to]) => {
        expect(daysBetween(from, to)).toBe(enumerateDays(from, to).length);
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('lastDayOf knows February of leap years, shiftMonth crosses years', () => {
    expect(lastDayOf('2012-02')).toBe('2012-02-29');
    expect(lastDayOf('2011-02')).toBe('2011-02-28');
    expect(lastDayOf('2000-02')).toBe('2000-02-29');
    expect(lastDayOf('2100-02')).toBe('2100-02-28');
    expect(shiftMonth('2011-12', 1)).toBe('2012-01');
    expect(shiftMonth('2012-01', -1)).toBe('2011-12');
    expect(shiftMonth('2011-05', 25)).toBe('2013-06');
  });
});

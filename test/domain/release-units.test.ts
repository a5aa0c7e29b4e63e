import fc from 'fast-check';
import { cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import {
  isClosed,
  parentCellByShape,
  quarterById,
  quarterOfMonth,
  quartersInside,
  releasedPeriod,
} from '../../server/domain/release-units.js';
import { releaseUnitLayers } from '../../server/domain/route-density.js';

describe('map release units: time grain', () => {
  it('names the calendar quarter of a month, with its first and last day', () => {
    expect(quarterOfMonth('2011-02')).toEqual({
      id: '2011-Q1',
      from: '2011-01-01',
      to: '2011-03-31',
      firstMonth: '2011-01',
      lastMonth: '2011-03',
    });
    expect(quarterOfMonth('2012-12').to).toBe('2012-12-31');
    expect(quarterById('2011-Q3')?.from).toBe('2011-07-01');
    expect(quarterById('2011-Q5')).toBeNull();
  });

  it('answers a period with the quarters wholly inside it only', () => {
    expect(quartersInside('2010-09-01', '2012-08-31').map((u) => u.id)).toEqual([
      '2010-Q4',
      '2011-Q1',
      '2011-Q2',
      '2011-Q3',
      '2011-Q4',
      '2012-Q1',
      '2012-Q2',
    ]);
    expect(quartersInside('2011-06-01', '2011-07-31')).toEqual([]);
    expect(quartersInside('2011-04-01', '2011-06-30').map((u) => u.id)).toEqual(['2011-Q2']);
    expect(quartersInside('2011-04-02', '2011-06-30')).toEqual([]);
  });

  it('June 1 to day D and June 1 to day D+1 give the same units, for every D', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), (offset) => {
        const d = new Date(Date.UTC(2011, 5, 1 + offset)).toISOString().slice(0, 10);
        const next = new Date(Date.UTC(2011, 5, 2 + offset)).toISOString().slice(0, 10);
        const a = quartersInside('2011-06-01', d).map((u) => u.id);
        const b = quartersInside('2011-06-01', next).map((u) => u.id);
        // They differ only when day D+1 closes a quarter that began on or after June 1: then by
        // that whole quarter (2011-Q2 began in April, so June 30, 2011 adds nothing).
        if (
          next > '2011-06-30' &&
          (next.endsWith('-03-31') ||
            next.endsWith('-06-30') ||
            next.endsWith('-09-30') ||
            next.endsWith('-12-31'))
        )
          expect(b.length).toBe(a.length + 1);
        else expect(b).toEqual(a);
      }),
      // Day 28 (June 29 to 30, 2011) once failed: the end of a quarter begun before June 1.
      { examples: [[28]] },
    );
  });

  it('releases a quarter only once it ended at least the delay ago', () => {
    const q = quarterById('2011-Q2')!;
    expect(isClosed(q, '2011-07-07', 7)).toBe(false);
    expect(isClosed(q, '2011-07-08', 7)).toBe(true);
    expect(isClosed(q, '2011-07-01', 0)).toBe(true);
    expect(isClosed(q, '2011-06-30', 0)).toBe(false);
  });

  it('says why a period has fewer units than whole quarters', () => {
    expect(releasedPeriod('2011-06-01', '2011-07-31', '2026-01-01', 7).reason).toBe(
      'no_whole_unit',
    );
    const open = releasedPeriod('2011-01-01', '2011-12-31', '2011-10-05', 7);
    expect(open.reason).toBe('open_units_left_out');
    expect(open.units.map((u) => u.id)).toEqual(['2011-Q1', '2011-Q2']);
    expect([open.from, open.to]).toEqual(['2011-01-01', '2011-06-30']);
    expect(releasedPeriod('2011-07-01', '2011-09-30', '2011-10-05', 7).reason).toBe(
      'no_closed_unit',
    );
    expect(releasedPeriod('2011-01-01', '2011-12-31', '2026-01-01', 7)).toMatchObject({
      reason: 'whole_units',
      from: '2011-01-01',
      to: '2011-12-31',
    });
  });
});

describe('map release units: parent cell names written from the stored hex string', () => {
  it('agree with h3-js cellToParent at every coarser resolution, anywhere on Earth', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: -179.9, max: 179.9, noNaN: true }),
        fc.integer({ min: 0, max: 9 }),
        (lat, lon, res) => {
          const cell = latLngToCell(lat, lon, 9);
          expect(parentCellByShape(cell, res)).toBe(cellToParent(cell, res));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('releaseUnitLayers (the map rule in plain code)', () => {
  it('leaves every shown coarse unit minus its shown fine units resting on 0 or at least k commuters', () => {
    const row = fc.record({
      dLat: fc.constantFrom(0, 0.004, 0.008, -0.006),
      dLon: fc.constantFrom(0, 0.005, -0.01),
      commuter: fc.integer({ min: 0, max: 9 }),
      month: fc.constantFrom('2011-04', '2011-05', '2011-08'),
      trips: fc.integer({ min: 1, max: 5 }),
    });
    let complementary = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 5, maxLength: 80 }), (generated) => {
        const rows = generated.map((g) => ({
          partnerId: 'town-a',
          cell: latLngToCell(47.2 + g.dLat, 15.6 + g.dLon, 9),
          commuterId: `c${g.commuter}`,
          month: g.month,
          trips: g.trips,
        }));
        const out = releaseUnitLayers(rows, 7, 8, 5);
        for (const u of [...out.coarse, ...out.fine]) expect(u.commuters).toBeGreaterThanOrEqual(5);
        const shownFine = new Set(out.fine.map((u) => `${u.quarter}|${u.cell}`));
        for (const c of out.coarse) {
          const behind = new Set(
            rows
              .filter(
                (r) =>
                  quarterOfMonth(r.month).id === c.quarter &&
                  cellToParent(r.cell, 7) === c.cell &&
                  !shownFine.has(`${c.quarter}|${cellToParent(r.cell, 8)}`),
              )
              .map((r) => r.commuterId),
          );
          expect(behind.size === 0 || behind.size >= 5).toBe(true);
        }
        if (releaseUnitLayers(rows, 8, 8, 5).coarse.length > out.fine.length) complementary += 1;
      }),
      { numRuns: 300, seed: 10 },
    );
    expect(complementary).toBeGreaterThan(0);
  });
});

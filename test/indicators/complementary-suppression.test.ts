import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  complementarySuppression,
  SUPPRESSION_K,
  type TableCell,
} from '../../server/indicators/suppression.js';

const MODES = ['walk', 'bike', 'ebike', 'bus', 'car_driver'] as const;

/** Any table of baseline mode × follow-up mode with 0..12 commuters per cell. */
const tables = fc
  .array(fc.integer({ min: 0, max: 12 }), { minLength: 25, maxLength: 25 })
  .map((counts) =>
    counts
      .map((commuters, i) => ({ row: MODES[Math.floor(i / 5)]!, col: MODES[i % 5]!, commuters }))
      .filter((c) => c.commuters > 0),
  );

/** Every line (grand total, each row, each column) as the indexes of its cells. */
function linesOf(cells: TableCell[]): number[][] {
  const lines = [cells.map((_, i) => i)];
  for (const key of ['row', 'col'] as const) {
    for (const v of new Set(cells.map((c) => c[key])))
      lines.push(cells.flatMap((c, i) => (c[key] === v ? [i] : [])));
  }
  return lines;
}

describe('complementarySuppression', () => {
  it('hides every cell of 1 to 4 commuters', () => {
    fc.assert(
      fc.property(tables, (cells) => {
        const hidden = complementarySuppression(cells);
        cells.forEach((c, i) => {
          if (c.commuters < SUPPRESSION_K) expect(hidden.has(i)).toBe(true);
        });
      }),
    );
  });

  it('leaves no total minus its shown cells between 1 and 4 (when the line shows a cell)', () => {
    fc.assert(
      fc.property(tables, (cells) => {
        const hidden = complementarySuppression(cells);
        for (const line of linesOf(cells)) {
          const shown = line.filter((i) => !hidden.has(i));
          if (shown.length === 0) continue;
          const pool = line.reduce((s, i) => s + (hidden.has(i) ? cells[i]!.commuters : 0), 0);
          expect(pool === 0 || pool >= SUPPRESSION_K).toBe(true);
        }
      }),
    );
  });

  it('hides a second cell of the row when one alone is hidden (1 bike→bike, 9 bike→bus)', () => {
    const cells: TableCell[] = [
      { row: 'bike', col: 'bike', commuters: 1 },
      { row: 'bike', col: 'bus', commuters: 9 },
      { row: 'bus', col: 'bus', commuters: 30 },
      { row: 'bus', col: 'bike', commuters: 6 },
    ];
    const hidden = complementarySuppression(cells);
    expect([...hidden].sort()).toEqual([0, 1, 3]);
  });

  it('shows a table with no small cell unchanged', () => {
    const cells: TableCell[] = [
      { row: 'bike', col: 'bike', commuters: 5 },
      { row: 'bus', col: 'bus', commuters: 7 },
    ];
    expect(complementarySuppression(cells).size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { addMonths, followUpsOf } from '../../web/src/lib/follow-ups.js';

describe('follow-up survey dates', () => {
  it.each([
    ['2011-01-31', 1, '2011-02-28'],
    ['2012-01-31', 1, '2012-02-29'],
    ['2011-11-15', 3, '2012-02-15'],
    ['2011-08-31', 6, '2012-02-29'],
  ])('%s plus %i months is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it('falls due 3 and 6 months after joining, done once answered in the month before', () => {
    expect(followUpsOf('2011-03-10', [])).toEqual([
      { months: 3, dueOn: '2011-06-10', done: false },
      { months: 6, dueOn: '2011-09-10', done: false },
    ]);
    // An answer a week early counts for the 3-month survey only.
    expect(followUpsOf('2011-03-10', ['2011-06-03']).map((f) => f.done)).toEqual([true, false]);
    // Too early (right after joining) counts for neither.
    expect(followUpsOf('2011-03-10', ['2011-03-20']).map((f) => f.done)).toEqual([false, false]);
    expect(followUpsOf('2011-03-10', ['2011-06-12', '2011-09-01']).map((f) => f.done)).toEqual([
      true,
      true,
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { splitPeriod } from '../../server/repositories/indicators.js';

describe('splitPeriod', () => {
  it.each([
    ['2011-09-01', '2012-08-31', ['2011-09', '2012-08'], []],
    ['2011-09-15', '2012-03-10', ['2011-10', '2012-02'], [['2011-09-15', '2011-09-30'], ['2012-03-01', '2012-03-10']]],
    ['2011-11-03', '2011-11-20', null, [['2011-11-03', '2011-11-20']]],
    ['2012-02-01', '2012-02-29', ['2012-02', '2012-02'], []],
    ['2011-12-31', '2012-01-31', ['2012-01', '2012-01'], [['2011-12-31', '2011-12-31']]],
  ])('%s..%s → months %o, days %o', (from, to, months, dayRanges) => {
    expect(splitPeriod(from, to)).toEqual({ months, dayRanges });
  });
});

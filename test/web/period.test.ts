import { describe, expect, it } from 'vitest';
import { daysBetween, detectPreset, monthsBack, presetRange } from '../../web/src/lib/period.js';

const demo = { from: '2010-09-01', to: '2012-08-31' };

describe('presetRange', () => {
  it('counts back from the latest data day, not from today', () => {
    expect(presetRange('month', demo)).toEqual({ from: '2012-08-01', to: '2012-08-31' });
    expect(presetRange('12m', demo)).toEqual({ from: '2011-09-01', to: '2012-08-31' });
    expect(presetRange('project', demo)).toEqual(demo);
  });

  it('never starts before the data does', () => {
    expect(presetRange('12m', { from: '2012-03-10', to: '2012-08-31' })).toEqual({
      from: '2012-03-10',
      to: '2012-08-31',
    });
  });
});

describe('monthsBack', () => {
  it.each([
    ['2012-08-31', 12, '2011-09-01'],
    ['2012-02-29', 12, '2011-03-01'],
    ['2012-03-31', 1, '2012-03-01'],
    ['2012-01-15', 1, '2011-12-16'],
  ])('%s minus %i months -> %s', (date, months, expected) => {
    expect(monthsBack(date, months)).toBe(expected);
  });
});

describe('detectPreset', () => {
  it('recognises each preset from its dates', () => {
    expect(detectPreset(undefined, undefined, demo)).toBe('project');
    expect(detectPreset('2012-08-01', '2012-08-31', demo)).toBe('month');
    expect(detectPreset('2011-09-01', '2012-08-31', demo)).toBe('12m');
    expect(detectPreset('2010-09-01', '2012-08-31', demo)).toBe('project');
    expect(detectPreset('2011-01-01', '2011-06-30', demo)).toBe('custom');
    expect(detectPreset('2011-01-01', '2011-06-30', null)).toBe('custom');
  });
});

describe('daysBetween', () => {
  it('is inclusive', () => {
    expect(daysBetween('2010-09-01', '2012-08-31')).toBe(731);
    expect(daysBetween('2012-08-31', '2012-08-31')).toBe(1);
  });
});

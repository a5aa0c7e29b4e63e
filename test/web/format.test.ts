import { describe, expect, it } from 'vitest';
import { createFormatter, intlLocale, normaliseSpaces } from '../../web/src/lib/format.js';

const en = createFormatter(intlLocale('en'));
const da = createFormatter(intlLocale('da'));
const n = (s: string) => normaliseSpaces(s);

describe('formatter', () => {
  it('groups thousands the local way', () => {
    expect(en.number(613986.57)).toBe('613,987');
    expect(n(da.number(613986.57))).toBe('613.987');
    expect(da.number(1.25, 1)).toBe('1,3');
  });

  it('signs percentage-point changes and rounds tiny ones to zero', () => {
    expect(en.pp(-4.2444)).toBe('-4.2');
    expect(en.pp(0.5004)).toBe('+0.5');
    expect(en.pp(0.01)).toBe('0.0');
  });

  it('writes shares as percentages', () => {
    expect(en.percent(0.5249)).toBe('52.5%');
    expect(n(da.percent(0.5249))).toBe('52,5 %');
  });

  it('writes dates and months in the language', () => {
    expect(en.date('2012-08-31')).toBe('31 Aug 2012');
    expect(da.date('2012-08-31')).toBe('31. aug. 2012');
    expect(en.month('2012-08')).toBe('Aug 2012');
  });

  it('writes money, compact when large', () => {
    expect(en.money(15078.67, 'EUR')).toBe('€15,079');
    expect(en.money(109864.56, 'EUR')).toBe('€109.9k');
    expect(n(da.money(15078.67, 'EUR'))).toBe('15.079 €');
  });
});

import { describe, expect, it } from 'vitest';
import {
  createFormatter,
  intlLocale,
  normaliseSpaces,
  supportedLocale,
} from '../../web/src/lib/format.js';

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

describe('every partner locale', () => {
  // Each partner's language with its country, as the dashboard forms it (regionalLocale).
  const cases = [
    // locale, 12345.6 with one decimal, 31 Jan 2012, 12.3 %
    ['de-AT', '12 345,6', '31. Jän. 2012', '12,3 %'],
    ['de-DE', '12.345,6', '31. Jan. 2012', '12,3 %'],
    ['it-IT', '12.345,6', '31 gen 2012', '12,3%'],
    ['es-ES', '12.345,6', '31 ene 2012', '12,3 %'],
    ['gl-ES', '12.345,6', '31 de xan. de 2012', '12,3 %'],
    ['el-GR', '12.345,6', '31 Ιαν 2012', '12,3%'],
    ['ro-RO', '12.345,6', '31 ian. 2012', '12,3 %'],
    ['pl-PL', '12 345,6', '31 sty 2012', '12,3%'],
    ['sl-SI', '12.345,6', '31. jan. 2012', '12,3 %'],
  ] as const;

  it.each(cases)('%s writes numbers, dates and shares its own way', (locale, num, date, pct) => {
    const f = createFormatter(locale);
    expect(f.locale).toBe(locale);
    expect(n(f.number(12345.6, 1))).toBe(num);
    expect(n(f.date('2012-01-31'))).toBe(date);
    expect(n(f.percent(0.123))).toBe(pct);
  });

  it.each(cases)('%s writes euros with its decimal comma', (locale) => {
    const money = n(createFormatter(locale).money(1234, 'EUR'));
    expect(money).toMatch(/€|EUR/);
    expect(money).toMatch(/1[ .]?234/);
    expect(money).not.toContain('1,234');
  });

  it('maps every dictionary language to a locale with a region', () => {
    for (const lang of ['en', 'da', 'de', 'it', 'el', 'ro', 'es', 'gl', 'pl', 'sl'])
      expect(intlLocale(lang)).toMatch(new RegExp(`^${lang}-[A-Z]{2}$`));
  });
});

describe('a locale the runtime has no data for', () => {
  it('formats Galician the Spanish way rather than the English way', () => {
    expect(supportedLocale('gl-ES', () => false)).toBe('es-ES');
    expect(supportedLocale('gl', () => false)).toBe('es-ES');
    expect(supportedLocale('gl-ES', () => true)).toBe('gl-ES');
  });

  it('keeps any other locale as asked', () => {
    expect(supportedLocale('de-AT', () => false)).toBe('de-AT');
    expect(supportedLocale('sl-SI', () => true)).toBe('sl-SI');
  });
});

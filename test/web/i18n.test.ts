import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { da } from '../../web/src/i18n/da.js';
import { en, type MessageKey } from '../../web/src/i18n/en.js';
import {
  COMPLETE_LANGUAGES,
  DICTIONARIES,
  dropReasonName,
  factorScopeName,
  factorSetName,
  formatLocale,
  regionalLocale,
  resolveLanguage,
  translate,
} from '../../web/src/i18n/index.js';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('dictionaries', () => {
  it('Danish has every English key and no other', () => {
    expect(Object.keys(da).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(COMPLETE_LANGUAGES.map((l) => [l]))('%s has no empty message', (lang) => {
    for (const [key, text] of Object.entries(DICTIONARIES[lang]!))
      expect(text.trim(), key).not.toBe('');
  });

  it('Danish messages use the same placeholders as English', () => {
    for (const key of Object.keys(en) as MessageKey[])
      expect(placeholders(da[key]), key).toEqual(placeholders(en[key]));
  });
});

describe('translate', () => {
  it('fills placeholders and falls back to English for a missing key', () => {
    expect(translate({}, 'filter.latest', { date: '31 Aug 2012' })).toBe(
      'Latest data: 31 Aug 2012',
    );
    expect(translate(da, 'filter.latest', { date: '31. aug. 2012' })).toBe(
      'Seneste data: 31. aug. 2012',
    );
  });

  it('leaves an unknown placeholder visible rather than empty', () => {
    expect(translate(en, 'filter.latest')).toBe('Latest data: {date}');
  });
});

describe('resolveLanguage', () => {
  it.each([
    ['da', 'da'],
    ['da-DK', 'da'],
    ['en-GB', 'en'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de_DE', 'de'],
    ['it-IT', 'it'],
    ['es-ES', 'es'],
    ['ES', 'es'],
    ['gl-ES', 'gl'],
    ['sl', 'sl'],
    ['el-GR', 'el'],
    ['ro-RO', 'ro'],
    ['pl', 'pl'],
    ['fr-FR', 'en'],
    [null, 'en'],
    ['', 'en'],
  ])('%s -> %s', (input, expected) => {
    expect(resolveLanguage(input)).toBe(expected);
  });
});

describe("a partner's staff get the partner's language, formatted for its country", () => {
  const weiz = { locale: 'de', country: 'AT' };
  const norderstedt = { locale: 'de', country: 'DE' };
  const novara = { locale: 'it', country: 'IT' };
  const lugo = { locale: 'es', country: 'ES' };
  const skanderborg = { locale: 'da', country: 'DK' };

  it.each([
    ['de', weiz, 'de-AT', 'de', 'de-AT'],
    ['de', norderstedt, 'de-DE', 'de', 'de-DE'],
    ['it', novara, 'it-IT', 'it', 'it-IT'],
    ['es', lugo, 'es-ES', 'es', 'es-ES'],
    ['da', skanderborg, 'da-DK', 'da', 'da-DK'],
    ['el', { locale: 'el', country: 'GR' }, 'el-GR', 'el', 'el-GR'],
    ['ro', { locale: 'ro', country: 'RO' }, 'ro-RO', 'ro', 'ro-RO'],
    ['pl', { locale: 'pl', country: 'PL' }, 'pl-PL', 'pl', 'pl-PL'],
    ['sl', { locale: 'sl', country: 'SI' }, 'sl-SI', 'sl', 'sl-SI'],
    // A language other than the partner's is not given the partner's region.
    ['da', weiz, 'da', 'da', 'da-DK'],
    ['en', weiz, 'en', 'en', 'en-GB'],
    // No partner (analysts, admins): the language's usual locale.
    ['it', null, 'it', 'it', 'it-IT'],
    // A locale with its own region keeps it.
    ['es-MX', lugo, 'es-MX', 'es', 'es-MX'],
    // Galician chosen at Lugo (whose default is Spanish): no region borrowed, gl-ES formats.
    ['gl', lugo, 'gl', 'gl', 'gl-ES'],
  ] as const)('%s at %o -> %s (%s, formatted %s)', (choice, partner, tag, lang, intl) => {
    const locale = regionalLocale(choice, partner);
    expect(locale).toBe(tag);
    expect(resolveLanguage(locale)).toBe(lang);
    expect(formatLocale(locale, resolveLanguage(locale))).toBe(intl);
  });

  it('a language without a complete dictionary falls back to English with English formats', () => {
    const locale = regionalLocale('fr', { locale: 'fr', country: 'FR' });
    expect(resolveLanguage(locale)).toBe('en');
    expect(formatLocale(locale, 'en')).toBe('en-GB');
  });
});

describe('factorSetName', () => {
  const sets = (
    JSON.parse(readFileSync(join(import.meta.dirname, '../../data/factor-sets.json'), 'utf8')) as {
      factorSets: Array<{ id: string; name: string }>;
    }
  ).factorSets;

  it('names every factor set the data ships, in English as the API does', () => {
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) expect(factorSetName(set, en)).toBe(set.name);
  });

  it.each(COMPLETE_LANGUAGES.filter((l) => l !== 'en').map((l) => [l]))(
    'names every shipped factor set in %s, not in English',
    (lang) => {
      for (const set of sets) {
        const name = factorSetName(set, DICTIONARIES[lang]!);
        expect(name, `${lang} ${set.id}`).not.toBe(set.name);
        expect(name).toMatch(/\d{4}/);
      }
    },
  );

  it('shows Danish names in Danish', () => {
    expect(factorSetName({ id: 'dk-tm-2023', name: 'Danish Ministry of Transport 2023' }, da)).toBe(
      'Transportministeriet 2023, pr. personkilometer ved gennemsnitlig belægning',
    );
  });

  it('keeps the server’s name for a set the dictionaries do not know (one added later)', () => {
    const later = { id: 'desnz-2026-direct', name: 'UK DESNZ 2026, direct' };
    expect(factorSetName(later, da)).toBe('UK DESNZ 2026, direct');
    expect(factorSetName(later, en)).toBe('UK DESNZ 2026, direct');
  });
});

describe('server codes the web app shows in words', () => {
  it('names every reason the importer drops points for, and every emission scope', async () => {
    const { DROP_REASONS } = await import('../../server/domain/tracks/types.js');
    const { PARSE_DROP_REASONS } = await import('../../server/domain/imports/types.js');
    const { FACTOR_SCOPES } = await import('../../server/indicators/reference-data.js');
    const keys = [
      ...[...DROP_REASONS, ...PARSE_DROP_REASONS].map((r) => `dropReason.${r}`),
      ...FACTOR_SCOPES.map((s) => `factorScope.${s}`),
    ];
    // Every complete language is checked against en by i18n-complete.test.ts.
    expect(keys.filter((k) => !(k in en))).toEqual([]);
    expect(dropReasonName('teleport')).toBe(en['dropReason.teleport']);
    expect(factorScopeName('well_to_wheel')).toBe(en['factorScope.well_to_wheel']);
    // A code a later server adds shows as given rather than as a missing key.
    expect(dropReasonName('new_reason')).toBe('new_reason');
  });
});

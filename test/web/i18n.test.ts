import { describe, expect, it } from 'vitest';
import { da } from '../../web/src/i18n/da.js';
import { en, type MessageKey } from '../../web/src/i18n/en.js';
import {
  COMPLETE_LANGUAGES,
  DICTIONARIES,
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

  it.each(['de', 'it', 'el', 'ro', 'es', 'pl', 'sl'].map((l) => [l]))(
    'the %s stub only holds keys English has',
    (lang) => {
      const dict = DICTIONARIES[lang];
      expect(dict).toBeDefined();
      for (const key of Object.keys(dict!)) expect(key in en, key).toBe(true);
    },
  );
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
    ['de', 'en'],
    ['sl', 'en'],
    [null, 'en'],
    ['', 'en'],
  ])('%s -> %s', (input, expected) => {
    expect(resolveLanguage(input)).toBe(expected);
  });
});

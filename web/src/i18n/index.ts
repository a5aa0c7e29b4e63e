/**
 * The dashboard's languages. English, Danish, German, Italian, Spanish and Galician are complete; the other
 * partner languages have `Partial` dictionaries that fall back to English key by key until
 * someone translates them, and join COMPLETE_LANGUAGES (and so the switcher and the partner
 * default) once test/web/i18n-complete.test.ts passes for them.
 */
import { createFormatter, intlLocale, type Formatter } from '../lib/format.js';
import { da } from './da.js';
import { de } from './de.js';
import { el } from './el.js';
import { en, type MessageKey, type Messages } from './en.js';
import { es } from './es.js';
import { gl } from './gl.js';
import { it } from './it.js';
import { pl } from './pl.js';
import { ro } from './ro.js';
import { sl } from './sl.js';

export type { MessageKey, Messages };

export const DICTIONARIES: Readonly<Record<string, Partial<Messages>>> = {
  en,
  da,
  de,
  it,
  el,
  ro,
  es,
  gl,
  pl,
  sl,
};
/**
 * Languages offered in the switcher: those whose dictionary is complete. A partner's staff get
 * their partner's language by default exactly when it is listed here (a data rule: the
 * partner's `locale`, never a list of towns).
 */
export const COMPLETE_LANGUAGES = [
  'en',
  'da',
  'de',
  'it',
  'es',
  'gl',
  'el',
  'ro',
  'pl',
  'sl',
] as const;
/** Each language's own name, as the switcher shows it. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  da: 'Dansk',
  de: 'Deutsch',
  it: 'Italiano',
  el: 'Ελληνικά',
  ro: 'Română',
  es: 'Español',
  gl: 'Galego',
  pl: 'Polski',
  sl: 'Slovenščina',
};

let language = 'en';
let formatter: Formatter = createFormatter(intlLocale('en'));
const listeners = new Set<() => void>();

/** The language to use for a locale such as `da`, `da-DK` or `de`; English when we have no complete dictionary. */
export function resolveLanguage(locale: string | null | undefined): string {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (COMPLETE_LANGUAGES as readonly string[]).includes(base) ? base : 'en';
}

export function getLanguage(): string {
  return language;
}

/**
 * The locale to format numbers and dates with, from a language choice and the partner's country:
 * `de` for a partner in AT gives `de-AT`, so Weiz sees Austrian month names ("Jänner") and
 * Norderstedt German ones. A region only ever refines the partner's own language: a Danish
 * choice at an Austrian partner stays plain Danish.
 */
export function regionalLocale(
  choice: string,
  partner?: { locale: string; country: string } | null,
): string {
  const [base = '', region] = choice.split(/[-_]/);
  if (region) return `${base.toLowerCase()}-${region.toUpperCase()}`;
  if (!partner) return base.toLowerCase();
  const [partnerBase = '', partnerRegion] = partner.locale.split(/[-_]/);
  if (partnerBase.toLowerCase() !== base.toLowerCase()) return base.toLowerCase();
  const country = (partnerRegion ?? partner.country).toUpperCase();
  return /^[A-Z]{2}$/.test(country) ? `${base.toLowerCase()}-${country}` : base.toLowerCase();
}

/** The Intl locale for a locale tag once resolved to `lang`: its own region if it has one. */
export function formatLocale(locale: string, lang: string): string {
  const [base = '', region] = locale.split(/[-_]/);
  return region && base.toLowerCase() === lang
    ? `${lang}-${region.toUpperCase()}`
    : intlLocale(lang);
}

/** Switches to the language of a locale (`de`, `de-AT`); a region also sets number and date formats. */
export function setLanguage(locale: string): void {
  const next = resolveLanguage(locale);
  const tag = formatLocale(locale, next);
  if (next === language && tag === formatter.locale) return;
  language = next;
  formatter = createFormatter(tag);
  document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

export function onLanguageChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Looks a message up in a dictionary, falling back to English, and fills `{name}` placeholders. */
export function translate(
  dict: Partial<Messages>,
  key: MessageKey,
  vars?: Record<string, string | number>,
): string {
  const text = dict[key] ?? en[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(DICTIONARIES[language] ?? en, key, vars);
}

/** Formatting in the current language. */
export function fmt(): Formatter {
  return formatter;
}

/** The name of a mode in the current language. */
export function modeName(mode: string): string {
  const key = `mode.${mode}` as MessageKey;
  return key in en ? t(key) : mode;
}

/**
 * A factor set's name in the current language, by its id. The API names sets in English; a set
 * added to the data after these dictionaries were written keeps the name the server gives.
 */
export function factorSetName(
  set: { id: string; name: string },
  dict: Partial<Messages> = DICTIONARIES[language] ?? en,
): string {
  const key = `factorSet.${set.id}` as MessageKey;
  return key in en ? translate(dict, key) : set.name;
}

/** Why the importer dropped points (a server code), in the reader's language; unknown codes as given. */
export function dropReasonName(reason: string): string {
  const key = `dropReason.${reason}` as MessageKey;
  return key in en ? t(key) : reason;
}

/** A factor set's emission scope (direct, well to wheel, ...) in the reader's language. */
export function factorScopeName(scope: string): string {
  const key = `factorScope.${scope}` as MessageKey;
  return key in en ? t(key) : scope;
}

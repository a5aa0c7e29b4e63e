/**
 * The dashboard's languages. English and Danish are complete; the other partner languages have
 * `Partial` dictionaries that fall back to English key by key until someone translates them.
 */
import { createFormatter, intlLocale, type Formatter } from '../lib/format.js';
import { da } from './da.js';
import { de } from './de.js';
import { el } from './el.js';
import { en, type MessageKey, type Messages } from './en.js';
import { es } from './es.js';
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
  pl,
  sl,
};
/** Languages offered in the switcher: those whose dictionary is complete. */
export const COMPLETE_LANGUAGES = ['en', 'da'] as const;
/** Each language's own name, as the switcher shows it. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  da: 'Dansk',
  de: 'Deutsch',
  it: 'Italiano',
  el: 'Ελληνικά',
  ro: 'Română',
  es: 'Español',
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

export function setLanguage(lang: string): void {
  const next = resolveLanguage(lang);
  if (next === language) return;
  language = next;
  formatter = createFormatter(intlLocale(next));
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

import { da } from './da.js';
import { de } from './de.js';
import { el } from './el.js';
import { en } from './en.js';
import { es } from './es.js';
import { gl } from './gl.js';
import { it } from './it.js';
import { pl } from './pl.js';
import { ro } from './ro.js';
import { sl } from './sl.js';
import type { ReportStrings } from './types.js';

/**
 * The report's languages. Adding one is one file (`xx.ts`, typed `ReportStrings`, so the
 * compiler lists any missing key) and one line here.
 */
export const REPORT_LANGUAGES: Readonly<Record<string, ReportStrings>> = Object.freeze({
  en,
  da,
  de,
  it,
  es,
  gl,
  el,
  ro,
  pl,
  sl,
});

/** Partner languages the report does not speak yet: asked for, they answer a clear 422. */
export const PLANNED_REPORT_LANGUAGES: readonly string[] = [];

export type { ReportStrings };

import type { en } from './en.js';

/** Every report string; a language file must give all of them (the compiler checks). */
export type ReportStrings = {
  [K in keyof typeof en]: (typeof en)[K] extends Record<string, string>
    ? { [M in keyof (typeof en)[K]]: string }
    : string;
};

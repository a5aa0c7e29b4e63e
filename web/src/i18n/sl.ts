import type { Messages } from './en.js';

/** Slovenian: not translated yet; every missing key falls back to English. */
export const sl: Partial<Messages> = {};

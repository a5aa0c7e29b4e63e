import type { Messages } from './en.js';

/** German: not translated yet; every missing key falls back to English. */
export const de: Partial<Messages> = {};

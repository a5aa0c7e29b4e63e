import type { Messages } from './en.js';

/** Spanish: not translated yet; every missing key falls back to English. */
export const es: Partial<Messages> = {};

import type { Messages } from './en.js';

/** Polish: not translated yet; every missing key falls back to English. */
export const pl: Partial<Messages> = {};

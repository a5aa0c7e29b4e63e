import type { Messages } from './en.js';

/** Italian: not translated yet; every missing key falls back to English. */
export const it: Partial<Messages> = {};

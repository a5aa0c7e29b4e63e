import type { Messages } from './en.js';

/** Romanian: not translated yet; every missing key falls back to English. */
export const ro: Partial<Messages> = {};

import type { Messages } from './en.js';

/** Greek: not translated yet; every missing key falls back to English. */
export const el: Partial<Messages> = {};

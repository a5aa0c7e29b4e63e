import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as de from '@zxcvbn-ts/language-de';
import * as en from '@zxcvbn-ts/language-en';
import * as es from '@zxcvbn-ts/language-es-es';
import * as it from '@zxcvbn-ts/language-it';
import * as pl from '@zxcvbn-ts/language-pl';
import { AppError } from '../errors.js';
import { DEMO_PASSWORDS } from '../demo/accounts.js';
import { DEMO_TOWNS } from '../demo/towns.js';

/**
 * Password strength judged by zxcvbn-ts (a kept estimator of how many guesses a password
 * takes) with the common password lists and English, German, Italian, Spanish and Polish
 * dictionaries: the network's working language and most of its towns' languages. Length alone
 * lets "aaaaaaaaaaaa" and "password1234" through.
 */

/** zxcvbn's scale 0-4; 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

/** Words a password of this installation must not lean on: the product and the network's towns. */
const INSTALLATION_WORDS = [
  'modeshift',
  'demo',
  'active travel',
  ...DEMO_TOWNS.map((t) => t.partner.name),
  ...DEMO_TOWNS.map((t) => t.partner.id),
];

let factory: ZxcvbnFactory | null = null;

/** Built on first use: the dictionaries take a few tenths of a second to index. */
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: {
      ...common.dictionary,
      ...en.dictionary,
      ...de.dictionary,
      ...it.dictionary,
      ...es.dictionary,
      ...pl.dictionary,
    },
  });
  return factory;
}

export interface PasswordVerdict {
  ok: boolean;
  /** 0-4 (zxcvbn's score). */
  score: number;
  /** Why it is refused and how to do better, in English (zxcvbn's feedback); empty when ok. */
  reasons: string[];
}

/**
 * Judges a new password. `userInputs` are words from the account (e-mail, its local part,
 * display name) that an attacker would try first; they count as dictionary words.
 */
export function judgePassword(
  password: string,
  userInputs: ReadonlyArray<string | null | undefined> = [],
): PasswordVerdict {
  if (DEMO_PASSWORDS.some((p) => p.toLowerCase() === password.toLowerCase())) {
    return { ok: false, score: 0, reasons: ['This is a published demo password.'] };
  }
  const inputs = [...INSTALLATION_WORDS];
  for (const input of userInputs) {
    if (!input) continue;
    inputs.push(input, ...input.split(/[@.\s_+-]+/).filter((w) => w.length >= 3));
  }
  // zxcvbn's cost grows with length; beyond 100 characters the verdict no longer changes.
  const result: ZxcvbnResult = estimator().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return { ok: true, score: result.score, reasons: [] };
  const reasons = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (s): s is string => !!s,
  );
  if (reasons.length === 0)
    reasons.push('Too easy to guess: add more words or characters that do not form a pattern.');
  return { ok: false, score: result.score, reasons };
}

/** Refuses a password zxcvbn-ts finds easy to guess (auth/password-strength.ts), saying why. */
export function assertStrongPassword(
  password: string,
  field: string,
  userInputs: ReadonlyArray<string | null | undefined>,
): void {
  const verdict = judgePassword(password, userInputs);
  if (!verdict.ok)
    throw new AppError(
      'weak_password',
      `${field} is too easy to guess: ${verdict.reasons.join(' ')}`,
      [{ path: field, message: verdict.reasons.join(' '), score: verdict.score }],
    );
}

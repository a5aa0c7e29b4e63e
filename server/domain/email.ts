/**
 * One rule for e-mail addresses, used by login, account creation, look-ups and ADMIN_EMAIL.
 * NFKC folds look-alike forms (full-width letters, ligatures) into one spelling, so two
 * accounts cannot differ only in how a letter was encoded.
 */
export function normalizeEmail(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/**
 * Characters that make an address read differently from what it is: control characters
 * (including U+0000), zero-width characters, and bidirectional overrides and marks that
 * reorder what a reviewer sees in an account list or an audit log.
 */
const FORBIDDEN_IN_EMAIL =
  /[\p{Cc}\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

/** Why an e-mail address is refused, or null when it may be used. */
export function emailProblem(raw: string): string | null {
  if (FORBIDDEN_IN_EMAIL.test(raw))
    return 'must not contain control, zero-width or bidirectional characters';
  const email = normalizeEmail(raw);
  if (email.length < 3 || email.length > 254) return 'must have 3 to 254 characters';
  if (!/^[^@\s]+@[^@\s]+$/u.test(email)) return 'not an e-mail address';
  return null;
}

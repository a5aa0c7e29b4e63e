import { AppError } from '../errors.js';

const DAY_MS = 86_400_000;

/** How a caller asks for something to expire: an instant, a number of days from now, or never. */
export interface ExpiryRequest {
  expiresAt?: string | undefined;
  expiresInDays?: number | undefined;
}

/**
 * The expiry instant of a token or code the caller creates (null: never), checked to lie in
 * the future and within `maxDays`, so a credential cannot be made to live for ever by a typo.
 * Both API tokens and enrolment codes follow this one rule.
 */
export function resolveExpiry(
  request: ExpiryRequest,
  nowMs: number,
  maxDays: number,
): string | null {
  const expiresAtMs =
    request.expiresAt !== undefined
      ? Date.parse(request.expiresAt)
      : request.expiresInDays !== undefined
        ? nowMs + request.expiresInDays * DAY_MS
        : null;
  if (expiresAtMs === null) return null;
  if (expiresAtMs <= nowMs || expiresAtMs > nowMs + maxDays * DAY_MS) {
    const message =
      expiresAtMs <= nowMs ? 'must be in the future' : `must be within ${maxDays} days`;
    throw new AppError('validation_failed', `invalid request body: expiresAt: ${message}`, [
      { path: 'expiresAt', message },
    ]);
  }
  return new Date(expiresAtMs).toISOString();
}

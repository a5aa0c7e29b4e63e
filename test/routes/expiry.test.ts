import { describe, expect, it } from 'vitest';
import { resolveExpiry } from '../../server/routes/expiry.js';
import { AppError } from '../../server/errors.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('resolveExpiry', () => {
  it('never expires when neither an instant nor days are given', () => {
    expect(resolveExpiry({}, NOW, 365)).toBeNull();
  });

  it('counts days from now, and takes an instant as given', () => {
    expect(resolveExpiry({ expiresInDays: 30 }, NOW, 365)).toBe('2026-12-30T12:00:00.000Z');
    expect(resolveExpiry({ expiresAt: '2027-01-01T00:00:00Z' }, NOW, 365)).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });

  it('refuses the past and beyond the maximum with a 422 naming expiresAt', () => {
    for (const [request, message] of [
      [{ expiresAt: '2026-11-30T11:59:59Z' }, 'must be in the future'],
      [{ expiresInDays: 366 }, 'must be within 365 days'],
    ] as const) {
      let error: unknown;
      try {
        resolveExpiry(request, NOW, 365);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).details).toEqual([{ path: 'expiresAt', message }]);
    }
  });
});

import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http.js';

/**
 * What an account signed in with a temporary password may still do: change it, see who it
 * is, log out, and read the public settings. Everything else answers 403
 * password_change_required, so a temporary password an admin handed out never becomes the
 * account's lasting one.
 */
const OPEN_WHILE_CHANGE_REQUIRED = new Set([
  'POST /api/v1/auth/password',
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'GET /api/v1/config',
  'GET /api/v1/health',
]);

export const passwordChangeGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get('actor');
  if (
    actor?.mustChangePassword &&
    !OPEN_WHILE_CHANGE_REQUIRED.has(`${c.req.method} ${c.req.path.replace(/\/+$/, '')}`)
  ) {
    throw new AppError(
      'password_change_required',
      'this account signed in with a temporary password: change it first with POST /api/v1/auth/password',
    );
  }
  return next();
};

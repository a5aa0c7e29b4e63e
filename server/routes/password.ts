import { createRoute, z } from '@hono/zod-openapi';
import { assertStrongPassword } from '../auth/password-strength.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { AppError } from '../errors.js';
import { clientAddress, createRouter, db, nowIso, requireActor, services } from '../http.js';
import {
  findAccountWithHash,
  revokeOtherSessions,
  setPasswordHash,
} from '../repositories/accounts.js';
import { recordAudit } from '../repositories/audit.js';
import {
  AccountSchema,
  errorResponses,
  jsonBody,
  jsonResponse,
  PasswordChangeSchema,
} from './schemas.js';

const change = createRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['auth'],
  summary: 'Change your own password',
  description:
    'Needs the current password. The new one is judged by zxcvbn-ts (422 weak_password says why). Every other session of the account ends; this one stays signed in. Also the way out of a temporary password.',
  request: { body: jsonBody(PasswordChangeSchema) },
  responses: {
    200: jsonResponse(
      z.object({ account: AccountSchema, endedSessions: z.number().int() }),
      'Changed',
    ),
    ...errorResponses(401, 403, 422, 429),
  },
});

export function passwordRoutes() {
  const app = createRouter();

  app.openapi(change, async (c) => {
    const actor = requireActor(c);
    const s = services(c);
    const { currentPassword, newPassword } = c.req.valid('json');
    const account = await findAccountWithHash(db(c), actor.accountId);
    if (!account || account.disabled)
      throw new AppError('unauthenticated', 'the account no longer exists or is disabled');
    // A stolen session must not be a free password oracle: failures count like failed logins.
    const attempt = await s.loginThrottle.reserve(clientAddress(c), account.email);
    if (!attempt.ok) {
      c.header('Retry-After', String(attempt.retryAfterSeconds));
      throw new AppError(
        'rate_limited',
        `too many wrong passwords; try again in ${attempt.retryAfterSeconds} s`,
      );
    }
    if (!(await verifyPassword(account.passwordHash, currentPassword))) {
      throw new AppError('validation_failed', 'the current password is wrong', [
        { path: 'currentPassword', message: 'is not your current password' },
      ]);
    }
    await s.loginThrottle.succeed(attempt);
    if (newPassword === currentPassword)
      throw new AppError('validation_failed', 'the new password must differ from the current one', [
        { path: 'newPassword', message: 'same as the current password' },
      ]);
    assertStrongPassword(newPassword, 'newPassword', [account.email, account.displayName]);
    const passwordHash = await hashPassword(newPassword, s.config.passwordHash);
    const now = nowIso(c);
    const keep = c.get('sessionHash');
    const ended = await db(c)
      .transaction()
      .execute(async (trx) => {
        await setPasswordHash(trx, account.id, passwordHash, false, now);
        const revoked = await revokeOtherSessions(trx, account.id, keep, now);
        await recordAudit(
          trx,
          {
            accountId: account.id,
            action: 'account.password_change',
            targetType: 'account',
            targetId: account.id,
            details: { endedSessions: revoked.length },
          },
          now,
        );
        return revoked;
      });
    for (const idHash of ended) s.authCache.delete(idHash);
    // This session's cached actor still carries the must-change mark: look it up afresh.
    if (keep) s.authCache.delete(keep);
    const { passwordHash: _hash, ...publicAccount } = (await findAccountWithHash(
      db(c),
      account.id,
    ))!;
    return c.json({ account: publicAccount, endedSessions: ended.length }, 200);
  });

  return app;
}

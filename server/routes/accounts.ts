import { createRoute, z } from '@hono/zod-openapi';
import { hashPassword } from '../auth/passwords.js';
import { assertStrongPassword } from '../auth/password-strength.js';
import { newId } from '../auth/tokens.js';
import { canCreateAccount, canManageAccounts } from '../domain/roles.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services } from '../http.js';
import {
  countAdmins,
  findAccount,
  insertAccount,
  listAccounts,
  normalizeEmail,
  revokeOtherSessions,
  setAccountDisabled,
  setPasswordHash,
} from '../repositories/accounts.js';
import { recordAudit } from '../repositories/audit.js';
import { markDemoRows } from '../repositories/demo.js';
import { findPartner } from '../repositories/partners.js';
import { isConflict } from '../repositories/results.js';
import { createCommuter } from '../services/commuters.js';
import {
  AccountCreateSchema,
  AccountPatchSchema,
  AccountSchema,
  errorResponses,
  IdSchema,
  jsonBody,
  jsonResponse,
  RoleSchema,
} from './schemas.js';

const create = createRoute({
  method: 'post',
  path: '/accounts',
  tags: ['accounts'],
  summary: 'Create an account',
  description:
    'Admins create any role; staff create commuter accounts of their own partner. A commuter account is created with its commuter profile (answered as commuterId).',
  request: { body: jsonBody(AccountCreateSchema) },
  responses: { 201: jsonResponse(AccountSchema, 'Created'), ...errorResponses(401, 403, 409, 422) },
});

const list = createRoute({
  method: 'get',
  path: '/accounts',
  tags: ['accounts'],
  summary: 'List accounts (admin: all; staff: their partner)',
  request: { query: z.object({ partnerId: IdSchema.optional(), role: RoleSchema.optional() }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(AccountSchema) }), 'Accounts'),
    ...errorResponses(401, 403, 422),
  },
});

const patch = createRoute({
  method: 'patch',
  path: '/accounts/{id}',
  tags: ['accounts'],
  summary: 'Disable or enable an account, or set a temporary password',
  description:
    "Disabling ends the account's sessions. A temporary password (admins only) replaces the password, ends the account's sessions and lets the next login do nothing but change it (403 password_change_required elsewhere). Both are audited.",
  request: { params: z.object({ id: z.string().max(64) }), body: jsonBody(AccountPatchSchema) },
  responses: {
    200: jsonResponse(AccountSchema, 'Updated'),
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

export function accountRoutes() {
  const app = createRouter();

  app.openapi(create, async (c) => {
    const actor = requireActor(c);
    const body = c.req.valid('json');
    const partnerId = body.partnerId ?? (actor.role === 'staff' ? actor.partnerId : null);
    if (!canCreateAccount(actor, { role: body.role, partnerId }))
      throw new AppError(
        'forbidden',
        actor.role === 'staff'
          ? 'staff create commuter accounts of their own partner only'
          : 'only admins and staff create accounts',
      );
    if ((body.role === 'staff' || body.role === 'commuter') && !partnerId)
      throw new AppError('validation_failed', `a ${body.role} account needs a partnerId`, [
        { path: 'partnerId', message: 'required for this role' },
      ]);
    if (body.role === 'admin' && partnerId)
      throw new AppError('validation_failed', 'admins belong to no partner', [
        { path: 'partnerId', message: 'must be empty for admins' },
      ]);
    if (body.commuter && body.role !== 'commuter')
      throw new AppError('validation_failed', 'commuter profile fields go with role commuter', [
        { path: 'commuter', message: 'only for role commuter' },
      ]);
    if (partnerId && !(await findPartner(db(c), partnerId)))
      throw new AppError('validation_failed', `partner ${partnerId} does not exist`, [
        { path: 'partnerId', message: 'unknown partner' },
      ]);
    assertStrongPassword(body.password, 'password', [body.email, body.displayName]);
    const s = services(c);
    const passwordHash = await hashPassword(body.password, s.config.passwordHash);
    const now = nowIso(c);
    const account = await db(c)
      .transaction()
      .execute(async (trx) => {
        let commuterId: string | null = null;
        if (body.role === 'commuter') {
          commuterId = newId('cmt');
          await createCommuter(
            trx,
            {
              id: commuterId,
              partnerId: partnerId!,
              siteId: body.commuter?.siteId ?? null,
              ageBand: body.commuter?.ageBand ?? null,
              weightKg: body.commuter?.weightKg ?? null,
              joinedOn: now.slice(0, 10),
            },
            now,
          );
        }
        const created = await insertAccount(
          trx,
          {
            id: newId('acc'),
            email: body.email,
            passwordHash,
            role: body.role,
            partnerId,
            commuterId,
            displayName: body.displayName ?? null,
            locale: body.locale ?? null,
          },
          now,
        );
        // Thrown inside the transaction, so the commuter profile made above is rolled back too.
        if (isConflict(created))
          throw new AppError(
            'conflict',
            `an account with e-mail ${normalizeEmail(body.email)} already exists`,
          );
        // An account made with a demo login (public password) is demo data as well: otherwise the
        // demo admin could set up real-looking accounts that `demo --remove` and the lock miss.
        if (actor.demo) {
          await markDemoRows(trx, { partnerIds: [], accountIds: [created.id] });
          return { ...created, demo: true };
        }
        await recordAudit(
          trx,
          {
            accountId: actor.accountId,
            action: 'account.create',
            targetType: 'account',
            targetId: created.id,
            details: { role: created.role, partnerId },
          },
          now,
        );
        return created;
      });
    return c.json(account, 201);
  });

  app.openapi(list, async (c) => {
    const actor = requireActor(c);
    if (!canManageAccounts(actor))
      throw new AppError('forbidden', 'only admins and staff list accounts');
    const q = c.req.valid('query');
    const partnerId = actor.role === 'staff' ? actor.partnerId : (q.partnerId ?? null);
    if (actor.role === 'staff' && q.partnerId && q.partnerId !== actor.partnerId)
      throw new AppError('forbidden', 'staff list the accounts of their own partner only');
    const items = await listAccounts(db(c), { partnerId, ...(q.role ? { role: q.role } : {}) });
    return c.json({ items }, 200);
  });

  app.openapi(patch, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    const { disabled, temporaryPassword } = c.req.valid('json');
    const target = await findAccount(db(c), id);
    const visible =
      target &&
      (actor.role === 'admin' ||
        (actor.role === 'staff' &&
          target.role === 'commuter' &&
          target.partnerId === actor.partnerId));
    if (!target || !visible) {
      if (!canManageAccounts(actor))
        throw new AppError('forbidden', 'only admins and staff manage accounts');
      throw new AppError('not_found', `account ${id} not found`);
    }
    if (temporaryPassword !== undefined && actor.role !== 'admin')
      throw new AppError('forbidden', 'only admins set temporary passwords');
    if (disabled && target.role === 'admin' && !target.disabled && (await countAdmins(db(c))) <= 1)
      throw new AppError('conflict', 'the last admin cannot be disabled');
    if (temporaryPassword !== undefined)
      assertStrongPassword(temporaryPassword, 'temporaryPassword', [
        target.email,
        target.displayName,
      ]);
    const passwordHash =
      temporaryPassword !== undefined
        ? await hashPassword(temporaryPassword, services(c).config.passwordHash)
        : null;
    const now = nowIso(c);
    await db(c)
      .transaction()
      .execute(async (trx) => {
        if (disabled !== undefined && disabled !== target.disabled) {
          await setAccountDisabled(trx, id, disabled, now);
          await recordAudit(
            trx,
            {
              accountId: actor.accountId,
              action: disabled ? 'account.disable' : 'account.enable',
              targetType: 'account',
              targetId: id,
            },
            now,
          );
        }
        if (passwordHash !== null) {
          await setPasswordHash(trx, id, passwordHash, true, now);
          await revokeOtherSessions(trx, id, null, now);
          await recordAudit(
            trx,
            {
              accountId: actor.accountId,
              action: 'account.temporary_password',
              targetType: 'account',
              targetId: id,
            },
            now,
          );
        }
      });
    services(c).authCache.clear();
    return c.json((await findAccount(db(c), id))!, 200);
  });

  return app;
}

import { createRoute, z } from '@hono/zod-openapi';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { assertStrongPassword } from '../auth/password-strength.js';
import { generateEnrolmentCode, newId } from '../auth/tokens.js';
import {
  enrolmentCodeState,
  normalizeEnrolmentCode,
  type EnrolmentCodeState,
} from '../domain/enrolment.js';
import { resolveExpiry } from './expiry.js';
import { PRIVACY_NOTICE_VERSION, privacyNoticeFor } from '../domain/privacy-notice.js';
import { canManageEnrolmentCodes } from '../domain/roles.js';
import { mainModeOf } from '../domain/trips.js';
import { AppError } from '../errors.js';
import {
  clientAddress,
  createRouter,
  db,
  nowIso,
  requireActor,
  services,
  type AppContext,
} from '../http.js';
import { findAccountByEmail, insertAccount, normalizeEmail } from '../repositories/accounts.js';
import { recordAudit } from '../repositories/audit.js';
import { insertSurvey } from '../repositories/commuters.js';
import {
  consumeEnrolmentCode,
  findEnrolment,
  findEnrolmentCode,
  findEnrolmentCodeById,
  insertEnrolment,
  insertEnrolmentCode,
  listEnrolmentCodes,
  revokeEnrolmentCode,
  setShareName,
  type EnrolmentCode,
  type EnrolmentCodeWithNames,
} from '../repositories/enrolment.js';
import { findPartner } from '../repositories/partners.js';
import { isConflict } from '../repositories/results.js';
import { saveUsualCommute } from '../repositories/usual-commutes.js';
import { createCommuter } from '../services/commuters.js';
import { startSession } from './auth.js';
import {
  ENROLMENT_CODE_MAX_DAYS,
  EnrolmentCodeCreateSchema,
  EnrolmentCodeParamSchema,
  EnrolmentCodeSchema,
  EnrolmentInfoSchema,
  JoinResponseSchema,
  JoinSchema,
  PrivacyNoticeSchema,
} from './commuter-app-schemas.js';
import { errorResponses, IdSchema, jsonBody, jsonResponse, usualOneWayKm } from './schemas.js';

const partnerParam = z.object({ id: IdSchema });

const routes = {
  createCode: createRoute({
    method: 'post',
    path: '/partners/{id}/enrolment-codes',
    tags: ['enrolment'],
    summary: 'Create an enrolment code (staff of the partner, admin)',
    description:
      'A code of 16 random characters that lets commuters create their own account in this partner (and site, when given), until it expires, is used maxUses times or is revoked. Show it as the link joinPath or as a QR code of that link.',
    request: { params: partnerParam, body: jsonBody(EnrolmentCodeCreateSchema) },
    responses: {
      201: jsonResponse(EnrolmentCodeSchema, 'Created'),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  listCodes: createRoute({
    method: 'get',
    path: '/partners/{id}/enrolment-codes',
    tags: ['enrolment'],
    summary: "A partner's enrolment codes with their use counts, newest first",
    request: {
      params: partnerParam,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    },
    responses: {
      200: jsonResponse(z.object({ items: z.array(EnrolmentCodeSchema) }), 'Codes'),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  revokeCode: createRoute({
    method: 'delete',
    path: '/enrolment-codes/{id}',
    tags: ['enrolment'],
    summary: 'Revoke an enrolment code',
    description:
      'Nobody can join with it afterwards; commuters who joined stay. The code stays listed, as revoked. Revoking a revoked code changes nothing.',
    request: { params: z.object({ id: IdSchema }) },
    responses: {
      200: jsonResponse(EnrolmentCodeSchema, 'Revoked'),
      ...errorResponses(401, 403, 404),
    },
  }),
  info: createRoute({
    method: 'get',
    path: '/enrolment/{code}',
    tags: ['enrolment'],
    summary: 'What a code joins (public)',
    description:
      'The partner and site a code joins. A code that does not work answers 404 `enrolment_code_unknown` or 410 `enrolment_code_expired`, `enrolment_code_exhausted` or `enrolment_code_revoked`. Look-ups count against the same per-address limits as logins.',
    request: { params: EnrolmentCodeParamSchema },
    responses: {
      200: jsonResponse(EnrolmentInfoSchema, 'The code works'),
      ...errorResponses(404, 410, 422, 429),
    },
  }),
  join: createRoute({
    method: 'post',
    path: '/enrolment/{code}/join',
    tags: ['enrolment'],
    // Open to anyone: the OpenAPI document says so (the API reference page shows it).
    security: [],
    summary: 'Join with a code: create a commuter account and sign in (public)',
    description:
      'In one transaction: the account (role commuter), the commuter profile (partner and site of the code), the baseline survey, the usual commute (the baseline legs), the privacy notice acceptance (version and time) and one use of the code; then signs in as POST /auth/login does. Sending the same e-mail, password and code again signs in again (200, `replayed: true`) and stores nothing new. The password is judged as for every account (422 `weak_password`). Attempts count against the login limits.',
    request: { params: EnrolmentCodeParamSchema, body: jsonBody(JoinSchema) },
    responses: {
      200: jsonResponse(JoinResponseSchema, 'Already joined with this code: signed in again'),
      201: jsonResponse(JoinResponseSchema, 'Joined and signed in'),
      ...errorResponses(401, 404, 409, 410, 422, 429),
    },
  }),
  privacyNotice: createRoute({
    method: 'get',
    path: '/privacy-notice',
    tags: ['enrolment'],
    summary: 'The privacy notice a commuter accepts when joining (public)',
    description: 'English and Danish; any other language answers the English text.',
    request: { query: z.object({ lang: z.string().max(20).optional() }) },
    responses: { 200: jsonResponse(PrivacyNoticeSchema, 'The notice'), ...errorResponses(422) },
  }),
};

type CodeAnswer = z.infer<typeof EnrolmentCodeSchema>;

function toAnswer(code: EnrolmentCode, now: string): CodeAnswer {
  return {
    id: code.id,
    code: code.code,
    partnerId: code.partnerId,
    siteId: code.siteId,
    label: code.label,
    expiresAt: code.expiresAt,
    maxUses: code.maxUses,
    uses: code.uses,
    state: enrolmentCodeState(code, now),
    joinPath: `/#/join?code=${encodeURIComponent(code.code)}`,
    createdAt: code.createdAt,
    revokedAt: code.revokedAt,
  };
}

const STATE_ERRORS: Record<Exclude<EnrolmentCodeState, 'valid'>, () => AppError> = {
  expired: () => new AppError('enrolment_code_expired', 'this enrolment code has expired'),
  exhausted: () => new AppError('enrolment_code_exhausted', 'this enrolment code has been used up'),
  revoked: () =>
    new AppError('enrolment_code_revoked', 'this enrolment code was withdrawn by the project'),
};

function unknownCode(): AppError {
  return new AppError('enrolment_code_unknown', 'no such enrolment code: check it and try again');
}

/**
 * Counts a look-up or join against the login limits (per address, and per address and code),
 * so that codes cannot be guessed faster than passwords. Answers the reservation.
 */
async function throttle(c: AppContext, code: string) {
  const attempt = await services(c).loginThrottle.reserve(clientAddress(c), `enrolment:${code}`);
  if (!attempt.ok) {
    c.header('Retry-After', String(attempt.retryAfterSeconds));
    throw new AppError(
      'rate_limited',
      `too many attempts; try again in ${attempt.retryAfterSeconds} s`,
    );
  }
  return attempt;
}

async function codeOrThrow(c: AppContext, code: string): Promise<EnrolmentCodeWithNames> {
  const found = await findEnrolmentCode(db(c), normalizeEnrolmentCode(code));
  if (!found) throw unknownCode();
  return found;
}

export function enrolmentRoutes() {
  const app = createRouter();

  app.openapi(routes.createCode, async (c) => {
    const actor = requireActor(c);
    const { id: partnerId } = c.req.valid('param');
    const body = c.req.valid('json');
    if (!canManageEnrolmentCodes(actor, partnerId)) {
      if (actor.role === 'admin' || actor.role === 'staff')
        throw new AppError('not_found', `partner ${partnerId} not found`);
      throw new AppError('forbidden', 'staff and admins create enrolment codes');
    }
    if (!(await findPartner(db(c), partnerId)))
      throw new AppError('not_found', `partner ${partnerId} not found`);
    const expiresAt = resolveExpiry(body, services(c).now(), ENROLMENT_CODE_MAX_DAYS);
    const now = nowIso(c);
    const created = await db(c)
      .transaction()
      .execute(async (trx) => {
        const row = await insertEnrolmentCode(
          trx,
          {
            id: newId('enr'),
            code: generateEnrolmentCode(),
            partnerId,
            siteId: body.siteId ?? null,
            label: body.label ?? null,
            expiresAt,
            maxUses: body.maxUses ?? null,
            createdBy: actor.accountId,
          },
          now,
        );
        if ('unknown' in row)
          throw new AppError(
            'validation_failed',
            `site ${body.siteId} is not one of ${partnerId}`,
            [{ path: 'siteId', message: 'unknown site for this partner' }],
          );
        await recordAudit(
          trx,
          {
            accountId: actor.accountId,
            action: 'enrolment_code.create',
            targetType: 'enrolment_code',
            targetId: row.id,
            details: {
              partnerId,
              siteId: row.siteId,
              maxUses: row.maxUses,
              expiresAt: row.expiresAt,
            },
          },
          now,
        );
        return row;
      });
    return c.json(toAnswer(created, now), 201);
  });

  app.openapi(routes.listCodes, async (c) => {
    const actor = requireActor(c);
    const { id: partnerId } = c.req.valid('param');
    if (!canManageEnrolmentCodes(actor, partnerId)) {
      if (actor.role === 'admin' || actor.role === 'staff')
        throw new AppError('not_found', `partner ${partnerId} not found`);
      throw new AppError('forbidden', 'staff and admins see enrolment codes');
    }
    if (!(await findPartner(db(c), partnerId)))
      throw new AppError('not_found', `partner ${partnerId} not found`);
    const now = nowIso(c);
    const codes = await listEnrolmentCodes(db(c), partnerId, c.req.valid('query').limit);
    return c.json({ items: codes.map((code) => toAnswer(code, now)) }, 200);
  });

  app.openapi(routes.revokeCode, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    if (actor.role !== 'admin' && actor.role !== 'staff')
      throw new AppError('forbidden', 'staff and admins revoke enrolment codes');
    const code = await findEnrolmentCodeById(db(c), id);
    // Another partner's code answers like a missing one.
    if (!code || !canManageEnrolmentCodes(actor, code.partnerId))
      throw new AppError('not_found', `enrolment code ${id} not found`);
    const now = nowIso(c);
    const revoked = await db(c)
      .transaction()
      .execute(async (trx) => {
        const r = await revokeEnrolmentCode(trx, id, now);
        if (code.revokedAt === null)
          await recordAudit(
            trx,
            {
              accountId: actor.accountId,
              action: 'enrolment_code.revoke',
              targetType: 'enrolment_code',
              targetId: id,
            },
            now,
          );
        return r!;
      });
    return c.json(toAnswer(revoked, now), 200);
  });

  app.openapi(routes.info, async (c) => {
    const { code: typed } = c.req.valid('param');
    const attempt = await throttle(c, normalizeEnrolmentCode(typed));
    const code = await codeOrThrow(c, typed);
    // A code that exists was not guessed: its look-ups do not count as failures.
    await services(c).loginThrottle.succeed(attempt);
    const state = enrolmentCodeState(code, nowIso(c));
    if (state !== 'valid') throw STATE_ERRORS[state]();
    return c.json(
      {
        valid: true as const,
        partnerId: code.partnerId,
        partnerName: code.partnerName,
        siteId: code.siteId,
        siteName: code.siteName,
        expiresAt: code.expiresAt,
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      },
      200,
    );
  });

  app.openapi(routes.join, async (c) => {
    const s = services(c);
    const { code: typed } = c.req.valid('param');
    const body = c.req.valid('json');
    const session = body.session ?? 'token';
    const attempt = await throttle(c, normalizeEnrolmentCode(typed));
    const code = await codeOrThrow(c, typed);

    // A replay (same e-mail and code, e.g. the answer was lost on a bad connection) signs in
    // again instead of failing on the e-mail, once the password proves it is the same person.
    const existing = await findAccountByEmail(db(c), body.email);
    if (existing) {
      const enrolment = existing.commuterId
        ? await findEnrolment(db(c), existing.commuterId)
        : null;
      if (!enrolment || enrolment.codeId !== code.id)
        throw new AppError(
          'conflict',
          `an account with e-mail ${normalizeEmail(body.email)} already exists: log in instead`,
        );
      const ok = await verifyPassword(existing.passwordHash, body.password);
      if (!ok || existing.disabled)
        throw new AppError(
          'invalid_credentials',
          'this e-mail already joined with this code, with another password: log in instead',
        );
      await s.loginThrottle.succeed(attempt);
      const { passwordHash: _hash, ...account } = existing;
      const answer = await startSession(c, account, session);
      return c.json({ ...answer, commuterId: existing.commuterId!, replayed: true }, 200);
    }

    const now = nowIso(c);
    const state = enrolmentCodeState(code, now);
    if (state !== 'valid') throw STATE_ERRORS[state]();
    if (body.privacyNoticeVersion !== PRIVACY_NOTICE_VERSION)
      throw new AppError(
        'validation_failed',
        `the privacy notice changed (now version ${PRIVACY_NOTICE_VERSION}): read and accept it again`,
        [{ path: 'privacyNoticeVersion', message: `must be ${PRIVACY_NOTICE_VERSION}` }],
      );
    const baseline = body.baseline;
    const usualMode = mainModeOf(baseline.usualLegs);
    if (baseline.usualMode && baseline.usualMode !== usualMode)
      throw new AppError(
        'validation_failed',
        `usualMode ${baseline.usualMode} is not the mode of the longest usual leg (${usualMode})`,
        [
          {
            path: 'baseline.usualMode',
            message: 'must match the longest of usualLegs, or be left out',
          },
        ],
      );
    assertStrongPassword(body.password, 'password', [body.email, body.displayName]);
    const passwordHash = await hashPassword(body.password, s.config.passwordHash);

    const joined = await db(c)
      .transaction()
      .execute(async (trx) => {
        // First, so that a code used up by a concurrent join rolls everything back.
        if (!(await consumeEnrolmentCode(trx, code.id, now))) {
          const again = await findEnrolmentCodeById(trx, code.id);
          const why = again ? enrolmentCodeState(again, now) : 'revoked';
          throw STATE_ERRORS[why === 'valid' ? 'exhausted' : why]();
        }
        const commuterId = newId('cmt');
        await createCommuter(
          trx,
          {
            id: commuterId,
            partnerId: code.partnerId,
            siteId: code.siteId,
            ageBand: baseline.ageBand,
            weightKg: baseline.weightKg ?? null,
            joinedOn: now.slice(0, 10),
          },
          now,
        );
        if (body.shareName) await setShareName(trx, commuterId, true);
        const account = await insertAccount(
          trx,
          {
            id: newId('acc'),
            email: body.email,
            passwordHash,
            role: 'commuter',
            partnerId: code.partnerId,
            commuterId,
            displayName: body.displayName ?? null,
            locale: body.locale,
          },
          now,
        );
        if (isConflict(account))
          throw new AppError(
            'conflict',
            `an account with e-mail ${normalizeEmail(body.email)} already exists: log in instead`,
          );
        await insertSurvey(
          trx,
          {
            id: newId('srv'),
            commuterId,
            kind: 'baseline',
            takenOn: now.slice(0, 10),
            usualMode,
            usualLegs: baseline.usualLegs,
            oneWayKm: usualOneWayKm(baseline.usualLegs),
            daysPerWeek: baseline.commutingDaysPerWeek,
          },
          now,
        );
        // The usual commute starts as the baseline's legs; how the commuter would travel
        // without the programme is, at joining, the baseline's main mode.
        await saveUsualCommute(
          trx,
          {
            commuterId,
            legs: baseline.usualLegs.map((l) => ({ mode: l.mode, distanceKm: l.distanceKm })),
            replacedMode: usualMode,
            departToWork: null,
            departBack: null,
          },
          now,
        );
        await insertEnrolment(trx, {
          commuterId,
          codeId: code.id,
          joinedAt: now,
          privacyNoticeVersion: body.privacyNoticeVersion,
          privacyAcceptedAt: now,
        });
        await recordAudit(
          trx,
          {
            accountId: account.id,
            action: 'enrolment.join',
            targetType: 'commuter',
            targetId: commuterId,
            details: { codeId: code.id, privacyNoticeVersion: body.privacyNoticeVersion },
          },
          now,
        );
        return { account, commuterId };
      });
    await s.loginThrottle.succeed(attempt);
    s.logger.info('enrolment.join', { accountId: joined.account.id, partnerId: code.partnerId });
    const answer = await startSession(c, joined.account, session);
    return c.json({ ...answer, commuterId: joined.commuterId, replayed: false }, 201);
  });

  app.openapi(routes.privacyNotice, (c) => {
    return c.json(privacyNoticeFor(c.req.valid('query').lang), 200);
  });

  return app;
}

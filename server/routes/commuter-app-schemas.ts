import { z } from '@hono/zod-openapi';
import { ENROLMENT_CODE_PATTERN } from '../domain/enrolment.js';
import {
  AccountSchema,
  AgeBandSchema,
  DateSchema,
  EmailSchema,
  IdSchema,
  LoginResponseSchema,
  ModeSchema,
  ReplacedModeSchema,
  usualOneWayKm,
} from './schemas.js';

/**
 * Schemas of the commuter app's API (issue 11): enrolment codes and joining, the usual
 * commute, impact, the leaderboard. Kept apart from schemas.ts so that parallel work on the
 * other resources merges cleanly.
 */

const Finite = z.number().refine(Number.isFinite, 'must be a finite number');

const Label = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^\P{Cc}*$/u, 'no control characters');

/** Longest an enrolment code may stay valid, days. */
export const ENROLMENT_CODE_MAX_DAYS = 730;

export const EnrolmentCodeParamSchema = z.object({
  code: z
    .string()
    .regex(ENROLMENT_CODE_PATTERN, 'an enrolment code is 12-64 letters and digits')
    .openapi({ example: 'K7M2Q9XR4T8WB3HD' }),
});

export const EnrolmentCodeSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    partnerId: z.string(),
    siteId: z.string().nullable(),
    label: z.string().nullable(),
    expiresAt: z.string().nullable(),
    maxUses: z.number().int().nullable(),
    uses: z.number().int().openapi({ description: 'Commuters who joined with it' }),
    state: z.enum(['valid', 'expired', 'exhausted', 'revoked']),
    joinPath: z
      .string()
      .openapi({ description: 'Path of the web app page that joins with it (for link and QR)' }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('EnrolmentCode');

export const EnrolmentCodeCreateSchema = z
  .strictObject({
    siteId: IdSchema.nullable().optional(),
    label: Label(200)
      .optional()
      .openapi({ description: 'What it is for, e.g. "Town hall poster"' }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'ISO 8601 with offset, in the future; or give expiresInDays' }),
    expiresInDays: z.number().int().min(1).max(ENROLMENT_CODE_MAX_DAYS).optional(),
    maxUses: z.number().int().min(1).max(100_000).optional().openapi({
      description: 'How many commuters may join with it; unlimited when left out',
    }),
  })
  .refine((b) => b.expiresAt === undefined || b.expiresInDays === undefined, {
    message: 'give expiresAt or expiresInDays, not both',
    path: ['expiresInDays'],
  })
  .openapi('EnrolmentCodeCreate');

export const EnrolmentInfoSchema = z
  .object({
    valid: z.literal(true),
    partnerId: z.string(),
    partnerName: z.string(),
    siteId: z.string().nullable(),
    siteName: z.string().nullable(),
    expiresAt: z.string().nullable(),
    privacyNoticeVersion: z
      .string()
      .openapi({ description: 'The version to accept when joining (GET /privacy-notice)' }),
  })
  .openapi('EnrolmentInfo');

export const PrivacyNoticeSchema = z
  .object({
    version: z.string(),
    lang: z.enum(['en', 'da']),
    title: z.string(),
    sections: z.array(z.object({ heading: z.string(), body: z.string() })),
  })
  .openapi('PrivacyNotice');

export const BaselineSurveySchema = z
  .strictObject({
    usualLegs: z
      .array(
        z.strictObject({
          mode: ModeSchema,
          distanceKm: Finite.min(0.001).max(300),
        }),
      )
      .min(1)
      .max(20)
      .openapi({ description: 'The usual commute one way, leg by leg, before joining' }),
    usualMode: ModeSchema.optional().openapi({
      description: 'The main mode; when given it must be the mode of the longest leg',
    }),
    commutingDaysPerWeek: Finite.min(0).max(7),
    ageBand: AgeBandSchema,
    weightKg: Finite.min(25).max(250).nullable().optional(),
  })
  .superRefine((s, ctx) => {
    if (usualOneWayKm(s.usualLegs) > 300)
      ctx.addIssue({
        code: 'custom',
        path: ['usualLegs'],
        message: 'the usual legs add up to more than 300 km one way',
      });
  })
  .openapi('BaselineSurvey');

export const JoinSchema = z
  .strictObject({
    email: EmailSchema,
    password: z.string().min(10, 'passwords have at least 10 characters').max(1024),
    locale: z
      .string()
      .max(20)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as da or de-AT'),
    displayName: Label(200).nullable().optional(),
    shareName: z.boolean().optional().openapi({
      description: "Show the display name to the partner's staff instead of a pseudonym",
    }),
    privacyNoticeAccepted: z.literal(true, {
      error: 'the privacy notice must be accepted to join',
    }),
    privacyNoticeVersion: z.string().min(1).max(40),
    baseline: BaselineSurveySchema,
    session: z.enum(['cookie', 'token']).optional().openapi({
      description: 'As for POST /auth/login; default token',
    }),
  })
  .openapi('JoinRequest');

export const JoinResponseSchema = LoginResponseSchema.extend({
  account: AccountSchema,
  commuterId: z.string(),
  replayed: z
    .boolean()
    .openapi({ description: 'The same e-mail had already joined with this code: signed in again' }),
}).openapi('JoinResponse');

export { DateSchema, ReplacedModeSchema };

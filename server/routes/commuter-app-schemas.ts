import { z } from '@hono/zod-openapi';
import { ENROLMENT_CODE_PATTERN } from '../domain/enrolment.js';
import {
  AccountSchema,
  AgeBandSchema,
  ApiTokenSchema,
  CommuterSchema,
  DateSchema,
  EmailSchema,
  IdSchema,
  LoginResponseSchema,
  ModeSchema,
  ReplacedModeSchema,
  SurveySchema,
  TripSchema,
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

// --- usual commute and follow-ups -----------------------------------------------------------

const LocalTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM')
  .openapi({ example: '07:45' });

export const UsualCommuteLegSchema = z
  .strictObject({
    mode: ModeSchema,
    distanceKm: Finite.min(0.001).max(300),
    durationMin: Finite.min(0.1).max(1440).nullable().optional(),
    replacedMode: ReplacedModeSchema.nullable().optional().openapi({
      description: "Overrides the commute's replacedMode for this leg",
    }),
  })
  .openapi('UsualCommuteLeg');

export const UsualCommutePutSchema = z
  .strictObject({
    legs: z.array(UsualCommuteLegSchema).min(1).max(20).openapi({
      description: 'One way to work, in travel order; "back" logs them reversed',
    }),
    replacedMode: ReplacedModeSchema.nullable().openapi({
      description: 'How this commute would be made without the programme',
    }),
    departToWork: LocalTimeSchema.nullable().optional(),
    departBack: LocalTimeSchema.nullable().optional(),
  })
  .superRefine((u, ctx) => {
    if (usualOneWayKm(u.legs) > 300)
      ctx.addIssue({
        code: 'custom',
        path: ['legs'],
        message: 'the legs add up to more than 300 km one way',
      });
  })
  .openapi('UsualCommuteInput');

export const UsualCommuteSchema = z
  .object({
    commuterId: z.string(),
    legs: z.array(
      z.object({
        mode: ModeSchema,
        distanceKm: z.number(),
        durationMin: z.number().nullable().optional(),
        replacedMode: ReplacedModeSchema.nullable().optional(),
      }),
    ),
    replacedMode: ReplacedModeSchema.nullable(),
    departToWork: z.string().nullable(),
    departBack: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('UsualCommute');

export const UsualCommuteLogSchema = z
  .strictObject({
    date: DateSchema,
    direction: z.enum(['to_work', 'back', 'both']),
    clientIds: z.array(IdSchema).min(1).max(2).openapi({
      description:
        'Your ids for the trips (one, or two for "both": to work, then back). Sending the same ids again stores nothing new.',
    }),
  })
  .superRefine((b, ctx) => {
    const wanted = b.direction === 'both' ? 2 : 1;
    if (b.clientIds.length !== wanted)
      ctx.addIssue({
        code: 'custom',
        path: ['clientIds'],
        message: `give ${wanted} id${wanted === 1 ? '' : 's'} for direction ${b.direction}`,
      });
    else if (new Set(b.clientIds).size !== b.clientIds.length)
      ctx.addIssue({ code: 'custom', path: ['clientIds'], message: 'the ids must differ' });
  })
  .openapi('UsualCommuteLog');

export const FollowUpSchema = z
  .object({
    kind: z.enum(['followup_3m', 'followup_6m']),
    dueOn: z.string(),
    done: z.boolean(),
    due: z.boolean().openapi({ description: 'dueOn has come and no follow-up survey covers it' }),
  })
  .openapi('FollowUp');

export const CommuterDetailSchema = CommuterSchema.extend({
  shareName: z.boolean().openapi({
    description: "The commuter shows their display name to the partner's staff",
  }),
  followUpsDue: z.array(FollowUpSchema).openapi({
    description: 'The follow-up surveys 3 and 6 months after joinedOn, and whether each is done',
  }),
}).openapi('CommuterDetail');

// --- impact ---------------------------------------------------------------------------------

export const ImpactQuerySchema = z
  .object({
    period: z.enum(['week', 'month', 'year', 'all']).optional().openapi({
      description:
        'This week (from Monday), month, year, or all since joining, up to today in the partner time zone. Default week; or give from and to.',
    }),
    from: DateSchema.optional(),
    to: DateSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.from === undefined) !== (q.to === undefined))
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'give from and to together' });
    else if (q.from !== undefined && q.period !== undefined)
      ctx.addIssue({ code: 'custom', path: ['period'], message: 'give period or from and to' });
    else if (q.from !== undefined && q.to !== undefined) {
      if (q.from > q.to)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
      else if (Date.parse(q.to) - Date.parse(q.from) > 3660 * 86_400_000)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most ten years at a time' });
    }
  });

const ImpactPointSchema = z.object({
  bucket: z.string(),
  distanceKm: z.number(),
  activeKm: z.number(),
  activeMinutes: z.number(),
  co2AvoidedKg: z.number(),
});

export const ImpactSchema = z
  .object({
    commuterId: z.string(),
    period: z.enum(['week', 'month', 'year', 'all', 'custom']),
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    trips: z.number().int(),
    distanceKm: z.number(),
    kmByMode: z.record(z.string(), z.number()).openapi({ description: 'Leg km by leg mode' }),
    co2: z.object({
      co2AvoidedKg: z.number(),
      labelledKm: z.number().openapi({ description: 'Km with a replaced mode: they count' }),
      unlabelledKm: z.number().openapi({ description: 'Km without one: they count nothing' }),
      factorSet: z.object({
        id: z.string(),
        name: z.string(),
        scope: z.string(),
        source: z.string(),
        year: z.number().int(),
      }),
      methodologyAnchor: z
        .string()
        .openapi({ description: 'Section of the methodology page that defines the figure' }),
    }),
    activity: z.object({
      activeMinutes: z.number(),
      activeMinutesPerWeek: z.number(),
      whoTargetMinutesPerWeek: z.number(),
      shareOfWhoTarget: z.number(),
      meetsWhoTarget: z.boolean(),
      grossKcal: z.number(),
      netKcal: z.number(),
      weightKnown: z.boolean().openapi({ description: 'False: kcal with the 70 kg default' }),
    }),
    cyclingDays: z.number().int(),
    commutingDays: z.number().int(),
    currentStreakDays: z.number().int().openapi({
      description:
        'Commuting days in a row (days without a commute skipped) with a walking or cycling leg, up to the end of the period',
    }),
    series: z.object({
      bucketSize: z.enum(['day', 'month']),
      points: z.array(ImpactPointSchema),
    }),
  })
  .openapi('Impact');

// --- my data --------------------------------------------------------------------------------

/** Most trips one export carries; beyond it the trips are read page by page. */
export const MAX_EXPORT_TRIPS = 50_000;

export const CommuterExportSchema = z
  .object({
    exportedAt: z.string(),
    commuter: CommuterSchema.extend({ shareName: z.boolean() }),
    account: z
      .object({
        id: z.string(),
        email: z.string(),
        role: z.string(),
        locale: z.string().nullable(),
        displayName: z.string().nullable(),
        createdAt: z.string(),
      })
      .nullable(),
    enrolment: z.object({ codeId: z.string().nullable(), joinedAt: z.string() }).nullable(),
    privacyAcceptance: z.object({ version: z.string(), acceptedAt: z.string() }).nullable(),
    surveys: z.array(SurveySchema),
    usualCommute: UsualCommuteSchema.nullable(),
    trips: z.array(TripSchema),
    devices: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        createdAt: z.string(),
        lastSeenAt: z.string().nullable(),
        revokedAt: z.string().nullable(),
      }),
    ),
    apiTokens: z.array(ApiTokenSchema),
    auditEntries: z.array(
      z.object({
        at: z.string(),
        action: z.string(),
        targetType: z.string(),
        targetId: z.string().nullable(),
        byMe: z.boolean(),
        details: z.unknown(),
      }),
    ),
  })
  .openapi('CommuterExport');

export { DateSchema, ReplacedModeSchema };

import { z } from '@hono/zod-openapi';
import { AGE_BANDS } from '../domain/age-bands.js';
import { MODES, REPLACED_MODES } from '../domain/modes.js';
import { ROLES } from '../domain/roles.js';
import { TRIP_PURPOSES, TRIP_SOURCES, TRIP_STATUSES } from '../domain/trips.js';
import { emailProblem, normalizeEmail } from '../domain/email.js';
import { ERROR_CODES } from '../errors.js';
import { HEAT_LIMITS, isIsoCurrency } from '../indicators/heat.js';
import { findFactorSet } from '../indicators/reference-data.js';

/**
 * The zod schemas that validate requests and, through @hono/zod-openapi, write the OpenAPI
 * document: one source, so the document cannot drift from what the server accepts.
 */

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(
        Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...Array<keyof typeof ERROR_CODES>],
      ),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'ids are 1-64 letters, digits, _ . : or -')
  .openapi({ example: 'weiz' });

export const ModeSchema = z.enum(MODES).openapi('Mode', {
  description:
    'DESIGN vocabulary; groups: active = walk, bike, ebike; public transport = bus, tram, metro, train; car = car_driver, car_passenger',
});
export const ReplacedModeSchema = z.enum(REPLACED_MODES).openapi('ReplacedMode', {
  description: 'The mode used without the programme; none = the trip would not have been made',
});
export const AgeBandSchema = z.enum(AGE_BANDS).openapi('AgeBand');
export const RoleSchema = z.enum(ROLES).openapi('Role');

export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a calendar date',
  )
  .openapi({ example: '2011-03-01', format: 'date' });

export const InstantSchema = z.string().max(40).openapi({
  example: '2011-03-01T07:45:00+01:00',
  format: 'date-time',
  description: 'ISO 8601 with offset',
});

export const LonLatSchema = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .openapi({ description: '[longitude, latitude] in degrees', example: [15.624, 47.219] });

const Finite = z.number().refine(Number.isFinite, 'must be a finite number');

/**
 * Text a person reads (names, labels): no control characters. PostgreSQL cannot store U+0000 at
 * all, so accepting it would mean a 500 there; the others only garble lists and CSV exports.
 */
const Label = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^\P{Cc}*$/u, 'no control characters');

/**
 * Smallest distance a leg or a usual leg may have, km (one metre): sums are stored rounded to
 * 6 decimals, and a 1e-7 km distance would become 0, refused by the database's CHECK (> 0).
 */
const MIN_DISTANCE_KM = 0.001;

// --- auth and accounts --------------------------------------------------------------------

/**
 * An e-mail address as every route takes it: refused with control, zero-width or bidi
 * characters, then normalised (NFKC, trimmed, lowercased) by domain/email.ts.
 */
export const EmailSchema = z
  .string()
  .max(320)
  .superRefine((value, ctx) => {
    const problem = emailProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalizeEmail)
  .openapi({
    example: 'staff@town.example',
    description: 'Compared after NFKC normalisation, trimming and lowercasing',
  });

export const LoginSchema = z
  .strictObject({
    email: EmailSchema,
    password: z.string().min(1).max(1024),
    session: z.enum(['cookie', 'token']).optional().openapi({
      description:
        '`cookie` (browsers): sets the HttpOnly session cookie and the CSRF cookie, and the answer carries no token. `token` (the default, for scripts): the answer carries the token for `Authorization: Bearer`, and no cookie is set.',
    }),
  })
  .openapi('LoginRequest');

export const PasswordChangeSchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(10, 'passwords have at least 10 characters').max(1024),
  })
  .openapi('PasswordChange');

export const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    partnerId: z.string().nullable(),
    commuterId: z.string().nullable(),
    displayName: z.string().nullable(),
    locale: z.string().nullable(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean().openapi({
      description:
        'Signed in with a temporary password: only POST /auth/password is open until it is changed',
    }),
    demo: z.boolean().openapi({ description: 'A demo account, whose password is public' }),
    createdAt: z.string(),
  })
  .openapi('Account');

export const LoginResponseSchema = z
  .object({
    token: z.string().optional().openapi({
      description: 'Only with `session: "token"`: a browser using the cookie never sees the secret',
    }),
    csrfToken: z.string(),
    expiresAt: z.string(),
    mustChangePassword: z.boolean(),
    account: AccountSchema,
  })
  .openapi('LoginResponse');

const ApiTokenScopeSchema = z.enum(['read', 'read_write']).openapi({
  description:
    '`read`: GET and HEAD only, every write answers 403 `read_only_token`; `read_write`: all the account may do',
});

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: ApiTokenScopeSchema,
    createdAt: z.string(),
    expiresAt: z.string().nullable().openapi({
      description: 'After this the token answers 401 `token_expired`; null: until revoked',
    }),
    lastUsedAt: z.string().nullable().openapi({ description: 'Updated at most once an hour' }),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

/** Longest lifetime a token may be given, in days: ten years is "until revoked" in all but name. */
export const API_TOKEN_MAX_DAYS = 3650;

export const ApiTokenCreateSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'name the token after what uses it')
      .max(100)
      .regex(/^\P{Cc}*$/u, 'no control characters'),
    scope: ApiTokenScopeSchema.optional().openapi({ description: 'Default `read_write`' }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'ISO 8601 with offset, in the future; or give expiresInDays' }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(API_TOKEN_MAX_DAYS)
      .optional()
      .openapi({ description: 'Lifetime in days from now; or give expiresAt' }),
  })
  .refine((b) => b.expiresAt === undefined || b.expiresInDays === undefined, {
    message: 'give expiresAt or expiresInDays, not both',
    path: ['expiresInDays'],
  })
  .openapi('ApiTokenRequest');

export const ApiTokenCreatedSchema = ApiTokenSchema.extend({
  token: z
    .string()
    .openapi({ description: 'The secret, shown this once: only its hash is stored' }),
}).openapi('ApiTokenCreated');

export const AccountCreateSchema = z
  .strictObject({
    email: EmailSchema,
    password: z.string().min(10, 'passwords have at least 10 characters').max(1024),
    role: RoleSchema,
    partnerId: IdSchema.nullable().optional(),
    displayName: z
      .string()
      .max(200)
      .regex(/^\P{Cc}*$/u, 'no control characters')
      .nullable()
      .optional(),
    locale: z
      .string()
      .max(20)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as da or de-AT')
      .nullable()
      .optional(),
    commuter: z
      .strictObject({
        siteId: IdSchema.nullable().optional(),
        ageBand: AgeBandSchema.nullable().optional(),
        weightKg: Finite.min(25).max(250).nullable().optional(),
      })
      .optional()
      .openapi({ description: 'For role commuter: the profile created with the account' }),
  })
  .openapi('AccountCreate');

export const AccountPatchSchema = z
  .strictObject({
    disabled: z.boolean().optional(),
    temporaryPassword: z
      .string()
      .min(10, 'passwords have at least 10 characters')
      .max(1024)
      .optional()
      .openapi({
        description:
          'Admins only: replaces the password; the account must change it at its next login, and its sessions end',
      }),
  })
  .refine((p) => p.disabled !== undefined || p.temporaryPassword !== undefined, {
    message: 'give disabled, temporaryPassword or both',
  })
  .openapi('AccountPatch');

// --- partners and sites -------------------------------------------------------------------

const HeatYearField = z.number().int().min(HEAT_LIMITS.priceYearMin).max(HEAT_LIMITS.priceYearMax);

/** A partner's own crude mortality rate, for the age range it describes, with its citation. */
const PartnerHeatMortalitySchema = z
  .strictObject({
    per100k: z
      .number()
      .positive()
      .max(HEAT_LIMITS.mortalityPer100kMax)
      .openapi({ description: 'Crude all-cause deaths per 100,000 per year' }),
    ageFrom: z.number().int().min(HEAT_LIMITS.ageMin).max(HEAT_LIMITS.ageMax),
    ageTo: z.number().int().min(HEAT_LIMITS.ageMin).max(HEAT_LIMITS.ageMax),
    source: Label(500).openapi({ example: 'Statistics Denmark, DOD and FOLK1A, Skanderborg' }),
    year: HeatYearField.openapi({ description: 'Reference year of the rate' }),
  })
  .refine((m) => m.ageFrom <= m.ageTo, {
    message: 'ageFrom must not be above ageTo',
    path: ['ageTo'],
  })
  .openapi('PartnerHeatMortality');

/** A partner's own value of a statistical life, in its currency, with its citation. */
const PartnerHeatVslSchema = z
  .strictObject({
    amount: z.number().positive().max(HEAT_LIMITS.vslMax),
    currency: z.string().refine(isIsoCurrency, 'an ISO 4217 code such as EUR or DKK'),
    year: HeatYearField.openapi({ description: 'Price year of the amount' }),
    source: Label(500),
  })
  .openapi('PartnerHeatVsl');

export const PartnerHeatSchema = z
  .object({
    mortality: PartnerHeatMortalitySchema.nullable(),
    vsl: PartnerHeatVslSchema.nullable(),
  })
  .openapi('PartnerHeatData', {
    description:
      "The partner's own HEAT data; null: the country default. Used in the indicators' health block as docs/methodology.md#heat describes.",
  });

export const PartnerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    timezone: z.string(),
    locale: z.string(),
    center: LonLatSchema,
    factorSetId: z.string(),
    heat: PartnerHeatSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Partner');

export const PartnerCreateSchema = z
  .strictObject({
    id: IdSchema,
    name: Label(200),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as AT'),
    timezone: z.string().min(1).max(64).openapi({ example: 'Europe/Vienna' }),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language tag such as de or de-AT')
      .openapi({ example: 'de' }),
    center: LonLatSchema,
    factorSetId: z
      .string()
      .max(64)
      .refine(
        (id) => findFactorSet(id) !== undefined,
        'unknown factor set; see GET /api/v1/factor-sets',
      )
      .optional(),
  })
  .openapi('PartnerCreate');

export const PartnerPatchSchema = PartnerCreateSchema.omit({ id: true })
  .partial()
  .extend({
    heat: z
      .strictObject({
        mortality: PartnerHeatMortalitySchema.nullable().optional(),
        vsl: PartnerHeatVslSchema.nullable().optional(),
      })
      .optional()
      .openapi({
        description:
          "The partner's own HEAT data: a part given replaces it whole, null clears it. The partner's staff may change this and nothing else.",
      }),
  })
  .strict()
  .openapi('PartnerPatch');

export const SiteSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    name: z.string(),
    kind: z.enum(['workplace', 'school', 'other']),
    location: LonLatSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Site');

export const SiteCreateSchema = z
  .strictObject({
    id: IdSchema,
    name: Label(200),
    kind: z.enum(['workplace', 'school', 'other']).optional(),
    location: LonLatSchema.nullable().optional(),
  })
  .openapi('SiteCreate');

export const SitePatchSchema = SiteCreateSchema.omit({ id: true })
  .partial()
  .strict()
  .openapi('SitePatch');

// --- commuters and surveys ----------------------------------------------------------------

export const CommuterSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    siteId: z.string().nullable(),
    ageBand: AgeBandSchema.nullable(),
    weightKg: z.number().nullable(),
    joinedOn: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Commuter');

export const CommuterCreateSchema = z
  .strictObject({
    id: IdSchema.optional(),
    partnerId: IdSchema,
    siteId: IdSchema.nullable().optional(),
    ageBand: AgeBandSchema.nullable().optional(),
    weightKg: Finite.min(25).max(250).nullable().optional(),
    joinedOn: DateSchema.optional(),
  })
  .openapi('CommuterCreate');

export const CommuterPatchSchema = z
  .strictObject({
    siteId: IdSchema.nullable().optional(),
    ageBand: AgeBandSchema.nullable().optional(),
    weightKg: Finite.min(25).max(250).nullable().optional(),
    shareName: z.boolean().optional().openapi({
      description:
        "Show the display name to the partner's staff instead of a pseudonym (the commuter only)",
    }),
    displayName: Label(200).nullable().optional().openapi({
      description: "The name on the commuter's account (the commuter only)",
    }),
  })
  .openapi('CommuterPatch');

export const CommuterListItemSchema = CommuterSchema.extend({
  name: z.string().openapi({
    description:
      'What staff see: the display name when the commuter chose to share it, else a stable pseudonym',
  }),
  pseudonymous: z.boolean(),
  lastTripOn: z.string().nullable().openapi({ description: 'Local day of the latest trip' }),
}).openapi('CommuterListItem');

export const UsualLegSchema = z.strictObject({
  mode: ModeSchema,
  distanceKm: Finite.min(MIN_DISTANCE_KM).max(300),
});

/** The one-way distance stored for a survey's usual legs: their sum as the route stores it. */
export function usualOneWayKm(legs: ReadonlyArray<{ distanceKm: number }>): number {
  return Math.round(legs.reduce((s, l) => s + l.distanceKm, 0) * 1e6) / 1e6;
}

export const SurveyCreateSchema = z
  .strictObject({
    kind: z.enum(['baseline', 'followup']),
    takenOn: DateSchema,
    usualMode: ModeSchema.optional(),
    usualLegs: z.array(UsualLegSchema).min(1).max(20).optional(),
    oneWayKm: Finite.min(MIN_DISTANCE_KM).max(300).optional(),
    daysPerWeek: Finite.min(0).max(7),
  })
  .superRefine((s, ctx) => {
    // The database holds one_way_km <= 300 for the sum too, not only for each leg.
    if (s.usualLegs && usualOneWayKm(s.usualLegs) > 300) {
      ctx.addIssue({
        code: 'custom',
        path: ['usualLegs'],
        message: 'the usual legs add up to more than 300 km one way',
      });
    }
    if (!s.usualLegs && (!s.usualMode || s.oneWayKm === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['usualMode'],
        message: 'give usualMode with oneWayKm, or usualLegs',
      });
    }
  })
  .openapi('SurveyCreate');

export const SurveySchema = z
  .object({
    id: z.string(),
    commuterId: z.string(),
    kind: z.enum(['baseline', 'followup']),
    takenOn: z.string(),
    usualMode: ModeSchema,
    usualLegs: z.array(z.object({ mode: ModeSchema, distanceKm: z.number() })).nullable(),
    oneWayKm: z.number(),
    daysPerWeek: z.number(),
    createdAt: z.string(),
  })
  .openapi('Survey');

// --- trips --------------------------------------------------------------------------------

export const GeometrySchema = z
  .strictObject({
    type: z.literal('LineString'),
    coordinates: z.array(z.array(Finite).min(2).max(4)).min(2).max(20_000),
  })
  .openapi('LineString', {
    description:
      'GeoJSON LineString, [lon, lat] (elevation ignored). Trimmed near origin and destination before it is stored.',
  });

export const LegInputSchema = z
  .strictObject({
    mode: ModeSchema,
    distanceKm: Finite.openapi({
      description: 'at least 0.001 km; at most a plausible maximum for the mode (1000 km at most)',
    }),
    durationMin: Finite.nullable().optional(),
    startedAt: InstantSchema.nullable().optional(),
    replacedMode: ReplacedModeSchema.nullable().optional(),
    geometry: GeometrySchema.nullable().optional(),
  })
  .openapi('LegInput');

export const TripInputSchema = z
  .strictObject({
    id: IdSchema.optional().openapi({
      description: 'Your own id for the trip: sending the same trip twice stores it once',
    }),
    commuterId: IdSchema.optional().openapi({
      description: 'Required for staff and admins; a commuter logs their own trips',
    }),
    startedAt: InstantSchema,
    endedAt: InstantSchema.nullable().optional(),
    purpose: z.enum(TRIP_PURPOSES).nullable().optional(),
    replacedMode: ReplacedModeSchema.nullable().optional(),
    legs: z
      .array(LegInputSchema)
      .min(1, 'a trip has at least one leg')
      .max(20, 'a trip has at most 20 legs'),
  })
  .openapi('TripInput');

export const TripPatchSchema = z
  .strictObject({
    startedAt: InstantSchema.optional(),
    endedAt: InstantSchema.nullable().optional(),
    purpose: z.enum(TRIP_PURPOSES).nullable().optional(),
    replacedMode: ReplacedModeSchema.nullable().optional(),
    legs: z.array(LegInputSchema).min(1).max(20).optional(),
  })
  .openapi('TripPatch');

export const BatchSchema = z
  .strictObject({
    trips: z
      .array(z.unknown())
      .min(1, 'send at least one trip')
      .max(1000, 'at most 1000 trips a batch'),
  })
  .openapi('TripBatch', {
    description:
      'trips: an array of TripInput (at most 1000). All or nothing: one bad trip rejects the batch, with an error per item.',
  });

export const LegSchema = z
  .object({
    mode: ModeSchema,
    distanceKm: z.number(),
    durationMin: z.number().nullable(),
    startedAt: z.string().nullable(),
    replacedMode: ReplacedModeSchema.nullable(),
    geometry: z
      .object({
        type: z.literal('LineString'),
        coordinates: z.array(z.tuple([z.number(), z.number()])),
      })
      .nullable(),
  })
  .openapi('Leg');

export const TripSchema = z
  .object({
    id: z.string(),
    commuterId: z.string(),
    partnerId: z.string(),
    siteId: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    localDay: z.string(),
    purpose: z.enum(TRIP_PURPOSES).nullable(),
    replacedMode: ReplacedModeSchema.nullable(),
    mainMode: ModeSchema,
    distanceKm: z.number(),
    durationMin: z.number().nullable(),
    source: z.enum(TRIP_SOURCES),
    status: z.enum(TRIP_STATUSES).openapi({
      description:
        "'unconfirmed' for trips inferred from a file or a tracker until the commuter confirms or corrects them; only confirmed trips count in the indicators",
    }),
    origin: z.string().nullable().openapi({
      description: "'file:<sha-256>' for imported trips, the device id for tracked ones",
    }),
    confirmedAt: z.string().nullable(),
    legs: z.array(LegSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Trip');

export const BatchResultSchema = z
  .object({
    created: z.number().int(),
    replayed: z.number().int(),
    trips: z.array(z.object({ id: z.string(), status: z.enum(['created', 'replayed']) })),
  })
  .openapi('TripBatchResult');

export function pageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

/** Standard error responses, so every operation in the document lists them. */
export function errorResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Malformed request',
    401: 'Not logged in',
    403: 'Not allowed for this role',
    404: 'Not found, or not visible to you',
    409: 'Conflict',
    410: 'No longer valid (expired, used up or revoked)',
    413: 'Body too large',
    415: 'Body is not JSON',
    422: 'Validation failed',
    429: 'Too many attempts',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: descriptions[s] ?? 'Error',
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  );
}

/**
 * A request body. The validator of @hono/zod-openapi calls safeParseAsync, which in zod 4 costs
 * about three times safeParse for the same result (5 µs against 1.5 µs for a trip, measured):
 * none of our schemas has an async check, so the body schema answers it with the sync parse.
 */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema: parsedSynchronously(schema) } },
});

function parsedSynchronously<T extends z.ZodTypeAny>(schema: T): T {
  // Set on the schema itself: the OpenAPI registry knows schemas by identity.
  schema.safeParseAsync = async (data, params) => schema.safeParse(data, params);
  return schema;
}
export const jsonResponse = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * `true` when a response schema describes exactly the TypeScript type the code builds (each is
 * assignable to the other), so `true satisfies SameShape<z.infer<typeof S>, T>` fails the
 * typecheck when a service's answer and its documented schema drift apart.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRoute, z } from '@hono/zod-openapi';
import type { Actor } from '../domain/roles.js';
import { canReadPartner, seesBelowFloor } from '../domain/roles.js';
import { daysBetween } from '../domain/period.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services } from '../http.js';
import {
  calculateHeat,
  FACTOR_SETS,
  HEAT_LIMITS,
  HeatInputError,
  heatCalculatorDefaults,
  findFactorSet,
  HEAT_COUNTRY_CODES,
  SUPPRESSION_CODES,
  SUPPRESSION_K,
  type FactorSet,
} from '../indicators/index.js';
import type { HeatCalculatorResult } from '../indicators/heat.js';
import {
  countUnconfirmedTrips,
  readDataRange,
  readMonthly,
  type IndicatorScope,
} from '../repositories/indicators.js';
import { readDataVersions } from '../repositories/data-versions.js';
import { findPartner, findSite, listPartners, type Partner } from '../repositories/partners.js';
import {
  computeIndicators,
  withholdSubgroups,
  type IndicatorResult,
} from '../services/indicators.js';
import { computeKeptIndicators } from '../services/live-inputs.js';
import { readReleaseStamp } from '../repositories/releases.js';
import {
  computeReleasedIndicators,
  ensureFrozen,
  readReleasedMonthly,
  releaseBlock,
  readReleasedDataRange,
  type ReleaseBlock,
} from '../services/releases.js';
import {
  DateSchema,
  errorResponses,
  IdSchema,
  jsonBody,
  jsonResponse,
  ModeSchema,
  type SameShape,
} from './schemas.js';

const ScopeQuery = z.object({
  partner: z
    .string()
    .max(64)
    .openapi({ description: 'A partner id, or network (analysts of the network and admins)' }),
  site: IdSchema.optional(),
  from: DateSchema.optional().openapi({
    description: 'Inclusive local date; default: first day with data',
  }),
  to: DateSchema.optional().openapi({
    description: 'Inclusive local date; default: last day with data',
  }),
  factorSet: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: "Emission factor set id; default: the partner's (GET /factor-sets)" }),
});

/** Shares, km or factors of every mode. */
const ByMode = z
  .record(ModeSchema, z.number())
  .openapi('ByMode', { description: 'mode → value, every mode' });
/** Shares by mode where a mode can be hidden (analysts: the pooled rule). */
const ByModeHidden = z.record(ModeSchema, z.number().nullable()).openapi('ByModeHidden', {
  description: `mode → value, every mode; null: hidden (fewer than ${SUPPRESSION_K} commuters, pooled)`,
});
const HiddenModes = z
  .object({
    modes: z.array(ModeSchema),
    byTrips: z.number(),
    byDistance: z.number(),
  })
  .openapi('HiddenModes', {
    description: `Modes hidden in some released unit-month (fewer than ${SUPPRESSION_K} commuters, or pooled with one) and their pooled share; empty for own staff and admins`,
  });
/** Counts or km by mode; a mode with nothing to count is left out. */
const SomeModes = z
  .partialRecord(ModeSchema, z.number())
  .openapi('SomeModes', { description: 'mode → value; modes with none left out' });
const Health = z
  .object({
    people: z.number(),
    minutesPerWeek: z.number(),
    riskReduction: z.number(),
    deathsPreventedPerYear: z.number(),
    valuePerYear: z.number(),
    currency: z.string(),
    partnersWithoutCountryData: z
      .array(z.string())
      .openapi({ description: 'Partners whose country has no HEAT data, left out' }),
    dataSources: z
      .array(
        z.object({
          partnerId: z.string(),
          mortality: z.enum(['partner', 'country']),
          vsl: z.enum(['partner', 'country']),
          citations: z.array(z.string()),
          notes: z.array(z.string()),
        }),
      )
      .openapi({
        description:
          "Per partner counted: whether its own mortality rate and VSL were used (partner) or the country's, with citations; notes say why a partner's own data were not used",
      }),
  })
  .openapi('HealthFigures');
const Suppressed = z.array(
  z.object({
    what: z.string(),
    reason: z.string().openapi({ description: 'Why, in English prose; translate by code' }),
    code: z.enum(SUPPRESSION_CODES).openapi({
      description:
        'Why, as a code: what is hidden and the rule that hides it (count and modes fill it in)',
    }),
    count: z.number().int().optional().openapi({
      description: 'Unit-months, cells or partner-months left out, for the codes that count',
    }),
    modes: z.array(ModeSchema).optional().openapi({
      description: 'The modes pooled as hidden (modal_split_modes, baseline_modes)',
    }),
    shownToYou: z.literal(true).optional().openapi({
      description: 'Shown to you (own staff, admins) but withheld from analysts and other partners',
    }),
  }),
);
const DataRange = z
  .object({ from: z.string(), to: z.string() })
  .nullable()
  .openapi({ description: 'First and last local day with data in the scope; null: none' });
const Release = z
  .object({
    requestedFrom: z.string(),
    requestedTo: z.string(),
    months: z.array(z.string()).openapi({
      description: 'Released calendar months the figures cover; empty: none in the period',
    }),
    from: z.string().nullable(),
    to: z.string().nullable(),
    rule: z.string(),
    methodology: z.string().openapi({ description: 'Anchor in GET /methodology' }),
  })
  .openapi('ReleaseBlock', {
    description:
      'For analysts and other partners: the figures cover only whole released months (docs/methodology.md#release-units)',
  });
true satisfies SameShape<z.infer<typeof Release>, ReleaseBlock>;

const Scope = z
  .object({
    partner: z.string(),
    site: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    days: z.number(),
    weeks: z.number(),
  })
  .openapi('IndicatorScope');

const EmissionFactorSchema = z
  .object({
    kgPerKm: z.number(),
    unit: z.enum(['vehicle-km', 'passenger-km']),
    source: z.string(),
    assumption: z.boolean(),
    note: z.string().optional(),
  })
  .openapi('EmissionFactor');

export const FactorSetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(['direct', 'well_to_wheel', 'lifecycle', 'unspecified']),
    source: z.string(),
    year: z.number(),
    unitNote: z.string(),
    kgPerKm: ByMode,
    perVehicleKm: z.array(ModeSchema).openapi({
      description: 'Modes whose factor is per vehicle-km: it applies to the driver only',
    }),
    factors: z.record(ModeSchema, EmissionFactorSchema),
    assumptions: z.array(z.string()),
  })
  .openapi('FactorSet');
true satisfies SameShape<z.infer<typeof FactorSetSchema>, FactorSet>;

/** A share of trips at baseline and follow-up (null: that side has no data) and the change. */
const ActiveShareSchema = z.object({
  baseline: z.number().nullable(),
  followUp: z.number().nullable(),
  shiftPp: z.number().nullable(),
});

const IndicatorFiguresSchema = z
  .object({
    scope: Scope,
    dataRange: DataRange,
    release: Release.optional(),
    withheld: z.literal(false),
    belowK: z.boolean().openapi({
      description: `true: fewer than ${SUPPRESSION_K} active commuters; shown to own staff and admins only`,
    }),
    participants: z.object({ registered: z.number(), active: z.number() }),
    excludedPartners: z.number().openapi({
      description: `Partners with fewer than ${SUPPRESSION_K} active commuters left out of these network figures`,
    }),
    trips: z.number(),
    distanceKm: z.number(),
    unconfirmedTrips: z.number().optional().openapi({
      description:
        'Own staff and admins: trips in the period waiting for the commuter to confirm them (imports, trackers); they count in no figure',
    }),
    modalSplit: z.object({ byTrips: ByModeHidden, byDistance: ByModeHidden, hidden: HiddenModes }),
    baseline: z.object({
      byTrips: ByModeHidden,
      byDistance: ByModeHidden,
      hidden: HiddenModes,
      commuters: z.number(),
    }),
    modalShift: z.object({
      noShiftReason: z.enum(['no trips in the period', 'no baseline survey']).nullable().openapi({
        description:
          'Why there is no shift (the pp fields are null): a period without trips, or no baseline survey',
      }),
      byTripsPp: ByModeHidden.nullable(),
      byDistancePp: ByModeHidden.nullable(),
      activeShare: ActiveShareSchema.openapi({
        description: 'Share of trips by walking and pedal cycling (e-bikes apart), 0..1',
      }),
      activeShareInclEbike: ActiveShareSchema.openapi({
        description: 'Share of trips by walking, cycling and e-bike, 0..1',
      }),
      carReplacementRate: z.number().nullable(),
      transitions: z.array(
        z
          .union([
            z.object({ from: ModeSchema, to: ModeSchema, commuters: z.number() }),
            z.object({
              from: ModeSchema,
              to: ModeSchema,
              commuters: z.null(),
              suppressed: z.literal(true),
            }),
          ])
          .openapi('Transition', {
            description: `commuters is null (suppressed: true) in a cell of fewer than ${SUPPRESSION_K} commuters`,
          }),
      ),
      commutersCompared: z.number(),
    }),
    carKmSubstituted: z.object({
      replacedModeKm: z.number(),
      surveyKmPerWeek: z.number(),
      replacedModeKmPerWeek: z.number(),
      surveyCommuters: z.number(),
    }),
    unlabelledKm: z.number(),
    unlabelledShare: z.number(),
    co2AvoidedKg: z.number(),
    factorSet: FactorSetSchema.pick({
      id: true,
      name: true,
      scope: true,
      source: true,
      year: true,
      kgPerKm: true,
      perVehicleKm: true,
    }),
    activity: z.object({
      activeMinutesPerCommuterWeek: z.number(),
      whoTargetMinutesPerWeek: z.number(),
      shareMeetingWhoTarget: z.number(),
      kcalNet: z.number(),
      kcalGross: z.number(),
      cyclingDays: z.number().nullable(),
      cyclists: z
        .number()
        .nullable()
        .openapi({ description: `null: 1 to ${SUPPRESSION_K - 1} cyclists, withheld` }),
    }),
    health: z.object({
      cycling: Health.nullable().openapi({
        description: `null: fewer than ${SUPPRESSION_K} cyclists`,
      }),
      walking: Health.nullable().openapi({
        description: `null: fewer than ${SUPPRESSION_K} walkers`,
      }),
    }),
    suppressed: Suppressed,
  })
  .openapi('Indicators');
true satisfies SameShape<
  Omit<z.infer<typeof IndicatorFiguresSchema>, 'dataRange' | 'withheld' | 'belowK' | 'release'>,
  IndicatorResult
>;

const WithheldIndicatorsSchema = z
  .object({
    scope: Scope,
    dataRange: DataRange,
    release: Release.optional(),
    withheld: z.literal(true),
    suppressed: Suppressed,
  })
  .openapi('WithheldIndicators', {
    description: `A site, or (for analysts and other partners) a partner, with fewer than ${SUPPRESSION_K} active commuters: no figures at all`,
  });

// A plain union: an OpenAPI discriminator must be a string property, and `withheld` is a boolean.
const IndicatorsAnswerSchema = z
  .union([IndicatorFiguresSchema, WithheldIndicatorsSchema])
  .openapi('IndicatorsAnswer');

const MonthlySchema = z
  .object({
    release: Release.optional(),
    withheld: z.boolean().openapi({
      description:
        'true when some month is withheld (a site, or for analysts a partner, or a partner left out of the network)',
    }),
    months: z.array(
      z
        .object({
          month: z.string(),
          trips: SomeModes,
          distanceKm: SomeModes,
          activeCommuters: z
            .number()
            .nullable()
            .openapi({
              description: `null: a month of a site with fewer than ${SUPPRESSION_K} active commuters, withheld`,
            }),
          hidden: z
            .object({ trips: z.number(), distanceKm: z.number(), modes: z.array(ModeSchema) })
            .optional()
            .openapi({
              description: `Analysts and other partners: trips and km of the modes hidden in the month (fewer than ${SUPPRESSION_K} commuters, or pooled with one), left out of trips and distanceKm`,
            }),
        })
        .openapi('MonthRow'),
    ),
  })
  .openapi('MonthlySeries');

const PartnerSummarySchema = z.object({
  participants: z.object({ registered: z.number(), active: z.number() }),
  trips: z.number(),
  distanceKm: z.number(),
  co2AvoidedKg: z.number(),
  carKmSubstituted: IndicatorFiguresSchema.shape.carKmSubstituted,
  activeShare: ActiveShareSchema.openapi({
    description: 'Share of trips by walking and pedal cycling (e-bikes apart), 0..1',
  }),
  carShare: z.object({ baseline: z.number().nullable(), followUp: z.number().nullable() }).openapi({
    description: 'Share of trips by car driver; null: hidden (pooled rule)',
  }),
  tripsPerActiveCommuter: z.number(),
  co2AvoidedKgPerActiveCommuter: z.number(),
  healthValuePerYear: z.number(),
  factorSetId: z.string(),
});

const PartnerComparisonRowSchema = z
  .union([
    PartnerSummarySchema.extend({
      partnerId: z.string(),
      name: z.string(),
      country: z.string(),
      withheld: z.literal(false),
      belowK: z.boolean().openapi({
        description: `true: fewer than ${SUPPRESSION_K} active commuters, shown to admins only`,
      }),
    }),
    z.object({
      partnerId: z.string(),
      name: z.string(),
      country: z.string(),
      withheld: z.literal(true),
      reason: z.string().openapi({ description: 'Why, in English prose; translate by code' }),
      code: z.enum(['no_released_month', 'scope_below_k']),
    }),
  ])
  .openapi('PartnerComparisonRow');

const PartnerComparisonSchema = z
  .object({
    scope: z.object({ from: z.string(), to: z.string() }),
    release: Release.optional(),
    items: z.array(PartnerComparisonRowSchema),
    network: PartnerSummarySchema.extend({
      excludedPartners: z.number().openapi({
        description: 'Withheld partners, left out of the network total too',
      }),
    }).openapi('NetworkSummary'),
  })
  .openapi('PartnerComparison');

const HeatSourceSchema = z
  .enum(['user', 'partner', 'country', 'heat', 'assumption'])
  .openapi('HeatInputSource', {
    description:
      "user: given in the request; partner: the partner's own data; country: data/heat-countries.json; heat: HEAT's default; assumption: Modeshift's default where HEAT's could not be confirmed",
  });

const AgeRangeSchema = z
  .strictObject({
    from: z.number().int().min(HEAT_LIMITS.ageMin).max(HEAT_LIMITS.ageMax),
    to: z.number().int().min(HEAT_LIMITS.ageMin).max(HEAT_LIMITS.ageMax),
  })
  .refine((r) => r.from <= r.to, { message: 'from must not be above to', path: ['to'] })
  .openapi('AgeRange', { description: 'Ages in whole years, both ends included' });

const HeatYearSchema = z
  .object({
    year: z.number(),
    uptakeShare: z.number(),
    buildUpShare: z.number(),
    deathsPrevented: z.number(),
    valueUndiscounted: z.number(),
    discountFactor: z.number(),
    valueDiscounted: z.number(),
    crashDeaths: z.number().nullable().openapi({
      description:
        'Road deaths of the year (crash deaths per year × uptake share); null without fatalitiesPer100MillionKm',
    }),
    crashValueDiscounted: z.number().nullable().openapi({
      description: 'crashDeaths × VSL × discountFactor; null without fatalitiesPer100MillionKm',
    }),
  })
  .openapi('HeatYear');

const HeatCrashSchema = z
  .object({
    kmPerYear: z.number().openapi({ description: 'people × kmPerWeek × daysPerYear ÷ 7' }),
    fatalitiesPer100MillionKm: z.number(),
    source: HeatSourceSchema,
    kmPerWeek: z
      .number()
      .openapi({ description: 'Per person: as given, or minutes × speedKmh ÷ 60' }),
    speedKmh: z.number().nullable(),
    daysPerYear: z.number(),
    deathsPerYear: z
      .number()
      .openapi({ description: 'kmPerYear × fatalitiesPer100MillionKm ÷ 10^8' }),
    valuePerYear: z.number(),
    deathsTotal: z.number(),
    valueTotal: z.number(),
    valueDiscounted: z.number(),
  })
  .openapi('HeatCrash', {
    description: "HEAT's crash term: road deaths of the walking or cycling assessed, no build-up",
  });

/** The deaths prevented and their value: the physical-activity result and the net share them. */
const heatOutcomeFields = {
  deathsPreventedPerYear: z.number(),
  valuePerYear: z.number(),
  deathsPreventedTotal: z.number(),
  valueTotal: z.number(),
  valueDiscounted: z.number(),
  valueAveragePerYear: z.number(),
};

const HeatNetSchema = z.object(heatOutcomeFields).openapi('HeatNetOfCrashes', {
  description:
    "Physical activity less crashes; HEAT's air-pollution term is not modelled, so this is not HEAT's full net figure",
});

const HeatResultSchema = z
  .object({
    relativeRisk: z.number(),
    riskReduction: z.number(),
    uncappedRiskReduction: z.number(),
    capped: z.boolean(),
    ...heatOutcomeFields,
    currency: z.string(),
    yearly: z.array(HeatYearSchema).openapi({
      description: 'The assessment period year by year; the totals are its column sums',
    }),
    crash: HeatCrashSchema.nullable(),
    netOfCrashes: HeatNetSchema.nullable(),
    parameters: z.object({
      mode: z.enum(['walk', 'bike']),
      country: z.string().nullable(),
      ageGroup: z.enum(['20-64', '20-74']).nullable(),
      ageRange: z.object({ from: z.number(), to: z.number() }),
      minutesPerWeek: z.number(),
      speedKmh: z.number().nullable(),
      referenceRelativeRisk: z.number(),
      referenceMinutesPerWeek: z.number(),
      maxRiskReduction: z.number(),
      mortalityPer100k: z.number(),
      vsl: z.number(),
      currency: z.string(),
      vslPriceYear: z.number().nullable(),
      years: z.number(),
      buildUpYears: z.number(),
      discountRate: z.number(),
      uptakeYears: z.number(),
      sourceOf: z.object({
        ageRange: HeatSourceSchema,
        mortalityPer100k: HeatSourceSchema,
        vsl: HeatSourceSchema,
        currency: HeatSourceSchema,
        vslPriceYear: HeatSourceSchema,
        years: HeatSourceSchema,
        buildUpYears: HeatSourceSchema,
        discountRate: HeatSourceSchema,
        uptakeYears: HeatSourceSchema,
        referenceRelativeRisk: HeatSourceSchema,
        referenceMinutesPerWeek: HeatSourceSchema,
        maxRiskReduction: HeatSourceSchema,
      }),
    }),
    sources: z.array(z.string()),
  })
  .openapi('HeatResult');
true satisfies SameShape<z.infer<typeof HeatResultSchema>, HeatCalculatorResult>;

const L = HEAT_LIMITS;
const HeatRequestSchema = z
  .strictObject({
    mode: z.enum(['walk', 'bike']),
    people: z.number().int().min(0).max(100_000_000),
    minutesPerWeek: z.number().min(0).max(10_080).optional(),
    kmPerWeek: z.number().min(0).max(5000).optional(),
    country: z
      .enum(HEAT_COUNTRY_CODES as [string, ...string[]])
      .optional()
      .openapi({
        description:
          'Country of the default mortality and VSL; may be left out when mortalityPer100k, vsl and currency are all given',
      }),
    ageGroup: z.enum(['20-64', '20-74']).optional(),
    ageRange: AgeRangeSchema.optional(),
    mortalityPer100k: z.number().positive().max(L.mortalityPer100kMax).optional().openapi({
      description:
        'Crude all-cause deaths per 100,000 per year in the population and age range assessed',
    }),
    vsl: z
      .number()
      .positive()
      .max(L.vslMax)
      .optional()
      .openapi({ description: 'Value of a statistical life, in currency' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or DKK')
      .optional()
      .openapi({ description: "ISO 4217 code of vsl; default: the country's VSL currency" }),
    vslYear: z.number().int().min(L.priceYearMin).max(L.priceYearMax).optional(),
    years: z.number().int().min(1).max(L.yearsMax).optional(),
    buildUpYears: z.number().int().min(0).max(L.buildUpYearsMax).optional(),
    discountRate: z.number().min(0).max(L.discountRateMax).optional(),
    uptakeYears: z
      .number()
      .int()
      .min(1)
      .max(L.uptakeYearsMax)
      .optional()
      .openapi({ description: "HEAT's uptake time: years until the full level is reached" }),
    relativeRisk: z.number().gt(0).lt(1).optional().openapi({
      description:
        "Relative risk of all-cause mortality at referenceMinutesPerWeek, 0 < RR < 1 (HEAT 2011 cycling: 0.72); default HEAT 2017's (cycling 0.90, walking 0.886)",
    }),
    referenceMinutesPerWeek: z.number().gt(0).max(L.referenceMinutesPerWeekMax).optional().openapi({
      description:
        "Weekly minutes at which relativeRisk was observed (HEAT 2011 cycling: 180); default HEAT 2017's (cycling 100, walking 168)",
    }),
    maxRiskReduction: z.number().gt(0).max(1).optional().openapi({
      description:
        "Cap on the risk reduction, a fraction; default HEAT 2017's (cycling 0.45, walking 0.30)",
    }),
    fatalitiesPer100MillionKm: z
      .number()
      .min(0)
      .max(L.fatalitiesPer100MillionKmMax)
      .optional()
      .openapi({
        description:
          "Road deaths of people walking (cycling) per 100 million km walked (cycled): adds HEAT's crash term and the net of crashes; no default",
      }),
  })
  .refine((b) => (b.minutesPerWeek === undefined) !== (b.kmPerWeek === undefined), {
    message: 'give exactly one of minutesPerWeek and kmPerWeek',
    path: ['minutesPerWeek'],
  })
  .openapi('HeatRequest');

const HeatModeDefaultsSchema = z.object({
  ageGroup: z.string(),
  countryAgeGroups: z.array(z.string()),
  referenceRelativeRisk: z.number(),
  referenceMinutesPerWeek: z.number(),
  maxRiskReduction: z.number(),
});

const HeatDefaultsSchema = z
  .object({
    countries: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        mortalityPer100k: z.object({ '20-64': z.number(), '20-74': z.number() }),
        mortalityYear: z.number().nullable(),
        vsl: z.number(),
        currency: z.string(),
        vslPriceYear: z.number().nullable(),
      }),
    ),
    countrySource: z.string(),
    modes: z.object({
      walk: HeatModeDefaultsSchema,
      bike: HeatModeDefaultsSchema,
    }),
    years: z.number(),
    buildUpYears: z.number(),
    discountRate: z.number(),
    uptakeYears: z.number(),
    limits: z.object({
      ageMin: z.number(),
      ageMax: z.number(),
      mortalityPer100kMax: z.number(),
      vslMax: z.number(),
      yearsMax: z.number(),
      buildUpYearsMax: z.number(),
      uptakeYearsMax: z.number(),
      discountRateMax: z.number(),
      referenceMinutesPerWeekMax: z.number(),
      fatalitiesPer100MillionKmMax: z.number(),
    }),
  })
  .openapi('HeatDefaults');

const routes = {
  indicators: createRoute({
    method: 'get',
    path: '/indicators',
    tags: ['indicators'],
    summary: 'Every indicator for a partner (or the network) and a period, from the rollups',
    description:
      'Definitions, factors and sources: GET /methodology. Staff see their partner; analysts their partner or, for network analysts, every partner and partner=network.',
    request: { query: ScopeQuery },
    responses: {
      200: jsonResponse(IndicatorsAnswerSchema, 'Indicators, or withheld for a small site'),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  monthly: createRoute({
    method: 'get',
    path: '/indicators/monthly',
    tags: ['indicators'],
    summary: 'Trips by main mode, km by leg mode and active commuters per month',
    request: { query: ScopeQuery.omit({ factorSet: true }) },
    responses: {
      200: jsonResponse(MonthlySchema, 'Monthly series'),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  partners: createRoute({
    method: 'get',
    path: '/indicators/partners',
    tags: ['indicators'],
    summary: 'Partners side by side, with the network total (network analysts, admins)',
    request: { query: ScopeQuery.omit({ partner: true, site: true }) },
    responses: {
      200: jsonResponse(PartnerComparisonSchema, 'Comparison'),
      ...errorResponses(401, 403, 422),
    },
  }),
  factorSets: createRoute({
    method: 'get',
    path: '/factor-sets',
    tags: ['indicators'],
    summary: 'Emission factor sets with their sources and assumptions',
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(FactorSetSchema) }).openapi('FactorSetList'),
        'Factor sets',
      ),
      ...errorResponses(401),
    },
  }),
  heat: createRoute({
    method: 'post',
    path: '/calculators/heat',
    tags: ['indicators'],
    summary: 'WHO HEAT for walking or cycling: a transparent what-if calculator',
    description:
      'For example: 200 more people cycling 4 km each way, 5 days a week: {mode: "bike", people: 200, kmPerWeek: 40, country: "AT"}. Every optional input (mortalityPer100k, vsl with currency and vslYear, ageRange, years, buildUpYears, discountRate, uptakeYears, relativeRisk, referenceMinutesPerWeek, maxRiskReduction) replaces its default and is echoed in parameters.sourceOf as "user". Money is in the VSL\'s currency; nothing is converted. The answer lists every year of the assessment period (yearly).',
    request: { body: jsonBody(HeatRequestSchema) },
    responses: {
      200: jsonResponse(HeatResultSchema, 'HEAT result with parameters and sources'),
      ...errorResponses(401, 422),
    },
  }),
  heatDefaults: createRoute({
    method: 'get',
    path: '/calculators/heat/defaults',
    tags: ['indicators'],
    summary: "The HEAT calculator's defaults: each country's mortality and VSL, HEAT's period",
    responses: {
      200: jsonResponse(HeatDefaultsSchema, 'Defaults, with the source of the country data'),
      ...errorResponses(401),
    },
  }),
  methodology: createRoute({
    method: 'get',
    path: '/methodology',
    tags: ['indicators'],
    summary: 'docs/methodology.md: every formula, factor and source (no login needed)',
    responses: {
      200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } },
    },
  }),
};

/** Resolves and checks the scope a caller asks for: partner or network, site, period. */
export async function resolveScope(
  c: Parameters<typeof db>[0],
  actor: Actor,
  q: {
    partner: string;
    site?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): Promise<{
  scope: IndicatorScope;
  partners: Map<string, Partner>;
  dataRange: { from: string; to: string } | null;
  partner: Partner | null;
}> {
  if (actor.role === 'commuter')
    throw new AppError(
      'forbidden',
      'indicators of a partner are for staff and analysts; commuters see their own trips',
    );
  let partner: Partner | null = null;
  if (q.partner === 'network') {
    if (!(actor.role === 'admin' || (actor.role === 'analyst' && actor.partnerId === null)))
      throw new AppError('forbidden', 'network figures are for network analysts and admins');
  } else {
    partner = await findPartner(db(c), q.partner);
    if (!partner || !canReadPartner(actor, q.partner)) {
      if (partner)
        throw new AppError('forbidden', `you may see the figures of your own partner only`);
      throw new AppError('not_found', `partner ${q.partner} not found`);
    }
  }
  if (q.site) {
    const site = await findSite(db(c), q.site);
    if (!site || !partner || site.partnerId !== partner.id)
      throw new AppError('not_found', `site ${q.site} not found in partner ${q.partner}`);
  }
  const base = { partnerId: partner?.id ?? null, siteId: q.site ?? null };
  const dataRange = await readDataRange(db(c), base);
  const today = new Date(services(c).now()).toISOString().slice(0, 10);
  const from = q.from ?? dataRange?.from ?? today;
  const to = q.to ?? dataRange?.to ?? today;
  if (from > to)
    throw new AppError('validation_failed', 'from is after to', [
      { path: 'from', message: 'must be on or before to' },
    ]);
  if (daysBetween(from, to) > 366 * 20)
    throw new AppError('validation_failed', 'a period is at most 20 years', [
      { path: 'to', message: 'period too long' },
    ]);
  const partners = new Map((await listPartners(db(c))).map((p) => [p.id, p]));
  return { scope: { ...base, from, to }, partners, dataRange, partner };
}

/**
 * A stamp of the partners' settings (names, countries, HEAT data, factor sets, the list
 * itself), part of every cached answer's version that reads them. Released answers are
 * otherwise keyed by the release stamp alone, which an admin's edit of a partner does not
 * move; read from the database on each request, it holds for every server process.
 */
function partnersStamp(partners: Map<string, Partner>): string {
  return createHash('sha256')
    .update(JSON.stringify([...partners.values()]))
    .digest('base64url')
    .slice(0, 22);
}

function chooseFactorSet(requested: string | undefined, partner: Partner | null): FactorSet {
  const id = requested ?? partner?.factorSetId;
  const set = id ? findFactorSet(id) : findFactorSet('desnz-2025-direct');
  if (!set)
    throw new AppError(
      'validation_failed',
      `unknown factor set ${id}; see GET /api/v1/factor-sets`,
      [{ path: 'factorSet', message: 'unknown factor set' }],
    );
  return set;
}

/**
 * Issue 10: the released months of an aggregate caller's period, frozen if this is their first
 * release, and a cache stamp that changes when one of them is (re-)released.
 */
async function prepareRelease(
  c: Parameters<typeof db>[0],
  scope: IndicatorScope,
): Promise<{ release: ReleaseBlock; stamp: string }> {
  const now = nowIso(c);
  const release = releaseBlock(
    scope.from,
    scope.to,
    now.slice(0, 10),
    services(c).config.releaseDelayDays,
  );
  await ensureFrozen(db(c), release.months, now);
  return { release, stamp: await readReleaseStamp(db(c), release.months) };
}

let methodologyText: string | null = null;

/**
 * The answer of GET /indicators for a caller and a query: what the route sends, and what the
 * report (routes/reports.ts) is built from, so that both show the same numbers.
 */
/**
 * The data range a caller is told for a partner or the network (null): the first and last day
 * with a trip for its own staff and admins, whole released months for aggregate callers.
 */
export async function readShownDataRange(
  c: Parameters<typeof db>[0],
  actor: Actor,
  partnerId: string | null,
): Promise<{ from: string; to: string } | null> {
  const scope = { partnerId, siteId: null };
  if (seesBelowFloor(actor, partnerId)) return readDataRange(db(c), scope);
  return readReleasedDataRange(
    db(c),
    scope,
    nowIso(c).slice(0, 10),
    services(c).config.releaseDelayDays,
  );
}

export async function answerIndicators(
  c: Parameters<typeof db>[0],
  actor: Actor,
  q: {
    partner: string;
    site?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    factorSet?: string | undefined;
  },
) {
  const { scope, partners, dataRange, partner } = await resolveScope(c, actor, q);
  const factorSet = chooseFactorSet(q.factorSet, partner);
  const privileged = seesBelowFloor(actor, scope.partnerId);
  const settings = partnersStamp(partners);
  if (!privileged) {
    // Aggregate callers (analysts, other partners): released units only.
    const { release, stamp } = await prepareRelease(c, scope);
    const shownRange = await readReleasedDataRange(
      db(c),
      scope,
      nowIso(c).slice(0, 10),
      services(c).config.releaseDelayDays,
    );
    const result = await services(c).results.getOrCompute(
      JSON.stringify([
        'indicators-released',
        scope.partnerId,
        scope.siteId,
        release.months,
        factorSet.id,
      ]),
      `${stamp}|${settings}`,
      () => computeReleasedIndicators(db(c), scope, release.months, factorSet, partners),
    );
    if (result === null) {
      const what =
        scope.siteId !== null
          ? `site ${scope.siteId}`
          : scope.partnerId === null
            ? 'the network'
            : `partner ${scope.partnerId}`;
      return {
        scope: {
          partner: scope.partnerId ?? 'network',
          site: scope.siteId,
          from: scope.from,
          to: scope.to,
          days: daysBetween(scope.from, scope.to),
          weeks: Math.round((daysBetween(scope.from, scope.to) / 7) * 10_000) / 10_000,
        },
        dataRange: shownRange,
        release,
        withheld: true as const,
        suppressed: [
          release.months.length === 0
            ? {
                what: 'every figure of the period',
                reason: `no released month in the period: a calendar month is released ${services(c).config.releaseDelayDays} days after its end`,
                code: 'no_released_month' as const,
              }
            : {
                what,
                reason: `fewer than ${SUPPRESSION_K} active commuters in every released month of the period`,
                code: 'scope_below_k' as const,
              },
        ],
      };
    }
    return { ...result, dataRange: shownRange, release, withheld: false as const, belowK: false };
  }
  // Own staff and admins from here: live figures, the small ones marked shownToYou.
  const version = await readDataVersions(db(c), scope.partnerId);
  const full = await services(c).results.getOrCompute(
    JSON.stringify(['indicators', scope, factorSet.id]),
    `${version}|${settings}`,
    () => computeKeptIndicators(db(c), services(c).liveInputs, scope, factorSet, partners),
  );
  const belowK = full.participants.active < SUPPRESSION_K;
  const result = withholdSubgroups(full, true);
  // How many trips wait for confirmation (counted in no figure).
  const unconfirmedTrips = await countUnconfirmedTrips(db(c), scope);
  if (belowK && scope.siteId === null)
    result.suppressed.push({
      what: scope.partnerId === null ? 'the network' : `partner ${scope.partnerId}`,
      reason: `fewer than ${SUPPRESSION_K} active commuters in the period`,
      code: 'scope_below_k',
      shownToYou: true,
    });
  if (scope.siteId !== null && result.participants.active < SUPPRESSION_K) {
    // Below partner level, fewer than k commuters: no figure at all (DESIGN.md section 6).
    return {
      scope: result.scope,
      dataRange,
      withheld: true as const,
      suppressed: [
        {
          what: `site ${scope.siteId}`,
          reason: `fewer than ${SUPPRESSION_K} active commuters`,
          code: 'scope_below_k' as const,
        },
      ],
    };
  }
  return {
    ...result,
    dataRange,
    withheld: false as const,
    belowK,
    unconfirmedTrips,
  };
}

export function indicatorRoutes() {
  const app = createRouter();

  app.openapi(routes.indicators, async (c) =>
    c.json(await answerIndicators(c, requireActor(c), c.req.valid('query')), 200),
  );

  app.openapi(routes.monthly, async (c) => {
    const actor = requireActor(c);
    const { scope } = await resolveScope(c, actor, c.req.valid('query'));
    const version = await readDataVersions(db(c), scope.partnerId);
    const privileged = seesBelowFloor(actor, scope.partnerId);
    if (!privileged) {
      // Aggregate callers: one row per released month, each the sum of its released units (the
      // network: of the partner-months that pass k), frozen at release.
      const { release, stamp } = await prepareRelease(c, scope);
      const months = await services(c).results.getOrCompute(
        JSON.stringify(['monthly-released', scope.partnerId, scope.siteId, release.months]),
        stamp,
        () => readReleasedMonthly(db(c), scope, release.months),
      );
      return c.json(
        { release, withheld: months.some((m) => m.activeCommuters === null), months },
        200,
      );
    }
    const months = await services(c).results.getOrCompute(
      JSON.stringify(['monthly', scope]),
      version,
      () => readMonthly(db(c), scope),
    );
    if (scope.siteId !== null) {
      // A month of a site with fewer than k active commuters is withheld, for own staff too.
      const shown = months.map((m) =>
        m.activeCommuters >= SUPPRESSION_K
          ? m
          : {
              month: m.month,
              trips: {},
              distanceKm: {},
              activeCommuters: null,
            },
      );
      return c.json(
        { withheld: shown.some((m) => m.activeCommuters === null), months: shown },
        200,
      );
    }
    return c.json({ withheld: false, months }, 200);
  });

  app.openapi(routes.partners, async (c) => {
    const actor = requireActor(c);
    const q = c.req.valid('query');
    const { scope, partners } = await resolveScope(c, actor, {
      partner: 'network',
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
    });
    const summarize = (r: Awaited<ReturnType<typeof computeIndicators>>) => ({
      participants: r.participants,
      trips: r.trips,
      distanceKm: r.distanceKm,
      co2AvoidedKg: r.co2AvoidedKg,
      carKmSubstituted: r.carKmSubstituted,
      activeShare: r.modalShift.activeShare,
      carShare: {
        baseline: r.baseline.byTrips.car_driver ?? 0,
        followUp: r.modalSplit.byTrips.car_driver,
      },
      tripsPerActiveCommuter:
        r.participants.active > 0 ? Math.round((r.trips / r.participants.active) * 100) / 100 : 0,
      co2AvoidedKgPerActiveCommuter:
        r.participants.active > 0
          ? Math.round((r.co2AvoidedKg / r.participants.active) * 1000) / 1000
          : 0,
      healthValuePerYear:
        Math.round(
          ((r.health.cycling?.valuePerYear ?? 0) + (r.health.walking?.valuePerYear ?? 0)) * 100,
        ) / 100,
      factorSetId: r.factorSet.id,
    });
    // Admins see every partner (those under the floor marked); network analysts see released
    // units only: each row the partner-months that pass k, the network their sum, so total
    // minus rows gives nothing away.
    const floor = !seesBelowFloor(actor, null);
    if (floor) {
      const { release, stamp } = await prepareRelease(c, scope);
      const answer = await services(c).results.getOrCompute(
        JSON.stringify(['partners-released', release.months, q.factorSet ?? null]),
        `${stamp}|${partnersStamp(partners)}`,
        async () => {
          const items = [];
          for (const p of partners.values()) {
            const r = await computeReleasedIndicators(
              db(c),
              { ...scope, partnerId: p.id, siteId: null },
              release.months,
              chooseFactorSet(q.factorSet, p),
              partners,
            );
            const row = { partnerId: p.id, name: p.name, country: p.country };
            if (r === null)
              items.push({
                ...row,
                withheld: true as const,
                reason:
                  release.months.length === 0
                    ? 'no released month in the period'
                    : `fewer than ${SUPPRESSION_K} active commuters in every released month of the period`,
                code:
                  release.months.length === 0
                    ? ('no_released_month' as const)
                    : ('scope_below_k' as const),
              });
            else items.push({ ...row, ...summarize(r), withheld: false as const, belowK: false });
          }
          const all = await computeReleasedIndicators(
            db(c),
            scope,
            release.months,
            chooseFactorSet(q.factorSet, null),
            partners,
          );
          const network = all
            ? { ...summarize(all), excludedPartners: all.excludedPartners }
            : {
                participants: { registered: 0, active: 0 },
                trips: 0,
                distanceKm: 0,
                co2AvoidedKg: 0,
                carKmSubstituted: {
                  replacedModeKm: 0,
                  surveyKmPerWeek: 0,
                  replacedModeKmPerWeek: 0,
                  surveyCommuters: 0,
                },
                activeShare: { baseline: null, followUp: null, shiftPp: null },
                carShare: { baseline: 0, followUp: 0 },
                tripsPerActiveCommuter: 0,
                co2AvoidedKgPerActiveCommuter: 0,
                healthValuePerYear: 0,
                factorSetId: chooseFactorSet(q.factorSet, null).id,
                excludedPartners: partners.size,
              };
          // HEAT adds up over partners, and rounded counts are rounded row by row: the network's
          // health value and counts are the sums of the rows shown, so that total minus rows is
          // zero rather than the difference of two roundings.
          let health = 0;
          let registered = 0;
          let active = 0;
          let surveyCommuters = 0;
          for (const row of items)
            if (!row.withheld) {
              health += row.healthValuePerYear;
              registered += row.participants.registered;
              active += row.participants.active;
              surveyCommuters += row.carKmSubstituted.surveyCommuters;
            }
          network.healthValuePerYear = Math.round(health * 100) / 100;
          network.participants = { registered, active };
          network.carKmSubstituted = { ...network.carKmSubstituted, surveyCommuters };
          return { items, network };
        },
      );
      return c.json({ scope: { from: scope.from, to: scope.to }, release, ...answer }, 200);
    }
    // Admins: every partner live, those under the floor marked belowK.
    const version = await readDataVersions(db(c), null);
    const { items, network } = await services(c).results.getOrCompute(
      JSON.stringify(['partners', scope, q.factorSet ?? null]),
      `${version}|${partnersStamp(partners)}`,
      async () => {
        const items = [];
        for (const p of partners.values()) {
          const r = withholdSubgroups(
            await computeIndicators(
              db(c),
              { ...scope, partnerId: p.id },
              chooseFactorSet(q.factorSet, p),
              partners,
            ),
            true,
          );
          const row = { partnerId: p.id, name: p.name, country: p.country };
          const belowK = r.participants.active < SUPPRESSION_K;
          items.push({ ...row, ...summarize(r), withheld: false as const, belowK });
        }
        const all = await computeIndicators(
          db(c),
          scope,
          chooseFactorSet(q.factorSet, null),
          partners,
        );
        const network = { ...summarize(all), excludedPartners: all.excludedPartners };
        return { items, network };
      },
    );
    return c.json({ scope: { from: scope.from, to: scope.to }, items, network }, 200);
  });

  app.openapi(routes.factorSets, async (c) => {
    requireActor(c);
    return c.json({ items: FACTOR_SETS.map((s) => ({ ...s })) }, 200);
  });

  app.openapi(routes.heat, async (c) => {
    requireActor(c);
    try {
      return c.json({ ...calculateHeat(c.req.valid('json')) }, 200);
    } catch (err) {
      if (err instanceof HeatInputError)
        throw new AppError('validation_failed', err.message, [
          { path: err.field, message: err.message },
        ]);
      if (err instanceof RangeError) throw new AppError('validation_failed', err.message);
      throw err;
    }
  });

  app.openapi(routes.heatDefaults, async (c) => {
    requireActor(c);
    return c.json(heatCalculatorDefaults(), 200);
  });

  app.openapi(routes.methodology, async (c) => {
    methodologyText ??= readFileSync(new URL('../../docs/methodology.md', import.meta.url), 'utf8');
    return c.body(methodologyText, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  return app;
}

import { FACTOR_SETS, HEAT_PARAMETERS, SUPPRESSION_K } from '../indicators/index.js';
import type { ReportStrings } from './i18n/index.js';

/**
 * The methodology in a reader's language: the report appendix's formulas, parameters and
 * sources, grouped in sections that answer the anchors the dashboard's cards link to
 * (`#/methodology#co2-avoided`). docs/methodology.md stays the full English reference; this is
 * its translated summary, built from the report dictionaries only. Pure.
 */
export interface MethodologySection {
  /** The section's own anchor. */
  id: string;
  /** Every anchor of docs/methodology.md this section answers (its own first). */
  anchors: string[];
  title: string;
  paragraphs: string[];
  /** Formula or parameter and its source, where the section has any. */
  sources: Array<{ name: string; source: string }>;
}

const fill = (s: string, v: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? `{${k}}`);

export function methodologySections(t: ReportStrings): MethodologySection[] {
  const pct = new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 1 });
  const factorSetNames = t.factorSetNames as Readonly<Record<string, string | undefined>>;
  return [
    {
      id: 'participants',
      anchors: ['participants', 'trips', 'distance'],
      title: t.participation,
      paragraphs: [t.mParticipation],
      sources: [],
    },
    {
      id: 'modal-split',
      anchors: ['modal-split', 'modal-shift', 'transitions', 'car-replacement-rate'],
      title: t.modalShift,
      paragraphs: [t.mSplit, t.mShift, t.mReplacementRate],
      sources: [],
    },
    {
      id: 'car-km-substituted',
      anchors: ['car-km-substituted', 'unlabelled-km'],
      title: t.carKm,
      paragraphs: [t.mCarKm, fill(t.carKmWhy, { unlabelled: '–' })],
      sources: [],
    },
    {
      id: 'co2-avoided',
      anchors: ['co2-avoided', 'factor-sets'],
      title: t.co2,
      paragraphs: [t.mCo2],
      sources: FACTOR_SETS.map((fs) => ({
        name: `${factorSetNames[fs.id] ?? fs.name} (${t.scopeNames[fs.scope]})`,
        source: `${fs.source}, ${fs.year}`,
      })),
    },
    {
      id: 'heat',
      anchors: ['heat', 'heat-published'],
      title: t.heat,
      paragraphs: [
        t.mHeat,
        fill(t.heatText, {
          years: String(HEAT_PARAMETERS.assessmentYears.value),
          buildUp: String(HEAT_PARAMETERS.buildUpYears.value),
          rate: pct.format(HEAT_PARAMETERS.discountRate.value),
        }),
      ],
      sources: [
        { name: `HEAT ${t.cycling}`, source: HEAT_PARAMETERS.modes.bike.source },
        { name: `HEAT ${t.walking}`, source: HEAT_PARAMETERS.modes.walk.source },
        { name: `HEAT ${t.buildUpShare}`, source: HEAT_PARAMETERS.buildUpYears.source },
        { name: `HEAT ${t.discountFactor}`, source: HEAT_PARAMETERS.discountRate.source },
      ],
    },
    {
      id: 'activity',
      anchors: ['activity', 'kcal', 'cycling-days', 'default-speeds'],
      title: t.activity,
      paragraphs: [t.mActivity, t.mCyclingDays],
      sources: [],
    },
    {
      id: 'per-inhabitant',
      anchors: ['per-inhabitant', 'report-reference-data'],
      title: t.rollUp,
      paragraphs: [t.mPerInhabitant, t.mCurrency],
      sources: [],
    },
    {
      id: 'suppression',
      anchors: [
        'suppression',
        'privacy-what-is-released',
        'release-units',
        'map-release-units',
        'limits',
      ],
      title: t.dataQuality,
      paragraphs: [
        t.mRelease,
        fill(t.hiddenReasons.distinct_counts_rounded, { k: String(SUPPRESSION_K) }),
        t.limitations,
      ],
      sources: [],
    },
  ];
}

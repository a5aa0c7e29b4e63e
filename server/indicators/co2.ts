import { MODES, type Mode, type ReplacedMode } from '../domain/modes.js';
import type { FactorSet } from './reference-data.js';
import { type ByMode, type LegAggregate, fillByMode } from './types.js';

/**
 * CO2 avoided (docs/methodology.md#co2-avoided) = Σ km × (factor of replaced mode − factor of
 * mode used), with a versioned factor set (docs/methodology.md#factor-sets).
 */

/**
 * The factor (kg CO2e per km) a set gives a mode or a replaced mode. `none` (the trip would not
 * have been made) counts as 0: nothing would have been emitted. Car passengers are 0 in every
 * shipped set (a passenger adds no vehicle-km); the data loader enforces it for vehicle-km sets.
 */
export function emissionFactorKgPerKm(set: FactorSet, mode: ReplacedMode): number {
  if (mode === 'none') return 0;
  return set.kgPerKm[mode];
}

/**
 * A copy of a factor set with some modes' factors replaced, e.g. a partner's own e-bike
 * figure. The copy's id gets a `+custom` suffix so a report never passes it off as the
 * published set.
 */
export function withFactorOverrides(
  set: FactorSet,
  overrides: Partial<Record<Mode, number>>,
): FactorSet {
  const kgPerKm = { ...set.kgPerKm };
  const assumptions = [...set.assumptions];
  let changed = false;
  for (const mode of MODES) {
    const value = overrides[mode];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`factor override for ${mode} must be a finite number >= 0`);
    kgPerKm[mode] = value;
    assumptions.push(`${mode}: overridden to ${value} kg CO2e/km`);
    changed = true;
  }
  if (!changed) return set;
  return { ...set, id: `${set.id}+custom`, kgPerKm, assumptions };
}

export interface Co2ModeBreakdown {
  /** Labelled km travelled on this mode (legs with a replaced mode). */
  distanceKm: number;
  /** What the replaced modes would have emitted for these km. */
  replacedCo2Kg: number;
  /** What this mode emitted for these km. */
  actualCo2Kg: number;
  /** replacedCo2Kg − actualCo2Kg. */
  co2AvoidedKg: number;
}

export interface Co2Avoided {
  /** Σ labelled km × (factor(replaced) − factor(mode)), kg CO2e; negative if trips got dirtier. */
  co2AvoidedKg: number;
  /** Σ labelled km × factor(replaced). */
  replacedCo2Kg: number;
  /** Σ labelled km × factor(mode). co2AvoidedKg = replacedCo2Kg − actualCo2Kg. */
  actualCo2Kg: number;
  /** Km with a replaced mode (including `none`). */
  labelledKm: number;
  /** Km with no replaced mode: they contribute nothing and are reported instead. */
  unlabelledKm: number;
  /** By the mode actually used. */
  byMode: ByMode<Co2ModeBreakdown>;
  factorSetId: string;
}

/**
 * CO2 avoided by the trips of a period.
 *
 * - Car factors per vehicle-km apply to `car_driver` only: a passenger adds no vehicle-km.
 * - Replaced mode `none` has factor 0 (the trip would not have been made, so nothing avoided
 *   except what the mode used emits, which counts against it).
 * - Replaced mode null (unlabelled) contributes nothing; its km are returned as `unlabelledKm`.
 *
 * @param legs leg aggregates whose `replacedMode` is the effective replaced mode
 * @param factorSet the partner's factor set (see reference-data.ts `getFactorSet`)
 * @returns kg CO2e avoided in the period, with a breakdown by mode used
 * Source: DESIGN.md section 3; factors in data/factor-sets.json.
 * @example 98 km of bike/e-bike that replaced car_driver, DESNZ 2025 direct, e-bike taken as 0: 98 × 0.16725 = 16.39 kg
 */
export function computeCo2AvoidedKg(
  legs: readonly LegAggregate[],
  factorSet: FactorSet,
): Co2Avoided {
  const byMode = {} as ByMode<Co2ModeBreakdown>;
  for (const mode of MODES)
    byMode[mode] = { distanceKm: 0, replacedCo2Kg: 0, actualCo2Kg: 0, co2AvoidedKg: 0 };
  let unlabelledKm = 0;
  for (const row of legs) {
    if (row.replacedMode === null) {
      unlabelledKm += row.distanceKm;
      continue;
    }
    const cell = byMode[row.mode];
    const replaced = row.distanceKm * emissionFactorKgPerKm(factorSet, row.replacedMode);
    const actual = row.distanceKm * emissionFactorKgPerKm(factorSet, row.mode);
    cell.distanceKm += row.distanceKm;
    cell.replacedCo2Kg += replaced;
    cell.actualCo2Kg += actual;
    cell.co2AvoidedKg += replaced - actual;
  }
  let replacedCo2Kg = 0;
  let actualCo2Kg = 0;
  let labelledKm = 0;
  for (const mode of MODES) {
    const cell = byMode[mode];
    replacedCo2Kg += cell.replacedCo2Kg;
    actualCo2Kg += cell.actualCo2Kg;
    labelledKm += cell.distanceKm;
  }
  return {
    co2AvoidedKg: replacedCo2Kg - actualCo2Kg,
    replacedCo2Kg,
    actualCo2Kg,
    labelledKm,
    unlabelledKm,
    byMode,
    factorSetId: factorSet.id,
  };
}

/**
 * CO2 emitted by all travel of the period (labelled or not), kg CO2e, by mode used. For a
 * footprint view; not part of CO2 avoided.
 */
export function computeCo2EmittedKg(
  legs: readonly LegAggregate[],
  factorSet: FactorSet,
): { co2EmittedKg: number; byMode: ByMode<number> } {
  const byMode = fillByMode(0);
  let co2EmittedKg = 0;
  for (const row of legs) {
    const kg = row.distanceKm * emissionFactorKgPerKm(factorSet, row.mode);
    byMode[row.mode] += kg;
    co2EmittedKg += kg;
  }
  return { co2EmittedKg, byMode };
}

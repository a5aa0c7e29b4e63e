/**
 * What a trip correction changed, for the audit log (issue 11 point 2): staff fix commuters'
 * data, and the commuter (and the project) must be able to see afterwards what was changed and
 * by whom. Legs are compared by position; added and removed legs are listed with mode and km so
 * the entry reads without the trip (which may be deleted later). Pure.
 */

export interface CorrectableLeg {
  mode: string;
  distanceKm: number;
  durationMin: number | null;
  replacedMode: string | null;
}

export interface CorrectableTrip {
  startedAt: string;
  endedAt: string | null;
  purpose: string | null;
  replacedMode: string | null;
  legs: readonly CorrectableLeg[];
}

type LegSummary = { seq: number; mode: string; distanceKm: number };

export interface TripCorrection {
  /** Trip fields that changed, with their value before and after. */
  fields: Record<string, { from: string | null; to: string | null }>;
  legsBefore: number;
  legsAfter: number;
  addedLegs: LegSummary[];
  removedLegs: LegSummary[];
  /** Legs present before and after whose mode, distance, duration or replaced mode changed. */
  changedLegs: Array<{ seq: number; from: CorrectableLeg; to: CorrectableLeg }>;
}

const summary = (leg: CorrectableLeg, seq: number): LegSummary => ({
  seq,
  mode: leg.mode,
  distanceKm: leg.distanceKm,
});

const sameLeg = (a: CorrectableLeg, b: CorrectableLeg) =>
  a.mode === b.mode &&
  a.distanceKm === b.distanceKm &&
  a.durationMin === b.durationMin &&
  a.replacedMode === b.replacedMode;

const legFields = (l: CorrectableLeg): CorrectableLeg => ({
  mode: l.mode,
  distanceKm: l.distanceKm,
  durationMin: l.durationMin,
  replacedMode: l.replacedMode,
});

export function describeCorrection(
  before: CorrectableTrip,
  after: CorrectableTrip,
): TripCorrection {
  const fields: TripCorrection['fields'] = {};
  for (const key of ['startedAt', 'endedAt', 'purpose', 'replacedMode'] as const)
    if (before[key] !== after[key]) fields[key] = { from: before[key], to: after[key] };
  const common = Math.min(before.legs.length, after.legs.length);
  const changedLegs: TripCorrection['changedLegs'] = [];
  for (let i = 0; i < common; i++)
    if (!sameLeg(before.legs[i]!, after.legs[i]!))
      changedLegs.push({ seq: i, from: legFields(before.legs[i]!), to: legFields(after.legs[i]!) });
  return {
    fields,
    legsBefore: before.legs.length,
    legsAfter: after.legs.length,
    addedLegs: after.legs.slice(common).map((l, i) => summary(l, common + i)),
    removedLegs: before.legs.slice(common).map((l, i) => summary(l, common + i)),
    changedLegs,
  };
}

/** True when the correction changed nothing a user can see. */
export function isEmptyCorrection(c: TripCorrection): boolean {
  return (
    Object.keys(c.fields).length === 0 &&
    c.addedLegs.length === 0 &&
    c.removedLegs.length === 0 &&
    c.changedLegs.length === 0
  );
}

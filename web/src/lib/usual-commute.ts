/**
 * The commuter's usual commute, kept on the device (IndexedDB) so that the one-tap log works
 * without a connection. Saved from the log form ("save as my usual commute"); until then the
 * baseline survey's usual legs stand in for it.
 */
import { get } from '../api/client.js';
import type { LegInput, ReplacedMode, Survey } from '../api/models.js';
import { localDb, type UsualCommute } from './local-db.js';

export type { UsualCommute };

export const DEFAULT_TO_WORK_AT = '08:00';
export const DEFAULT_BACK_AT = '17:00';

export async function loadUsual(commuterId: string): Promise<UsualCommute | null> {
  return (await (await localDb()).get('usual', commuterId)) ?? null;
}

export async function saveUsual(
  commuterId: string,
  legs: LegInput[],
  replacedMode: ReplacedMode | null,
  times: { toWorkAt?: string; backAt?: string } = {},
): Promise<UsualCommute> {
  const previous = await loadUsual(commuterId);
  const usual: UsualCommute = {
    commuterId,
    legs: legs.map((l) => ({
      mode: l.mode,
      distanceKm: l.distanceKm,
      durationMin: l.durationMin ?? null,
      replacedMode: l.replacedMode ?? null,
    })),
    replacedMode,
    toWorkAt: times.toWorkAt ?? previous?.toWorkAt ?? DEFAULT_TO_WORK_AT,
    backAt: times.backAt ?? previous?.backAt ?? DEFAULT_BACK_AT,
    savedAt: new Date().toISOString(),
  };
  await (await localDb()).put('usual', usual);
  return usual;
}

/** The latest survey of a kind (baseline first), or null; offline, null. */
export async function latestBaseline(commuterId: string): Promise<Survey | null> {
  try {
    const surveys = (await get('/commuters/{id}/surveys', { params: { path: { id: commuterId } } }))
      .items;
    const sorted = [...surveys].sort((a, b) => b.takenOn.localeCompare(a.takenOn));
    return sorted.find((s) => s.kind === 'baseline') ?? null;
  } catch {
    return null;
  }
}

/** The usual commute, or one made from the baseline survey's usual legs when none is saved. */
export async function usualOrBaseline(commuterId: string): Promise<UsualCommute | null> {
  const saved = await loadUsual(commuterId);
  if (saved) return saved;
  const baseline = await latestBaseline(commuterId);
  if (!baseline) return null;
  const legs: LegInput[] = baseline.usualLegs?.length
    ? baseline.usualLegs.map((l) => ({ mode: l.mode, distanceKm: l.distanceKm }))
    : [{ mode: baseline.usualMode, distanceKm: baseline.oneWayKm }];
  return {
    commuterId,
    legs,
    replacedMode: null,
    toWorkAt: DEFAULT_TO_WORK_AT,
    backAt: DEFAULT_BACK_AT,
    savedAt: '',
  };
}

/**
 * The commuter's usual commute. The server holds it (GET/PUT /commuters/{id}/usual-commute,
 * saved from the baseline survey when joining); the device keeps a copy in IndexedDB so that
 * the one-tap log still works on a train without a signal. One tap goes to
 * POST /usual-commute/log; without a connection the same trips, with the same client ids, go
 * through the outbox, so whichever request reaches the server stores each trip once.
 */
import { ApiError, clearCache, get, post, put } from '../api/client.js';
import type { LegInput, ReplacedMode, Survey } from '../api/models.js';
import { localDb, type UsualCommute } from './local-db.js';
import { makeTripId, sendTrips, type SendOutcome } from './outbox.js';
import { localParts, oneTapOffered, usualTrips, type Direction } from './trip-draft.js';

export type { UsualCommute };

export const DEFAULT_TO_WORK_AT = '08:00';
/** The server's default for "back" (server/domain/usual-commute.ts), so both logs agree. */
export const DEFAULT_BACK_AT = '16:30';

type ServerUsual = {
  commuterId: string;
  legs: LegInput[];
  replacedMode: ReplacedMode | null;
  departToWork: string | null;
  departBack: string | null;
  updatedAt: string;
};

function local(
  u: ServerUsual,
  commuterCreatedAt: string | null,
  previous?: UsualCommute | null,
): UsualCommute {
  return {
    commuterId: u.commuterId,
    legs: u.legs.map((l) => ({
      mode: l.mode,
      distanceKm: l.distanceKm,
      durationMin: l.durationMin ?? null,
      replacedMode: l.replacedMode ?? null,
    })),
    replacedMode: u.replacedMode,
    toWorkAt: u.departToWork ?? DEFAULT_TO_WORK_AT,
    backAt: u.departBack ?? DEFAULT_BACK_AT,
    updatedAt: u.updatedAt,
    oneTap: oneTapOffered(
      u.legs,
      u.updatedAt,
      commuterCreatedAt ?? previous?.commuterCreatedAt ?? null,
    ),
    commuterCreatedAt: commuterCreatedAt ?? previous?.commuterCreatedAt ?? null,
  };
}

/** The copy on this device, or null. */
export async function cachedUsual(commuterId: string): Promise<UsualCommute | null> {
  return (await (await localDb()).get('usual', commuterId)) ?? null;
}

/**
 * The usual commute from the server (kept on the device), the device's copy when offline, or
 * null when none is saved. `commuterCreatedAt` tells a commute taken over from the baseline
 * survey at joining (saved at that very instant) from one the commuter saved.
 */
export async function loadUsual(
  commuterId: string,
  commuterCreatedAt: string | null = null,
): Promise<UsualCommute | null> {
  const db = await localDb();
  const previous = (await db.get('usual', commuterId)) ?? null;
  // A commute saved while offline reaches the server first, so the server's answer is it.
  // Offline still: this phone's copy. Refused by the server (a rule it holds and this phone
  // did not): the server's copy stands.
  if (previous?.unsynced) {
    try {
      await putUsual(commuterId, previous.legs, previous.replacedMode, previous);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0) return previous;
    }
  }
  try {
    const u = await get(
      '/commuters/{id}/usual-commute',
      { params: { path: { id: commuterId } } },
      { fresh: true },
    );
    if (!u) return null;
    const copy = local(u as ServerUsual, commuterCreatedAt, previous);
    await db.put('usual', copy);
    return copy;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      await db.delete('usual', commuterId);
      return null;
    }
    return previous; // offline: the copy on this phone
  }
}

/** PUT /commuters/{id}/usual-commute, keeping the departure times this phone knows. */
async function putUsual(
  commuterId: string,
  legs: LegInput[],
  replacedMode: ReplacedMode | null,
  previous: UsualCommute | null,
): Promise<ServerUsual> {
  const saved = (await put('/commuters/{id}/usual-commute', {
    params: { path: { id: commuterId } },
    body: {
      legs: legs.map((l) => ({
        mode: l.mode,
        distanceKm: l.distanceKm,
        ...(l.durationMin != null ? { durationMin: l.durationMin } : {}),
        ...(l.replacedMode != null ? { replacedMode: l.replacedMode } : {}),
      })),
      replacedMode,
      departToWork: previous?.toWorkAt ?? null,
      departBack: previous?.backAt ?? null,
    },
  })) as ServerUsual;
  clearCache();
  return saved;
}

/**
 * Saves the usual commute on the server and the device's copy. Offline, the device's copy
 * changes now (its one tap goes through the outbox) and is marked unsynced; the next
 * loadUsual with a connection sends it.
 */
export async function saveUsual(
  commuterId: string,
  legs: LegInput[],
  replacedMode: ReplacedMode | null,
): Promise<UsualCommute> {
  const previous = await cachedUsual(commuterId);
  const db = await localDb();
  let saved: ServerUsual;
  let unsynced = false;
  try {
    saved = await putUsual(commuterId, legs, replacedMode, previous);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 0) throw err;
    unsynced = true;
    saved = {
      commuterId,
      legs,
      replacedMode,
      departToWork: previous?.toWorkAt ?? null,
      departBack: previous?.backAt ?? null,
      updatedAt: new Date().toISOString(),
    };
  }
  // Saved by the commuter: one tap is offered whatever the modes.
  const copy: UsualCommute = { ...local(saved, null, previous), oneTap: true };
  if (unsynced) copy.unsynced = true;
  await db.put('usual', copy);
  return copy;
}

export type Tap = Direction | 'both';

/**
 * Logs the usual commute for today with one tap. Online: the server's one-tap log. When the
 * server cannot be reached: the same trips, with the same ids, queued in the outbox.
 */
export async function logUsual(usual: UsualCommute, tap: Tap): Promise<SendOutcome> {
  const directions: Direction[] = tap === 'both' ? ['to_work', 'back'] : [tap];
  const now = localParts(new Date());
  const trips = usualTrips(usual, now.date, directions, usual.commuterId, makeTripId, now.time);
  try {
    await post('/commuters/{id}/usual-commute/log', {
      params: { path: { id: usual.commuterId } },
      body: { date: now.date, direction: tap, clientIds: trips.map((t) => t.id!) },
    });
    clearCache();
    return 'sent';
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    if (e.status === 0) return sendTrips(usual.commuterId, trips);
    return { rejected: e };
  }
}

/** The latest baseline survey, or null; offline, null. */
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

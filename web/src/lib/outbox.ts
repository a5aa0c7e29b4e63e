/**
 * Trips wait in IndexedDB until the server has them. Every trip the app logs goes through
 * here, online or not: queued with its client id, then sent; removed only once the server
 * answered 201 (stored now, or `Idempotent-Replayed`: stored by an earlier attempt whose answer
 * was lost). So a trip is sent again after a lost connection or a reload, and stored once.
 */
import { ApiError, clearCache, get, post } from '../api/client.js';
import type { TripInput } from '../api/models.js';
import { localDb, type PendingTrip } from './local-db.js';
import { newTripId } from './trip-draft.js';

type Listener = () => void;
const listeners = new Set<Listener>();
let flushing: Promise<void> | null = null;

/** How often queued trips are retried while some wait (besides on `online` and on load). */
const RETRY_MS = 30_000;

export function makeTripId(): string {
  return newTripId((n) => crypto.getRandomValues(new Uint8Array(n)));
}

/** Calls `listener` whenever the queue changes; returns the unsubscribe. */
export function onOutboxChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const l of listeners) l();
}

/** The trips of a commuter still waiting for the server, oldest first. */
export async function pendingTrips(commuterId: string): Promise<PendingTrip[]> {
  const db = await localDb();
  const all = await db.getAllFromIndex('outbox', 'byCommuter', commuterId);
  return all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

/** Drops a queued trip the server refused (the commuter chose to discard it). */
export async function discardPending(id: string): Promise<void> {
  await (await localDb()).delete('outbox', id);
  changed();
}

export type SendOutcome = 'sent' | 'queued' | { rejected: ApiError };

/**
 * Queues trips and tries to send them at once. `sent`: the server has all of them; `queued`:
 * no connection (they go out later); `rejected`: the server refused one (it is taken out of
 * the queue again, so the form can show why and nothing half-known is retried).
 */
export async function sendTrips(commuterId: string, trips: TripInput[]): Promise<SendOutcome> {
  const db = await localDb();
  const now = new Date().toISOString();
  const tx = db.transaction('outbox', 'readwrite');
  for (const body of trips)
    await tx.store.put({
      id: body.id!,
      commuterId,
      body,
      queuedAt: now,
      attempts: 0,
      rejected: null,
    });
  await tx.done;
  changed();
  await flushOutbox();
  const left = await Promise.all(trips.map((trip) => db.get('outbox', trip.id!)));
  const refused = left.find((p) => p?.rejected);
  if (refused?.rejected) {
    for (const p of left) if (p) await db.delete('outbox', p.id);
    changed();
    return {
      rejected: new ApiError(400, refused.rejected.code, refused.rejected.message),
    };
  }
  return left.some((p) => p) ? 'queued' : 'sent';
}

/** Sends every queued trip of the signed-in commuter; one flush at a time per tab. */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    try {
      const locks = navigator.locks;
      // One tab at a time: two tabs sending the same trip would still store it once, but
      // the second would count a replay as its own success and confuse nobody but the log.
      if (locks) await locks.request('modeshift-outbox', () => flushNow());
      else await flushNow();
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

async function flushNow(): Promise<void> {
  let commuterId: string | null;
  try {
    commuterId = (await get('/auth/me')).account.commuterId;
  } catch {
    return; // offline or signed out: the trips wait
  }
  if (!commuterId) return;
  const db = await localDb();
  const waiting = (await db.getAllFromIndex('outbox', 'byCommuter', commuterId))
    .filter((p) => !p.rejected)
    .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  let sent = 0;
  for (const item of waiting) {
    try {
      await post('/trips', { body: item.body });
      await db.delete('outbox', item.id);
      sent++;
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
      // The id is already stored: a one-tap log whose answer was lost stored this very trip
      // (the server's times may differ by its time zone). Stored once is what counts.
      if (e.status === 409 && e.code === 'id_conflict') {
        await db.delete('outbox', item.id);
        sent++;
        continue;
      }
      // No connection, a lost session, a busy or failing server: try again later, in order.
      if (e.status === 0 || e.status === 401 || e.status === 429 || e.status >= 500) {
        await db.put('outbox', { ...item, attempts: item.attempts + 1 });
        break;
      }
      await db.put('outbox', {
        ...item,
        attempts: item.attempts + 1,
        rejected: { code: e.code, message: e.message },
      });
    }
  }
  if (sent > 0) clearCache();
  changed();
}

let started = false;

/** Sends what an earlier visit left queued, and again whenever the connection returns. */
export function startOutbox(): void {
  if (started || typeof indexedDB === 'undefined') return;
  started = true;
  window.addEventListener('online', () => void flushOutbox());
  setInterval(() => {
    if (navigator.onLine) void flushOutbox();
  }, RETRY_MS);
  void flushOutbox();
}

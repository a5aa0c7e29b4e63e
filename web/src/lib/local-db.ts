/**
 * The app's own IndexedDB database (idb): trips waiting to be sent (`outbox`) and each
 * commuter's usual commute (`usual`), so that logging works on a train without a signal.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LegInput, ReplacedMode, TripInput } from '../api/models.js';

export interface PendingTrip {
  /** The trip's client-generated id: the server stores a trip sent twice once. */
  id: string;
  commuterId: string;
  body: TripInput;
  queuedAt: string;
  attempts: number;
  /** The server refused it (a 4xx other than a lost session): shown, never retried blindly. */
  rejected: { code: string; message: string } | null;
}

export interface UsualCommute {
  commuterId: string;
  /** Legs of the way to work, in order; "back" is the same legs reversed. */
  legs: LegInput[];
  replacedMode: ReplacedMode | null;
  /** Local departure times (HH:MM) used when the commute is logged with one tap. */
  toWorkAt: string;
  backAt: string;
  /** When the server last saved it. */
  updatedAt: string;
  /**
   * Whether one tap is offered: not for a car-only commute taken over from the baseline survey
   * (the app asks for a first real trip instead of repeating the car by default).
   */
  oneTap: boolean;
  /** When the commuter was created (a commute saved at that instant came from the survey). */
  commuterCreatedAt: string | null;
  /** Saved on this phone without a connection: sent to the server at the next load online. */
  unsynced?: boolean;
}

interface ModeshiftDb extends DBSchema {
  outbox: { key: string; value: PendingTrip; indexes: { byCommuter: string } };
  usual: { key: string; value: UsualCommute };
}

let opening: Promise<IDBPDatabase<ModeshiftDb>> | null = null;

export function localDb(): Promise<IDBPDatabase<ModeshiftDb>> {
  opening ??= openDB<ModeshiftDb>('modeshift', 1, {
    upgrade(db) {
      const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
      outbox.createIndex('byCommuter', 'commuterId');
      db.createObjectStore('usual', { keyPath: 'commuterId' });
    },
  });
  return opening;
}

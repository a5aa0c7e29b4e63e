import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/connection.js';
import { classifyDatabaseFailure } from '../db/failures.js';
import {
  insertTripsWithBulkWriter,
  type TripWrite,
  type WriteOutcome,
} from '../repositories/trips.js';
import { outcomesOrConflict, storeTrips } from './trips.js';

interface Pending {
  writes: TripWrite[];
  resolve: (outcomes: WriteOutcome[]) => void;
  reject: (err: unknown) => void;
}

/** Most writes a single group transaction takes, so one flush cannot grow without bound. */
const MAX_TRIPS_PER_FLUSH = 2000;

/**
 * Group commit for single-trip writes. Requests that arrive while a transaction is running
 * are stored together in the next one: one commit and one multi-row insert per table instead
 * of one of each per request, which is what limits concurrent single-trip ingestion. Each
 * request still gets its own outcome; if the shared transaction fails (say one request
 * reuses an id with other content), every request of the group is retried alone, so one
 * caller's mistake never fails another's write.
 */
export class TripWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly database: Db,
    private readonly nowIso: () => string,
  ) {}

  private get db(): Kysely<Database> {
    return this.database.kysely;
  }

  write(writes: TripWrite[]): Promise<WriteOutcome[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        let count = 0;
        let take = 0;
        while (
          take < this.queue.length &&
          (take === 0 || count + this.queue[take]!.writes.length <= MAX_TRIPS_PER_FLUSH)
        )
          count += this.queue[take++]!.writes.length;
        const group = this.queue.splice(0, take);
        await this.writeGroup(group);
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * One transaction for the group. On SQLite with no other transaction open it runs
   * synchronously in better-sqlite3's own transaction: nothing else can run in between, and
   * it skips the driver's connection queue. IMMEDIATE, like every write transaction here
   * (db/connection.ts): a deferred one failed at once when another process had written.
   */
  private async store(writes: TripWrite[], now: string): Promise<WriteOutcome[]> {
    const bulk = this.database.bulkWriter();
    const sqlite = this.database.sqlite;
    if (bulk && sqlite && !sqlite.inTransaction) {
      return sqlite
        .transaction(() =>
          outcomesOrConflict(insertTripsWithBulkWriter(bulk, writes, now), writes.length),
        )
        .immediate();
    }
    return this.db.transaction().execute((trx) => storeTrips(trx, writes, now, bulk));
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const now = this.nowIso();
    try {
      const outcomes = await this.store(
        group.flatMap((p) => p.writes),
        now,
      );
      let at = 0;
      for (const p of group) {
        p.resolve(outcomes.slice(at, at + p.writes.length));
        at += p.writes.length;
      }
    } catch (err) {
      // A busy or failing database fails every request of the group alike: retrying them one
      // by one would only wait out the busy timeout once per request.
      if (group.length === 1 || classifyDatabaseFailure(err)) {
        for (const p of group) p.reject(err);
        return;
      }
      for (const p of group) {
        try {
          p.resolve(await this.store(p.writes, now));
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }
}

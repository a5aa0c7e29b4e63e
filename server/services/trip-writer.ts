import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/connection.js';
import { insertTrips, type TripWrite, type WriteOutcome } from '../repositories/trips.js';

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
        while (take < this.queue.length && (take === 0 || count + this.queue[take]!.writes.length <= MAX_TRIPS_PER_FLUSH)) count += this.queue[take++]!.writes.length;
        const group = this.queue.splice(0, take);
        await this.writeGroup(group);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const now = this.nowIso();
    try {
      const outcomes = await this.db.transaction().execute((trx) => insertTrips(trx, group.flatMap((p) => p.writes), now, this.database.bulkWriter()));
      let at = 0;
      for (const p of group) {
        p.resolve(outcomes.slice(at, at + p.writes.length));
        at += p.writes.length;
      }
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      for (const p of group) {
        try {
          p.resolve(await this.db.transaction().execute((trx) => insertTrips(trx, p.writes, now, this.database.bulkWriter())));
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }
}

import { timingSafeEqual } from 'node:crypto';
import { prometheus } from '@hono/prometheus';
import type { MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/connection.js';
import { monthReleaseDay, releasedMonthsIn } from '../indicators/release.js';
import { lastDayOf } from '../domain/period.js';
import { readDatabaseSizeBytes } from '../repositories/health.js';
import { readDataRange } from '../repositories/indicators.js';
import { readFrozenMonths, readLastReleaseAt } from '../repositories/releases.js';

/** Where an ingested trip came from: bounded, never a person or a device. */
export type IngestSource = 'api' | 'usual_commute' | 'import' | 'tracker';

export interface MetricsOptions {
  db: Db;
  releaseDelayDays: number;
  now: () => number;
  /** Process metrics (memory, CPU, event-loop lag, GC): only for a server that is scraped. */
  processMetrics: boolean;
}

/**
 * The Prometheus metrics of one server process (GET /metrics, text exposition format). Labels
 * are bounded by construction: the route *pattern* Hono matched (`/api/v1/trips/:id`, never the
 * URL), the method, the status, the ingest source. Nothing names an account, a commuter or a
 * partner, so the scrape holds no per-user data. Each app has its own registry, so that several
 * apps in one process (tests) do not collide; counters are per process, as Prometheus expects
 * (sum them over instances), while the release and database gauges read the shared database.
 */
export class AppMetrics {
  readonly registry = new Registry();
  /** Request counts and latency histograms by method, route pattern and status. */
  readonly http: MiddlewareHandler;
  readonly tripsIngested = new Counter({
    name: 'modeshift_trips_ingested_total',
    help: 'Trips stored by this process (replays not counted), by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly importedPoints = new Counter({
    name: 'modeshift_import_points_total',
    help: 'Points read from imported files by this process',
    registers: [this.registry],
  });
  readonly trackerPoints = new Counter({
    name: 'modeshift_tracker_points_total',
    help: 'Tracker points stored by this process (resent points not counted)',
    registers: [this.registry],
  });
  readonly releaseRuns = new Counter({
    name: 'modeshift_release_runs_total',
    help: "Background release runs of this process, by outcome ('ok' or 'failed')",
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly releaseRunSeconds = new Histogram({
    name: 'modeshift_release_run_duration_seconds',
    help: 'Duration of this process’s background release runs',
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });
  private readonly lastReleaseRun = new Gauge({
    name: 'modeshift_release_last_run_timestamp_seconds',
    help: 'When this process last finished a background release run (0: not yet)',
    registers: [this.registry],
  });

  constructor(private readonly options: MetricsOptions) {
    const { db, releaseDelayDays, now } = options;
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.http = prometheus({ registry: this.registry }).registerMetrics;
    new Gauge({
      name: 'modeshift_release_oldest_due_age_seconds',
      help: 'Age of the oldest month that is due for release (RELEASE_DELAY_DAYS after its end) but not frozen yet; 0 when none is',
      registers: [this.registry],
      async collect() {
        this.set(await oldestDueUnreleasedAgeSeconds(db, releaseDelayDays, now()));
      },
    });
    new Gauge({
      name: 'modeshift_release_last_frozen_timestamp_seconds',
      help: 'When any process last froze or re-released a month (0: never)',
      registers: [this.registry],
      async collect() {
        const at = await readLastReleaseAt(db.kysely);
        this.set(at === null ? 0 : Date.parse(at) / 1000);
      },
    });
    new Gauge({
      name: 'modeshift_database_info',
      help: 'The database engine this process uses (value always 1)',
      labelNames: ['engine'] as const,
      registers: [this.registry],
      collect() {
        this.set({ engine: db.dialect }, 1);
      },
    });
    new Gauge({
      name: 'modeshift_database_size_bytes',
      help: 'Size of the database on disk (SQLite: pages without the WAL; PostgreSQL: pg_database_size)',
      registers: [this.registry],
      async collect() {
        this.set(await readDatabaseSizeBytes(db.kysely, db.dialect));
      },
    });
    new Gauge({
      name: 'modeshift_db_pool_connections',
      help: "PostgreSQL pool connections by state ('total', 'idle', 'waiting' requests, 'max'); absent on SQLite",
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const stats = db.poolStats();
        if (!stats) return;
        for (const [state, n] of Object.entries(stats)) this.set({ state }, n);
      },
    });
  }

  /** A background release run ended (server/main.ts). */
  recordReleaseRun(ok: boolean, seconds: number): void {
    this.releaseRuns.inc({ outcome: ok ? 'ok' : 'failed' });
    this.releaseRunSeconds.observe(seconds);
    if (ok) this.lastReleaseRun.set(this.options.now() / 1000);
  }

  /** The exposition text of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Compares a presented bearer secret with the configured one in constant time. */
export function metricsTokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Seconds since the oldest month of the data that is due for release became due, when it is
 * still not frozen: a background release that stopped (or RELEASE_INTERVAL_MINUTES=0 with no
 * `npm run release`) shows as a growing figure. Reads the data range and the frozen months of
 * the due ones (index seeks, at most 240 months).
 */
async function oldestDueUnreleasedAgeSeconds(
  db: Db,
  delayDays: number,
  nowMs: number,
): Promise<number> {
  const range = await readDataRange(db.kysely, { partnerId: null, siteId: null });
  if (range === null) return 0;
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const due = releasedMonthsIn(
    `${range.from.slice(0, 7)}-01`,
    lastDayOf(range.to.slice(0, 7)),
    today,
    delayDays,
  );
  const frozen = await readFrozenMonths(db.kysely, due);
  const oldest = due.find((m) => !frozen.has(m));
  if (oldest === undefined) return 0;
  const dueAtMs = Date.parse(`${monthReleaseDay(oldest, delayDays)}T00:00:00Z`);
  return Math.max(0, Math.round((nowMs - dueAtMs) / 1000));
}

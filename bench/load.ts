// (f) npm run bench -- --only load [--quick]: the national-campaign load (issue 14, point 4).
// The demo at scale 22 (about 33,000 commuters, 10 million legs; --quick: scale 1) on SQLite
// and, when BENCH_POSTGRES_URL names a PostgreSQL server (e.g. the cluster of
// `.ci/postgres.sh start`), on a copy made with migrate-to-postgres. Per engine: the partner-year
// indicator answer's p50/p95 computed from the rollups (cold: what the first view after a write
// costs) and from the result cache (warm); then a real server process (server/main.ts) under
// autocannon at 100 connections, 70 % dashboard reads (GET /indicators and /map/density with a
// partner's staff token, varying periods) and 30 % trip writes, with its resident memory sampled
// over the run; and GET /health/live on the same server as the baseline of the same run.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApp } from '../server/app.js';
import { type Config, parseDatabaseUrl } from '../server/config.js';
import { type Db, openDatabase, openSqlite } from '../server/db/connection.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { getFactorSet } from '../server/indicators/index.js';
import { silentLogger } from '../server/logger.js';
import { listPartners } from '../server/repositories/partners.js';
import { computeIndicators } from '../server/services/indicators.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

type Figures = Record<string, number | string>;
type Log = (...args: unknown[]) => void;

const PARTNER = 'norderstedt';
const BENCH_METRICS_TOKEN = 'bench-metrics-token-of-this-run-only';
/** Answers after a write timed apart before the steady state's (see indicatorFigures). */
const WARM_UP = 5;
/** The demo's year, and the periods the dashboard reads vary over. */
const MONTHS = [
  '2011-09',
  '2011-10',
  '2011-11',
  '2011-12',
  '2012-01',
  '2012-02',
  '2012-03',
  '2012-04',
  '2012-05',
  '2012-06',
  '2012-07',
  '2012-08',
];
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (x: number) => Math.round(x * 10) / 10;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

/** The PostgreSQL copy of the demo, made once per scale (migrate-to-postgres) and kept. */
export async function postgresCopy(serverUrl: string, demoFile: string, scale: number, log: Log) {
  const name = `modeshift_bench_${String(scale).replace('.', '_')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists =
    (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let copied = false;
  if (exists) {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    copied = await c
      .query(`select 1 from trips limit 1`)
      .then((r) => r.rowCount! > 0)
      .catch(() => false);
    await c.end();
    if (!copied) await admin.query(`drop database ${name}`);
  }
  if (!copied) {
    await admin.query(`create database ${name}`);
    log(`    copying the demo to PostgreSQL (${name}; once, kept for later runs)…`);
    const t0 = performance.now();
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli/migrate-to-postgres.ts',
        '--from',
        `file:${demoFile}`,
        '--to',
        url.toString(),
      ],
      { stdio: 'inherit' },
    );
    log(`    copied in ${Math.round((performance.now() - t0) / 1000)} s`);
  }
  await admin.end();
  return url.toString();
}

/** The ids of the load's partner's commuters, in id order. */
async function partnerCommuters(db: Db): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('commuters')
    .select('id')
    .where('partner_id', '=', PARTNER)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Partner-year indicators for the partner's own staff, through the app as a request meets them:
 * - after a write: one trip posted for a commuter of the partner, then the partner-year read
 *   (the answer's cache is stale; the kept per-commuter inputs re-read the written commuter):
 *   what nearly every dashboard read costs under a mixed load, and the issue's "uncached" figure;
 * - the first view: every input read from the rollups (computeIndicators, nothing kept), what a
 *   period costs the first time a server is asked for it;
 * - cached: the same answer again, from the result cache.
 * CPU is this process's own (with SQLite, all of the work; with PostgreSQL, without the server's).
 */
export async function indicatorFigures(databaseUrl: string, config: Config, runs: number) {
  const db = await openDatabase(parseDatabaseUrl(databaseUrl));
  try {
    const app = createApp({ db, config, logger: silentLogger, now: Date.now });
    const request = (path: string, init: RequestInit) => app.request(path, init);
    const staff = await login(request, `staff.${PARTNER}@demo.modeshift.eu`, 'demo-staff-2010');
    const admin = await login(request, 'admin@demo.modeshift.eu', 'demo-admin-2010');
    const scope = { partnerId: PARTNER, siteId: null, from: '2011-09-01', to: '2012-08-31' };
    const partners = new Map((await listPartners(db.kysely)).map((p) => [p.id, p]));
    const commuters = await partnerCommuters(db);
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const first: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await computeIndicators(db.kysely, scope, getFactorSet(), partners);
      first.push(performance.now() - t0);
    }
    const read = async (period = `from=${scope.from}&to=${scope.to}`) => {
      const res = await app.request(`/api/v1/indicators?partner=${PARTNER}&${period}`, {
        headers: { authorization: `Bearer ${staff}` },
      });
      if (res.status !== 200) throw new Error(`indicators: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const run = Date.now().toString(36);
    /** Trip `i` of this run, for the i-th commuter of a stride through the partner's. */
    const writeTrip = async (i: number, stride: number) => {
      const res = await app.request('/api/v1/trips', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({
          id: `bench-indicators-${run}-${stride}-${i}`,
          commuterId: commuters[(i * stride) % commuters.length],
          startedAt: `${MONTHS[i % MONTHS.length]}-1${i % 10}T07:10:00+01:00`,
          replacedMode: 'car_driver',
          legs: [{ mode: i % 3 === 0 ? 'walk' : 'bike', distanceKm: 3 + (i % 40) / 10 }],
        }),
      });
      if (res.status >= 300) throw new Error(`trip write: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    await read(); // the first request keeps the inputs
    // The first answers after a server's first view run unoptimised code and meet the garbage
    // collector promoting the rows just read (35-50 ms each for the first two or three): they
    // are timed apart, as the warm-up they are, and the steady state after them has enough
    // samples (runs * 5) that its p95 is not the second-slowest of a few dozen.
    const warmUp: number[] = [];
    const afterWrite: number[] = [];
    const afterWriteCpu: number[] = [];
    for (let i = 0; i < WARM_UP + runs * 5; i++) {
      await writeTrip(i, 7919);
      const c0 = cpuMs();
      const t0 = performance.now();
      await read();
      if (i < WARM_UP) {
        warmUp.push(performance.now() - t0);
        continue;
      }
      afterWrite.push(performance.now() - t0);
      afterWriteCpu.push(cpuMs() - c0);
    }
    // A period this server has not answered before, right after a write: computed from the
    // partner's kept rows, not read from the database (every run of whole months of the year).
    const periods: string[] = [];
    for (let a = 0; a < MONTHS.length; a++)
      for (let b = a; b < MONTHS.length; b++)
        if (a !== 0 || b !== MONTHS.length - 1)
          periods.push(`from=${MONTHS[a]}-01&to=${lastDay(MONTHS[b]!)}`);
    const newPeriod: number[] = [];
    for (let i = 0; i < periods.length; i++) {
      await writeTrip(i, 104729);
      const t0 = performance.now();
      await read(periods[(i * 37) % periods.length]);
      newPeriod.push(performance.now() - t0);
    }
    const warm: number[] = [];
    for (let i = 0; i < runs * 4; i++) {
      const t0 = performance.now();
      await read();
      warm.push(performance.now() - t0);
    }
    return {
      coldP50: ms(pct(afterWrite, 0.5)),
      coldP95: ms(pct(afterWrite, 0.95)),
      coldCpuP50: ms(pct(afterWriteCpu, 0.5)),
      coldCpuP95: ms(pct(afterWriteCpu, 0.95)),
      coldSamples: afterWrite.length,
      warmUpMs: warmUp.map(ms).join(', '),
      newPeriodP50: ms(pct(newPeriod, 0.5)),
      newPeriodP95: ms(pct(newPeriod, 0.95)),
      firstP50: ms(pct(first, 0.5)),
      firstP95: ms(pct(first, 0.95)),
      warmP50: ms(pct(warm, 0.5)),
      warmP95: ms(pct(warm, 0.95)),
    };
  } finally {
    await db.close();
  }
}

/**
 * indicatorFigures in a process of its own (bench/indicator-figures.ts) with the server's heap
 * settings: its requests go through the app as in the server, and neither the bench's own
 * garbage nor its larger default young generation shapes their latencies.
 */
export async function indicatorFiguresAsServer(
  databaseUrl: string,
  runs: number,
): Promise<Awaited<ReturnType<typeof indicatorFigures>>> {
  const out = execFileSync(
    process.execPath,
    [
      ...SERVER_NODE_FLAGS,
      '--import',
      'tsx',
      'bench/indicator-figures.ts',
      databaseUrl,
      String(runs),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

async function login(
  request: (path: string, init: RequestInit) => Response | Promise<Response>,
  email: string,
  password: string,
): Promise<string> {
  const res = await request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      // e.g. BENCH_SERVER_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof': where a load's time goes.
      ...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []),
      ...SERVER_NODE_FLAGS,
      '--import',
      'tsx',
      'server/main.ts',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        // The demo's accounts log in only while DEMO=true (bootstrap.ts locks them otherwise).
        DEMO: 'true',
        LOG_LEVEL: 'error',
        RELEASE_INTERVAL_MINUTES: '0',
        // The load's per-route breakdown is read from the server's own latency histograms.
        METRICS_TOKEN: BENCH_METRICS_TOKEN,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return child;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('server not ready in 15 minutes');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function mixedLoad(databaseUrl: string, seconds: number, label: string) {
  const db = await openDatabase(parseDatabaseUrl(databaseUrl));
  const commuters = (await partnerCommuters(db)).slice(0, 1000);
  await db.close();
  const port = 4100 + Math.floor(Math.random() * 400);
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = await startServer(databaseUrl, port);
  const startSeconds = Math.round((performance.now() - t0) / 100) / 10;
  try {
    const request = (path: string, init: RequestInit) => fetch(base + path, init);
    const staff = await login(request, `staff.${PARTNER}@demo.modeshift.eu`, 'demo-staff-2010');
    const admin = await login(request, 'admin@demo.modeshift.eu', 'demo-admin-2010');
    let n = 0;
    let random = 12345;
    const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const run = `${Date.now().toString(36)}-${label}`;
    type Planned = { method: string; path: string; headers: Record<string, string>; body?: string };
    const nextRequest = (): Planned => {
      const r = next();
      if (r < 0.3) {
        n += 1;
        const day = 1 + Math.floor(next() * 28);
        const month = MONTHS[Math.floor(next() * MONTHS.length)]!;
        const km = 2 + Math.round(next() * 80) / 10;
        return {
          method: 'POST',
          path: '/api/v1/trips',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
          body: JSON.stringify({
            id: `load-${run}-${n}`,
            commuterId: commuters[Math.floor(next() * commuters.length)],
            startedAt: `${month}-${String(day).padStart(2, '0')}T07:10:00+01:00`,
            replacedMode: 'car_driver',
            legs: [{ mode: next() < 0.7 ? 'bike' : 'walk', distanceKm: km }],
          }),
        };
      }
      // A dashboard read of a period of 1 to 12 whole months within the demo's year.
      const first = Math.floor(next() * MONTHS.length);
      const last = first + Math.floor(next() * (MONTHS.length - first));
      const period = `from=${MONTHS[first]}-01&to=${lastDay(MONTHS[last]!)}`;
      const path =
        r < 0.3 + 0.5
          ? `/api/v1/indicators?partner=${PARTNER}&${period}`
          : `/api/v1/map/density?partner=${PARTNER}&${period}`;
      return { method: 'GET', path, headers: { authorization: `Bearer ${staff}` } };
    };
    const requests: autocannon.Request[] = [
      { setupRequest: (req) => ({ ...req, body: undefined, ...nextRequest() }) as never },
    ];
    // One request of each kind first: a refused one stops the run with the server's reason.
    for (const kind of [0.1, 0.5, 0.9]) {
      random = Math.floor(kind * 2 ** 31);
      const probe = nextRequest();
      const res = await fetch(base + probe.path, probe);
      if (res.status >= 300)
        throw new Error(`${probe.method} ${probe.path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    // Baseline of the same run and server: the cheapest route at the same concurrency.
    const health = await cannon({
      url: `${base}/api/v1/health/live`,
      connections: 100,
      duration: Math.max(5, Math.round(seconds / 6)),
    });
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(child.pid!)), 500);
    const idleMb = rssMb(child.pid!);
    const res = await cannon({ url: base, connections: 100, duration: seconds, requests });
    clearInterval(sampler);
    const byRoute = await routeLatencies(base);
    return {
      byRoute,
      startSeconds,
      requests: res.requests.total,
      writes: n,
      rps: Math.round(res.requests.average),
      p50: res.latency.p50,
      p99: res.latency.p99,
      // autocannon's errors include its timeouts (10 s); non-2xx answers are errors too.
      errors: res.errors + res.non2xx,
      statusCodes: JSON.stringify(
        Object.fromEntries(
          Object.entries(res.statusCodeStats ?? {}).map(([code, v]) => [code, v.count]),
        ),
      ),
      timeouts: res.timeouts,
      healthRps: Math.round(health.requests.average),
      healthP99: health.latency.p99,
      idleMb: Math.round(idleMb),
      maxMb: Math.round(Math.max(...samples, idleMb)),
      meanMb: Math.round(samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length)),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/**
 * Requests and mean server-side latency per method and route over the server's life, from its
 * Prometheus histograms (@hono/prometheus): where a load's time went, which autocannon's
 * overall figures cannot say. Requests autocannon gave up on still count once answered.
 */
async function routeLatencies(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`, {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
  });
  if (res.status !== 200) return `metrics: ${res.status}`;
  const sums = new Map<string, { sum: number; count: number; within5: number; within10: number }>();
  for (const line of (await res.text()).split('\n')) {
    const bucket = /^http_request_duration_seconds_bucket\{(.*)\} (\S+)$/.exec(line);
    if (bucket) {
      const l = Object.fromEntries(
        [...bucket[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]),
      );
      const e = sums.get(`${l.method} ${l.route}`) ?? { sum: 0, count: 0, within5: 0, within10: 0 };
      if (l.le === '5') e.within5 += Number(bucket[2]);
      if (l.le === '10') e.within10 += Number(bucket[2]);
      sums.set(`${l.method} ${l.route}`, e);
      continue;
    }
    const m = /^http_request_duration_seconds_(sum|count)\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]),
    );
    const key = `${labels.method} ${labels.route}`;
    const e = sums.get(key) ?? { sum: 0, count: 0, within5: 0, within10: 0 };
    if (m[1] === 'sum') e.sum += Number(m[3]);
    else e.count += Number(m[3]);
    sums.set(key, e);
  }
  return [...sums]
    .filter(([, e]) => e.count >= 10)
    .sort(([, a], [, b]) => b.sum - a.sum)
    .map(
      ([k, e]) =>
        `${k}: ${e.count} answered, mean ${Math.round((e.sum / e.count) * 1000)} ms, over 5 s ${e.count - e.within5}, over 10 s ${e.count - e.within10}`,
    )
    .join('; ');
}

export async function benchLoad(options: {
  quick: boolean;
  scale: number;
  dir: string;
  log: Log;
  figures: Figures;
  /** Builds the demo at this scale once (run.ts) and returns its file. */
  demoFile: (scale: number) => Promise<string>;
  /** Which engines to measure (default both; PostgreSQL only with BENCH_POSTGRES_URL). */
  engines?: string[];
}): Promise<void> {
  const { quick, scale, dir, log, figures } = options;
  const seconds = quick ? 10 : 60;
  const runs = quick ? 10 : 20;
  const demo = await options.demoFile(scale);
  // Migrated once in place (migration 0015 backfills the period rollups of an older demo).
  // Not when only a PostgreSQL copy is measured: the file may be another run's, read only.
  if (!options.engines || options.engines.includes('sqlite')) {
    const migrated = openSqlite(demo);
    await migrateToLatest(migrated.kysely);
    await migrated.close();
  }
  const engines: Array<{ name: string; url: () => Promise<string> }> = [
    {
      name: 'sqlite',
      // The load writes trips: it runs on a copy, so the demo stays as built.
      url: async () => {
        const copy = join(dir, 'load.sqlite');
        copyFileSync(demo, copy);
        return `file:${copy}`;
      },
    },
  ];
  const pgServer = process.env.BENCH_POSTGRES_URL;
  if (pgServer)
    engines.push({ name: 'postgres', url: () => postgresCopy(pgServer, demo, scale, log) });
  log(
    `(f) national-campaign load: demo at scale ${scale}, partner ${PARTNER}, ${seconds} s at 100 connections, 70 % reads / 30 % writes`,
  );
  if (!pgServer)
    log(
      '    PostgreSQL: skipped (set BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres, e.g. after .ci/postgres.sh start)',
    );
  for (const engine of engines) {
    if (options.engines && !options.engines.includes(engine.name)) continue;
    const url = await engine.url();
    const ind = await indicatorFiguresAsServer(url, runs);
    const load = await mixedLoad(url, seconds, engine.name);
    const e = engine.name;
    figures[`load_${e}_indicator_cold_p50_ms`] = ind.coldP50;
    figures[`load_${e}_indicator_cold_p95_ms`] = ind.coldP95;
    figures[`load_${e}_indicator_cold_cpu_p50_ms`] = ind.coldCpuP50;
    figures[`load_${e}_indicator_cold_cpu_p95_ms`] = ind.coldCpuP95;
    figures[`load_${e}_indicator_new_period_p50_ms`] = ind.newPeriodP50;
    figures[`load_${e}_indicator_new_period_p95_ms`] = ind.newPeriodP95;
    figures[`load_${e}_indicator_first_p50_ms`] = ind.firstP50;
    figures[`load_${e}_indicator_first_p95_ms`] = ind.firstP95;
    figures[`load_${e}_indicator_warm_p50_ms`] = ind.warmP50;
    figures[`load_${e}_indicator_warm_p95_ms`] = ind.warmP95;
    figures[`load_${e}_requests`] = load.requests;
    figures[`load_${e}_writes`] = load.writes;
    figures[`load_${e}_rps`] = load.rps;
    figures[`load_${e}_p50_ms`] = load.p50;
    figures[`load_${e}_p99_ms`] = load.p99;
    figures[`load_${e}_errors`] = load.errors;
    figures[`load_${e}_health_rps`] = load.healthRps;
    figures[`load_${e}_ratio_rps_to_health`] =
      Math.round((load.rps / Math.max(1, load.healthRps)) * 1000) / 1000;
    figures[`load_${e}_rss_max_mb`] = load.maxMb;
    figures[`load_${e}_rss_mean_mb`] = load.meanMb;
    figures[`load_${e}_server_start_s`] = load.startSeconds;
    log(
      `    ${e}: partner-year indicators (own staff) right after a trip write p50 ${ind.coldP50} ms, p95 ${ind.coldP95} ms over ${ind.coldSamples} writes (target <= 50; this process's CPU p50 ${ind.coldCpuP50} ms, p95 ${ind.coldCpuP95} ms; the ${WARM_UP} answers before them, after the first view: ${ind.warmUpMs} ms); a period not asked before, right after a write, p50 ${ind.newPeriodP50} ms, p95 ${ind.newPeriodP95} ms; a server's first view of the partner, every input read p50 ${ind.firstP50} ms, p95 ${ind.firstP95} ms; cached p50 ${ind.warmP50} ms, p95 ${ind.warmP95} ms`,
    );
    log(
      `    ${e}: mixed load ${load.requests.toLocaleString('en')} requests (${load.writes.toLocaleString('en')} trip writes), ${load.rps} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, errors ${load.errors} (target 0; timeouts ${load.timeouts}, status codes ${load.statusCodes}); GET /health/live on the same server ${load.healthRps} req/s, p99 ${load.healthP99} ms (ratio ${figures[`load_${e}_ratio_rps_to_health`]})`,
    );
    log(`    ${e}: per route (the server's own latency): ${load.byRoute}`);
    log(
      `    ${e}: server resident memory ${load.idleMb} MB before, mean ${load.meanMb} MB, max ${load.maxMb} MB over the run (ready after ${load.startSeconds} s)`,
    );
  }
  if (!existsSync(demo)) throw new Error(`${demo} vanished`);
}

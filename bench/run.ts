// npm run bench [-- --json] [-- --only web,indicators,ingest,http,memory,import] [-- --quick]
// npm run bench [-- --json] [-- --only web,indicators,ingest,http,memory,trackers] [-- --quick]
// npm run bench -- --only load [-- --quick] [-- --engines sqlite,postgres]  (BENCH_POSTGRES_URL=postgres://… adds PostgreSQL)
// Prints figures and ratios against baselines measured in the same run. Never a pass/fail on
// time: the machine is shared; the figures go into closing notes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createApp } from '../server/app.js';
import { silentLogger } from '../server/logger.js';
import { benchDatabase, benchTrip } from './fixtures.js';
import { bundleServer } from '../server/cli/bundle.js';
import { benchTrackers } from './trackers.js';
import { benchConfig } from './config.js';
import { benchLoad } from './load.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    // The indicator benchmark's demo database: built on first use (about 10 minutes at scale 22,
    // 10 million legs) and kept in .bench/ for later runs.
    'indicator-scale': { type: 'string', default: '22' },
    // A demo database built beforehand (npm run demo -- --scale 22 --db file:PATH): parts (d)
    // and load read it instead of .bench/demo-<scale>.sqlite.
    'demo-db': { type: 'string' },
    // The load's engines (default: sqlite, and postgres with BENCH_POSTGRES_URL): `postgres`
    // alone measures a PostgreSQL copy loaded beforehand without the SQLite run before it.
    engines: { type: 'string' },
  },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (name: string) => !only || only.has(name);
const figures: Record<string, number | string> = {};
const log = (...args: unknown[]) => {
  if (!values.json) console.log(...args);
};
const dir = mkdtempSync(join(tmpdir(), 'modeshift-bench-'));
const config = benchConfig(`file:${join(dir, 'x.sqlite')}`, {
  MAX_BODY_BYTES: String(64 * 1024 * 1024),
});

async function adminToken(
  app: ReturnType<typeof createApp>,
  db: Awaited<ReturnType<typeof benchDatabase>>,
): Promise<string> {
  const { hashPassword } = await import('../server/auth/passwords.js');
  const { insertAccount } = await import('../server/repositories/accounts.js');
  await insertAccount(
    db.kysely,
    {
      id: 'bench-admin',
      email: 'bench@example.org',
      passwordHash: await hashPassword('bench password 1', config.passwordHash),
      role: 'admin',
      partnerId: null,
      commuterId: null,
    },
    new Date().toISOString(),
  );
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.org', password: 'bench password 1' }),
  });
  return ((await res.json()) as { token: string }).token;
}

// (a) batch ingest through the API write path vs raw prepared inserts of the same rows.
async function benchIngest(): Promise<void> {
  const trips = values.quick ? 20_000 : 100_000;
  const commuters = 500;
  const apiDb = await benchDatabase(join(dir, 'api.sqlite'), commuters);
  const app = createApp({ db: apiDb, config, logger: silentLogger, now: Date.now });
  const token = await adminToken(app, apiDb);
  const bodies: string[] = [];
  for (let i = 0; i < trips; i += 1000)
    bodies.push(
      JSON.stringify({
        trips: Array.from({ length: 1000 }, (_, k) => benchTrip(i + k, commuters)),
      }),
    );
  let t0 = performance.now();
  for (const b of bodies) {
    const res = await app.request('/api/v1/trips/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: b,
    });
    if (res.status !== 200) throw new Error(`batch failed: ${res.status} ${await res.text()}`);
  }
  const apiSeconds = (performance.now() - t0) / 1000;

  const rawDb = await benchDatabase(join(dir, 'raw.sqlite'), commuters);
  const sqlite = rawDb.sqlite!;
  const insTrip = sqlite.prepare(
    `insert into trips (id, commuter_id, partner_id, site_id, started_at, ended_at, local_day, purpose, replaced_mode, main_mode, distance_km, duration_min, leg_count, source, content_hash, created_at, updated_at) values (?, ?, 'bench', null, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'api', 'h', ?, ?)`,
  );
  const insLeg = sqlite.prepare(
    `insert into legs (trip_id, seq, mode, distance_km, duration_min, started_at, replaced_mode, geometry) values (?, ?, ?, ?, ?, ?, null, null)`,
  );
  const now = new Date().toISOString();
  t0 = performance.now();
  for (const b of bodies) {
    // The raw baseline parses the same JSON bodies, then inserts trips and legs with prepared statements.
    const batch = JSON.parse(b) as { trips: ReturnType<typeof benchTrip>[] };
    sqlite.transaction(() => {
      for (const t of batch.trips) {
        const km = t.legs.reduce((s, l) => s + l.distanceKm, 0);
        insTrip.run(
          t.id,
          t.commuterId,
          t.startedAt,
          t.endedAt,
          t.startedAt.slice(0, 10),
          t.purpose,
          t.replacedMode,
          t.legs[t.legs.length - 1]!.mode,
          km,
          20,
          t.legs.length,
          now,
          now,
        );
        for (const [seq, l] of t.legs.entries()) {
          insLeg.run(
            t.id,
            seq,
            l.mode,
            l.distanceKm,
            l.durationMin,
            (l as { startedAt?: string }).startedAt ?? null,
          );
        }
      }
    })();
  }
  const rawSeconds = (performance.now() - t0) / 1000;
  figures.ingest_trips = trips;
  figures.ingest_api_trips_per_s = Math.round(trips / apiSeconds);
  figures.ingest_raw_trips_per_s = Math.round(trips / rawSeconds);
  figures.ingest_ratio_api_to_raw = Math.round((rawSeconds / apiSeconds) * 1000) / 1000;
  log(`(a) batch ingest of ${trips.toLocaleString('en')} trips (1000 a batch)`);
  log(
    `    API write path: ${figures.ingest_api_trips_per_s} trips/s; raw prepared inserts: ${figures.ingest_raw_trips_per_s} trips/s; ratio ${figures.ingest_ratio_api_to_raw} (target >= 0.30)`,
  );
  await apiDb.close();
  await rawDb.close();
}

async function startServer(dbFile: string, port: number, commuters = 500): Promise<ChildProcess> {
  await bundleServer('bench/serve.ts', 'dist/bench/serve.mjs');
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'dist/bench/serve.mjs'], {
    env: {
      ...process.env,
      BENCH_DB: dbFile,
      PORT: String(port),
      BENCH_COMMUTERS: String(commuters),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
}

/** CPU seconds (user + system) a process has used, from /proc: a figure the load does not skew. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

// (b) single-trip POST over HTTP at 50 connections vs GET /health.
async function benchHttp(): Promise<void> {
  const port = 3900 + Math.floor(Math.random() * 50);
  const dbFile = join(dir, 'http.sqlite');
  const child = await startServer(dbFile, port);
  try {
    const token = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@example.org', password: 'bench password 1' }),
      })
    ).json()) as { token: string };
    // Rounds alternate the two routes and the figures are medians over rounds: this machine is
    // shared, and a neighbour's load during one long run would skew one side of the ratio only.
    const rounds = values.quick ? 1 : 3;
    const duration = 5;
    const url = `http://127.0.0.1:${port}`;
    let n = 0;
    const postTrips = (prefix: string): autocannon.Request[] => [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}` },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ ...benchTrip(n++, 500), id: `${prefix}-${n}` }),
        }),
      },
    ];
    // Warm both routes up first, so that neither figure includes V8 compiling its code.
    await cannon({ url: `${url}/api/v1/health`, connections: 10, duration: 2 });
    await cannon({
      url: `${url}/api/v1/trips`,
      connections: 10,
      duration: 2,
      requests: postTrips('warm'),
    });
    const measured = async (opts: autocannon.Options) => {
      const cpu0 = cpuSecondsOf(child.pid!);
      const result = await cannon(opts);
      return {
        rps: result.requests.average,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        cpuUs: ((cpuSecondsOf(child.pid!) - cpu0) / result.requests.total) * 1e6,
      };
    };
    const health: Array<Awaited<ReturnType<typeof measured>>> = [];
    const post: Array<Awaited<ReturnType<typeof measured>>> = [];
    for (let round = 0; round < rounds; round++) {
      health.push(await measured({ url: `${url}/api/v1/health`, connections: 50, duration }));
      post.push(
        await measured({
          url: `${url}/api/v1/trips`,
          connections: 50,
          duration,
          requests: postTrips(`http${round}`),
        }),
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratios = post.map((p, i) => p.rps / health[i]!.rps);
    const non2xx = post.reduce((s, p) => s + p.non2xx, 0);
    const healthCpuUs = median(health.map((h) => h.cpuUs));
    const postCpuUs = median(post.map((p) => p.cpuUs));
    figures.http_health_server_cpu_us_per_req = Math.round(healthCpuUs);
    figures.http_post_trip_server_cpu_us_per_req = Math.round(postCpuUs);
    figures.http_ratio_by_server_cpu = Math.round((healthCpuUs / postCpuUs) * 1000) / 1000;
    figures.http_health_rps = Math.round(median(health.map((h) => h.rps)));
    figures.http_health_p99_ms = median(health.map((h) => h.p99));
    figures.http_post_trip_rps = Math.round(median(post.map((p) => p.rps)));
    figures.http_post_trip_p99_ms = median(post.map((p) => p.p99));
    figures.http_post_trip_non2xx = non2xx;
    figures.http_ratio_rounds = ratios.map((r) => Math.round(r * 1000) / 1000).join(' ');
    figures.http_ratio_post_to_health = Math.round(median(ratios) * 1000) / 1000;
    log(
      `(b) HTTP at 50 connections: ${rounds} round(s) of ${duration} s per route, alternating; medians`,
    );
    log(
      `    GET /api/v1/health: ${figures.http_health_rps} req/s, p99 ${figures.http_health_p99_ms} ms`,
    );
    log(
      `    POST /api/v1/trips: ${figures.http_post_trip_rps} req/s, p99 ${figures.http_post_trip_p99_ms} ms, non-2xx ${non2xx}`,
    );
    log(
      `    ratio POST/health ${figures.http_ratio_post_to_health} (rounds: ${figures.http_ratio_rounds}; target >= 0.40)`,
    );
    log(
      `    server CPU per request: health ${figures.http_health_server_cpu_us_per_req} µs, POST /trips ${figures.http_post_trip_server_cpu_us_per_req} µs; ratio ${figures.http_ratio_by_server_cpu}`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

// (c) peak RSS of the server process while 1M trips arrive through POST /trips/batch.
function rssOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

async function benchMemory(): Promise<void> {
  const trips = values.quick ? 100_000 : 1_000_000;
  const port = 3950 + Math.floor(Math.random() * 40);
  const child = await startServer(join(dir, 'mem.sqlite'), port, 2000);
  try {
    const base = `http://127.0.0.1:${port}`;
    const { token } = (await (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@example.org', password: 'bench password 1' }),
      })
    ).json()) as { token: string };
    const idle = rssOf(child.pid!);
    let peak = idle.rssMb;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!).rssMb)), 100);
    const t0 = performance.now();
    for (let i = 0; i < trips; i += 1000) {
      const body = JSON.stringify({
        trips: Array.from({ length: 1000 }, (_, k) => benchTrip(i + k, 2000)),
      });
      const res = await fetch(`${base}/api/v1/trips/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      if (res.status !== 200) throw new Error(`batch failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    clearInterval(sampler);
    const end = rssOf(child.pid!);
    figures.memory_trips = trips;
    figures.memory_server_idle_rss_mb = Math.round(idle.rssMb);
    figures.memory_server_peak_rss_mb = Math.round(Math.max(peak, end.hwmMb));
    figures.memory_ingest_seconds = Math.round((performance.now() - t0) / 100) / 10;
    log(
      `(c) server ingesting ${trips.toLocaleString('en')} trips over HTTP in batches of 1000: peak RSS ${figures.memory_server_peak_rss_mb} MB (target <= 200; ${figures.memory_server_idle_rss_mb} MB when idle), ${figures.memory_ingest_seconds} s`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

/** The demo database at a scale, built on first use in .bench/ and kept for later runs. */
async function demoFile(scale: number): Promise<string> {
  const { existsSync } = await import('node:fs');
  const prebuilt = values['demo-db']?.replace(/^file:/, '');
  if (prebuilt) {
    if (!existsSync(prebuilt)) throw new Error(`--demo-db ${prebuilt}: no such file`);
    return prebuilt;
  }
  const file = join('.bench', `demo-${scale}.sqlite`);
  if (!existsSync(file)) {
    log(`building the demo at scale ${scale} in ${file} (once; reused by later runs)…`);
    const { execFileSync } = await import('node:child_process');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'server/cli/demo.ts', '--scale', String(scale), '--db', `file:${file}`],
      { stdio: values.json ? 'ignore' : 'inherit' },
    );
  }
  return file;
}

// (d) indicators of one partner-year from the rollups vs the same figures from a raw scan.
async function benchIndicators(): Promise<void> {
  const scale = values.quick ? 1 : Number(values['indicator-scale']);
  const pristine = await demoFile(scale);
  // The writes below change the database: they go to a copy, so later runs and the
  // PostgreSQL copy start from the demo as built.
  const file = join(dir, 'indicators.sqlite');
  const { copyFileSync } = await import('node:fs');
  copyFileSync(pristine, file);
  const { openSqlite } = await import('../server/db/connection.js');
  const { migrateToLatest } = await import('../server/db/migrator.js');
  const { computeIndicators } = await import('../server/services/indicators.js');
  const { getFactorSet } = await import('../server/indicators/index.js');
  const { listPartners } = await import('../server/repositories/partners.js');
  const { verifyRollups } = await import('../server/repositories/rollups.js');
  const db = openSqlite(file);
  await migrateToLatest(db.kysely);
  const legs = Number(
    (
      await db.kysely
        .selectFrom('legs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const app = createApp({ db, config, logger: silentLogger, now: Date.now });
  const token = (
    (await (
      await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.modeshift.eu', password: 'demo-admin-2010' }),
      })
    ).json()) as { token: string }
  ).token;
  const partner = 'norderstedt';
  const scope = { partnerId: partner, siteId: null, from: '2011-09-01', to: '2012-08-31' };
  const url = `/api/v1/indicators?partner=${partner}&from=${scope.from}&to=${scope.to}`;
  const get = async () => {
    const t0 = performance.now();
    const res = await app.request(url, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`indicators: ${res.status} ${await res.text()}`);
    await res.json();
    return performance.now() - t0;
  };
  const p = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  // Cold: rollups only, no cached answer (the first request after a write).
  const partners = new Map((await listPartners(db.kysely)).map((x) => [x.id, x]));
  const cold: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await computeIndicators(db.kysely, scope, getFactorSet(), partners);
    cold.push(performance.now() - t0);
  }
  await get();
  const warm: number[] = [];
  for (let i = 0; i < 200; i++) warm.push(await get());
  const raw: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await computeIndicators(db.kysely, scope, getFactorSet(), partners, 'raw');
    raw.push(performance.now() - t0);
  }
  figures.indicators_legs = legs;
  figures.indicators_warm_p50_ms = Math.round(p(warm, 0.5) * 100) / 100;
  figures.indicators_warm_p95_ms = Math.round(p(warm, 0.95) * 100) / 100;
  figures.indicators_rollup_cold_median_ms = Math.round(p(cold, 0.5));
  figures.indicators_rollup_cold_p95_ms = Math.round(p(cold, 0.95) * 10) / 10;
  figures.indicators_raw_scan_median_ms = Math.round(p(raw, 0.5));
  figures.indicators_speedup_warm_vs_raw = Math.round(p(raw, 0.5) / p(warm, 0.95));
  figures.indicators_speedup_cold_rollups_vs_raw =
    Math.round((p(raw, 0.5) / p(cold, 0.5)) * 10) / 10;
  log(
    `(d) indicators of ${partner}, ${scope.from}..${scope.to}, on ${legs.toLocaleString('en')} legs`,
  );
  log(
    `    GET /indicators warm: p50 ${figures.indicators_warm_p50_ms} ms, p95 ${figures.indicators_warm_p95_ms} ms (target <= 50)`,
  );
  log(
    `    from the rollups with no cached answer: median ${figures.indicators_rollup_cold_median_ms} ms, p95 ${figures.indicators_rollup_cold_p95_ms} ms (target < 50); raw scan of the legs: median ${figures.indicators_raw_scan_median_ms} ms`,
  );
  log(
    `    speed-up vs raw scan: warm ${figures.indicators_speedup_warm_vs_raw}x (target >= 20), rollups without cache ${figures.indicators_speedup_cold_rollups_vs_raw}x`,
  );

  // A mixed write workload through the API, then the partner's rollups are recomputed from raw legs.
  const ids = (
    await db.kysely
      .selectFrom('trips')
      .select('id')
      .where('partner_id', '=', partner)
      .where('local_day', '>=', '2012-06-01')
      .limit(400)
      .execute()
  ).map((r) => r.id);
  const commuter = (
    await db.kysely
      .selectFrom('commuters')
      .select('id')
      .where('partner_id', '=', partner)
      .limit(1)
      .executeTakeFirstOrThrow()
  ).id;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let writes = 0;
  for (let i = 0; i < 200; i++) {
    await app.request('/api/v1/trips', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        id: `bench-mix-${Date.now()}-${i}`,
        commuterId: commuter,
        startedAt: `2012-07-${String(1 + (i % 28)).padStart(2, '0')}T07:00:00+02:00`,
        replacedMode: 'car_driver',
        legs: [{ mode: 'bike', distanceKm: 3 + (i % 5) }],
      }),
    });
    const id = ids[i]!;
    if (i % 2 === 0)
      await app.request(`/api/v1/trips/${id}`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ replacedMode: 'bus' }),
      });
    else await app.request(`/api/v1/trips/${id}`, { method: 'DELETE', headers: auth });
    writes += 2;
  }
  const t0 = performance.now();
  const diffs = await verifyRollups(db.kysely, { partnerId: partner });
  figures.indicators_mixed_writes = writes;
  figures.indicators_rollup_differences = diffs.length;
  log(
    `    after ${writes} mixed writes (insert, correct, delete): ${diffs.length} rollup differences from raw legs (verified in ${Math.round(performance.now() - t0)} ms)`,
  );
  await db.close();

  // The same partner-year on PostgreSQL, on a copy of the demo made before the writes above.
  const pgServer = process.env.BENCH_POSTGRES_URL;
  if (pgServer) {
    const { indicatorFiguresAsServer, postgresCopy } = await import('./load.js');
    const url = await postgresCopy(pgServer, pristine, scale, log);
    const pgFigures = await indicatorFiguresAsServer(url, 20);
    figures.indicators_pg_rollup_cold_p50_ms = pgFigures.coldP50;
    figures.indicators_pg_rollup_cold_p95_ms = pgFigures.coldP95;
    figures.indicators_pg_warm_p50_ms = pgFigures.warmP50;
    figures.indicators_pg_warm_p95_ms = pgFigures.warmP95;
    log(
      `    PostgreSQL: from the rollups with no cached answer p50 ${pgFigures.coldP50} ms, p95 ${pgFigures.coldP95} ms (target < 50); GET /indicators warm p50 ${pgFigures.warmP50} ms, p95 ${pgFigures.warmP95} ms`,
    );
  } else log('    PostgreSQL: skipped (set BENCH_POSTGRES_URL, e.g. after .ci/postgres.sh start)');
}

// (e) the web app: initial JavaScript and time from navigation to the overview's numbers.
/**
 * A GPX of `points` points: one 500-point commute (5 s apart, about 4.5 m/s, 11 km) every
 * 12 hours, on a line through Graz. Deterministic, so runs compare.
 */
function generatedGpx(points: number): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench"><trk><trkseg>',
  ];
  const t0 = Date.UTC(2025, 0, 6, 7, 0, 0);
  for (let i = 0; i < points; i++) {
    const trip = Math.floor(i / 500);
    const k = i % 500;
    const t = new Date(t0 + trip * 12 * 3600_000 + k * 5_000).toISOString();
    const lon = (trip % 2 === 0 ? 15.38 + k * 0.0003 : 15.53 - k * 0.0003).toFixed(6);
    parts.push(`<trkpt lat="47.070000" lon="${lon}"><ele>350</ele><time>${t}</time></trkpt>`);
  }
  parts.push('</trkseg></trk></gpx>\n');
  return parts.join('\n');
}

// (e) file import: a 100,000-point GPX through POST /api/v1/imports vs parsing (and
// segmenting) alone, each in a child process so each peak RSS is its own.
async function benchImport(): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  const points = values.quick ? 20_000 : 100_000;
  const file = join(dir, 'bench-import.gpx');
  writeFileSync(file, generatedGpx(points));
  const run = (args: string[]) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/import-worker.ts', ...args],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split('\n').pop()!))
          : reject(new Error(`import worker exited ${code}`)),
      );
    });
  const parse = await run(['parse', file]);
  const imp = await run(['import', file, dir]);
  figures.import_gpx_points = points;
  figures.import_parse_points_per_s = Math.round(points / (parse.parseMs! / 1000));
  figures.import_parse_segment_points_per_s = Math.round(
    points / (parse.parseAndSegmentMs! / 1000),
  );
  figures.import_endpoint_points_per_s = Math.round(points / (imp.importMs! / 1000));
  figures.import_parse_peak_rss_mb = Math.round(parse.peakMb!);
  figures.import_endpoint_peak_rss_mb = Math.round(imp.peakMb!);
  log(
    `(e) import of a ${points.toLocaleString('en')}-point GPX (${Math.round(readFileSync(file).length / 1e6)} MB, ${imp.trips} trips): endpoint ${figures.import_endpoint_points_per_s.toLocaleString('en')} points/s, peak RSS ${figures.import_endpoint_peak_rss_mb} MB (${Math.round(imp.baselineMb!)} MB before); parsing alone ${figures.import_parse_points_per_s.toLocaleString('en')} points/s, parse + segment ${figures.import_parse_segment_points_per_s.toLocaleString('en')} points/s, peak RSS ${figures.import_parse_peak_rss_mb} MB (${Math.round(parse.baselineMb!)} MB before)`,
  );
}

async function benchWebApp(): Promise<void> {
  const { benchWeb } = await import('./web.js');
  const web = await benchWeb({ runs: values.quick ? 2 : 5 });
  Object.assign(figures, web);
  log(
    `(e) web app: initial JavaScript ${web.web_initial_js_gzip_kb} KB gzipped (target <= 150, map and charts load lazily)`,
  );
  log(
    `    overview numbers after navigation: staff median ${web.web_overview_staff_ms_median} ms (max ${web.web_overview_staff_ms_max}), network median ${web.web_overview_network_ms_median} ms (max ${web.web_overview_network_ms_max}) (target <= 1500)`,
  );
}

try {
  if (want('web')) await benchWebApp();
  if (want('indicators')) await benchIndicators();
  if (want('ingest')) await benchIngest();
  if (want('http')) await benchHttp();
  if (want('memory')) await benchMemory();
  if (want('import')) await benchImport();
  if (want('trackers')) await benchTrackers(log, figures, values.quick ? 10_000 : 100_000);
  if (want('load'))
    await benchLoad({
      quick: values.quick,
      scale: values.quick ? 1 : Number(values['indicator-scale']),
      dir,
      log,
      figures,
      demoFile,
      ...(values.engines ? { engines: values.engines.split(',') } : {}),
    });
  if (values.json) console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

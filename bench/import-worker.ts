// One measurement of `npm run bench -- --only import`, in its own process so that its peak
// RSS (VmHWM) is its own: `parse FILE` parses only; `import FILE DIR` posts the file to
// POST /api/v1/imports of an in-process app on a fresh SQLite file. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../server/app.js';
import { hashPassword } from '../server/auth/passwords.js';
import { benchConfig } from './config.js';
import { parseTrackFile } from '../server/domain/imports/index.js';
import { segmentTrips } from '../server/domain/tracks/index.js';
import { silentLogger } from '../server/logger.js';
import { insertAccount } from '../server/repositories/accounts.js';
import { benchDatabase } from './fixtures.js';

const [mode, file, dir] = process.argv.slice(2);
const status = () => readFileSync('/proc/self/status', 'utf8');
const mb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status())?.[1] ?? 0) / 1024;
const bytes = readFileSync(file!);
let result: Record<string, number>;
if (mode === 'parse') {
  const baseline = mb('VmRSS');
  const started = performance.now();
  const parsed = parseTrackFile(bytes, 'bench.gpx', { maxPoints: 1_000_000, maxUnzippedBytes: 0 });
  const parseMs = performance.now() - started;
  const segmented = segmentTrips(parsed.points, { nowMs: Date.now() });
  const totalMs = performance.now() - started;
  result = {
    points: parsed.points.length,
    trips: segmented.trips.length,
    parseMs,
    parseAndSegmentMs: totalMs,
    baselineMb: baseline,
    peakMb: mb('VmHWM'),
  };
} else {
  const config = benchConfig(`file:${join(dir!, 'import.sqlite')}`);
  const db = await benchDatabase(join(dir!, 'import.sqlite'), 1);
  const app = createApp({ db, config, logger: silentLogger, now: () => Date.now() });
  await insertAccount(
    db.kysely,
    {
      id: 'bench-staff',
      email: 'staff@example.org',
      passwordHash: await hashPassword('bench password 1', config.passwordHash),
      role: 'staff',
      partnerId: 'bench',
      commuterId: null,
    },
    new Date().toISOString(),
  );
  const login = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'staff@example.org', password: 'bench password 1' }),
  });
  const token = ((await login.json()) as { token: string }).token;
  const baseline = mb('VmRSS');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'bench.gpx');
  form.append('commuterId', 'c0');
  const started = performance.now();
  const res = await app.request('/api/v1/imports', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const out = (await res.json()) as { trips: unknown[]; report: { pointsRead: number } };
  const totalMs = performance.now() - started;
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(out)}`);
  result = {
    points: out.report.pointsRead,
    trips: out.trips.length,
    importMs: totalMs,
    baselineMb: baseline,
    peakMb: mb('VmHWM'),
  };
  await db.close();
}
console.log(JSON.stringify(result));

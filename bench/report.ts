// npx tsx bench/report.ts: the network report over the whole demo period (2011-09..2012-08) as
// HTML and as PDF, timed in the same run, after one warm-up call (which freezes the released
// months and map quarters, and launches the browser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openSqlite } from '../server/db/connection.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { seedDemo } from '../server/demo/seed.js';
import { silentLogger } from '../server/logger.js';
import { closePdfBrowser } from '../server/services/report-pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'ms-report-bench-'));
try {
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'b.sqlite')}`,
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    PATH: process.env.PATH ?? '',
    ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
  });
  const db = openSqlite(join(dir, 'b.sqlite'));
  await migrateToLatest(db.kysely);
  const t0 = performance.now();
  await seedDemo(db, {
    seed: config.demoSeed,
    scale: 1,
    passwordHash: config.passwordHash,
    nowMs: Date.now(),
  });
  console.log(`demo seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const app = createApp({ db, config, logger: silentLogger, now: () => Date.now() });
  const login = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'analyst@demo.modeshift.eu', password: 'demo-analyst-2010' }),
  });
  const { token } = (await login.json()) as { token: string };
  const q = '/api/v1/reports?partner=network&from=2011-09-01&to=2012-08-31';
  const time = async (format: string) => {
    const s = performance.now();
    const res = await app.request(`${q}&format=${format}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`${format}: ${res.status}`);
    return { ms: performance.now() - s, bytes };
  };
  const warmHtml = await time('html');
  const warmPdf = await time('pdf');
  console.log(
    `warm-up: html ${warmHtml.ms.toFixed(0)} ms (first release of months and map quarters), pdf ${warmPdf.ms.toFixed(0)} ms (with the browser launch)`,
  );
  for (let i = 0; i < 3; i++) {
    const h = await time('html');
    const p = await time('pdf');
    console.log(
      `run ${i + 1}: html ${h.ms.toFixed(0)} ms (${h.bytes} B), pdf ${p.ms.toFixed(0)} ms (${p.bytes} B), pdf - html ${(p.ms - h.ms).toFixed(0)} ms`,
    );
  }
  await closePdfBrowser();
  await db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The server the HTTP benchmark talks to: the real app on a fresh bench database, in its own
// process so that autocannon does not share its event loop.
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.js';
import { hashPassword } from '../server/auth/passwords.js';
import { loadConfig } from '../server/config.js';
import { silentLogger } from '../server/logger.js';
import { insertAccount } from '../server/repositories/accounts.js';
import { benchDatabase } from './fixtures.js';

const config = loadConfig({
  LOG_LEVEL: 'silent',
  DEMO: 'false',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_ITERATIONS: '1',
  MAX_BODY_BYTES: String(16 * 1024 * 1024),
});
// Opened as server/main.ts opens it.
const db = await benchDatabase(process.env.BENCH_DB!, Number(process.env.BENCH_COMMUTERS ?? 500), {
  backgroundCheckpoints: true,
});
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
const app = createApp({ db, config, logger: silentLogger, now: Date.now });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () =>
  console.log('ready'),
);
process.on('SIGTERM', () => process.exit(0));

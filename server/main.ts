import { isMainThread } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { createLogger } from './logger.js';
import { mountWeb } from './web.js';
import { processAllDevices } from './services/trackers.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`modeshift: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config.database, {
    backgroundCheckpoints: true,
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
  });
  await prepareDatabase(db, config, logger, Date.now(), { plannerThread: true });

  const app = createApp({ db, config, logger, now: Date.now });
  await mountWeb(app, config, logger);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info('modeshift listening', {
      url: `http://localhost:${info.port}`,
      database: config.database.kind === 'sqlite' ? config.database.path : 'postgres',
    });
  });

  // Open trips of devices that went silent close here, and old points go; a point arriving
  // after a stop closes its trip at once (routes/track.ts).
  const trackerTimer = setInterval(() => {
    processAllDevices(db.kysely, {
      nowMs: Date.now(),
      flush: false,
      silenceMinutes: config.trackers.silenceMinutes,
      privacyRadiusM: config.privacyRadiusM,
      retentionDays: config.trackers.pointsRetentionDays,
    }).catch((err) => logger.error('tracker processing failed', { error: String(err) }));
  }, 60_000);
  trackerTimer.unref();

  const shutdown = (signal: string) => {
    clearInterval(trackerTimer);
    logger.info('shutting down', { signal });
    server.close(() => {
      void db.close().then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (isMainThread) {
  main().catch((err) => {
    process.stderr.write(
      `modeshift: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
} else {
  // A thread started from this file: in the bundled server that is the demo seeder's planner
  // (server/demo/seed.ts starts it from its own module URL, which bundled is this file).
  void import('./demo/seed.js');
}

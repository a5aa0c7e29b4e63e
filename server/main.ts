import { isMainThread } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { createLogger } from './logger.js';
import { mountWeb } from './web.js';
import { processAllDevices } from './services/trackers.js';
import { releaseDue, warmReleasedMonths } from './services/releases.js';
import { AppMetrics } from './services/metrics.js';

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

  // Made here, not in createApp, so that the timers below count their work in it too.
  const metrics = new AppMetrics({
    db,
    releaseDelayDays: config.releaseDelayDays,
    now: Date.now,
    processMetrics: config.metricsToken !== null,
  });
  const app = createApp({ db, config, logger, now: Date.now, metrics });
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
    })
      .then((r) => metrics.tripsIngested.inc({ source: 'tracker' }, r.tripsWritten))
      .catch((err) => logger.error('tracker processing failed', { error: String(err) }));
  }, 60_000);
  trackerTimer.unref();

  // Months and map quarters that came due are released here, in the background, so a
  // dashboard request reads frozen units only (docs/architecture.md, background release).
  // Between units the loop yields, so requests arriving meanwhile are answered.
  let releasing = false;
  const releaseNow = () => {
    if (releasing) return;
    releasing = true;
    const started = Date.now();
    const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
    const nowIso = new Date().toISOString();
    releaseDue(db.kysely, config.releaseDelayDays, nowIso, yieldToRequests)
      .then(async (r) => {
        metrics.recordReleaseRun(true, (Date.now() - started) / 1000);
        if (r.monthsFrozen > 0 || r.mapPeriodsReleased > 0)
          logger.info('released due units', { ...r, ms: Date.now() - started });
        // The released months' hidden cells are decided now, not by the first report.
        const warmed = await warmReleasedMonths(
          db.kysely,
          config.releaseDelayDays,
          nowIso,
          yieldToRequests,
        );
        logger.debug('released months decided', { months: warmed, ms: Date.now() - started });
      })
      .catch((err) => {
        metrics.recordReleaseRun(false, (Date.now() - started) / 1000);
        logger.error('background release failed', { error: String(err) });
      })
      .finally(() => {
        releasing = false;
      });
  };
  let releaseTimer: NodeJS.Timeout | null = null;
  if (config.releaseIntervalMinutes > 0) {
    releaseNow();
    releaseTimer = setInterval(releaseNow, config.releaseIntervalMinutes * 60_000);
    releaseTimer.unref();
  }

  const shutdown = (signal: string) => {
    clearInterval(trackerTimer);
    if (releaseTimer) clearInterval(releaseTimer);
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
